import FabricModel

/// Writes a design as `ibnetdiscover` topology text, the net file format `ibsim` loads (`ibsim -s FILE`).
///
/// Switches (and bus devices) become `Switch` records, every other device a `Ca`. GUIDs come from the design key
/// `guid` or are made up from the device's index (spaced so ibsim's port GUIDs, node GUID + 1, never collide);
/// node descriptions from `node_desc` or the device id. A port whose design name ends in a number keeps that number;
/// other cables take the lowest free port. Rates are written as width × lane speed (`4xNDR` for 400 Gb/s, width
/// from a link's `width` key, default 4) when the bandwidth is one; each of a link's `multiplicity` cables is a port.
public struct IBNetDiscoverWriter: Sendable {
    /// The GUID prefix of made-up GUIDs.
    public var guidBase: UInt64 = 0xfab0_0000_0000_0000

    /// Creates a writer.
    public init() {}

    /// Why a design cannot be written.
    public enum WriteError: Error, Hashable, Sendable, CustomStringConvertible {
        /// A device would need more than 254 ports (the InfiniBand limit for one node).
        case tooManyPorts(device: String, ports: Int)
        /// Two devices would carry one GUID.
        case duplicateGUID(String, String)

        public var description: String {
            switch self {
            case .tooManyPorts(let device, let ports): "device '\(device)' needs \(ports) ports; an InfiniBand node has at most 254"
            case .duplicateGUID(let first, let second): "devices '\(first)' and '\(second)' have the same guid"
            }
        }
    }

    /// The port numbers given to each end of each cable: `(source port, target port)` per link and copy.
    public struct Cabling: Sendable {
        /// For each link, its cables' port numbers (one pair per multiplicity copy).
        public var ports: [[(source: Int, target: Int)]]
        /// Each device's port count.
        public var portCount: [Int]
        /// Each device's node GUID.
        public var guids: [UInt64]
    }

    /// Assigns GUIDs and port numbers.
    /// - Complexity: O(devices + cables).
    public func cabling(_ topology: Topology) throws(WriteError) -> Cabling {
        let count = topology.devices.count
        var guids = [UInt64](repeating: 0, count: count)
        var owner: [UInt64: Int] = [:]
        for (index, device) in topology.devices.enumerated() {
            let given = device.attributes["guid"].flatMap { MatchState.guid($0.description) }
            let guid = given ?? guidBase &+ UInt64(index + 1) &* 0x10
            if let first = owner[guid] { throw .duplicateGUID(topology.devices[first].id, device.id) }
            owner[guid] = index
            guids[index] = guid
        }
        var used = [Set<Int>](repeating: [], count: count)
        var next = [Int](repeating: 1, count: count)
        // Numbered design ports first, so free numbers never take them.
        var portNumber = [Int](repeating: -1, count: topology.ports.count)
        var seen = Set<Int64>()
        for (index, port) in topology.ports.enumerated() {
            guard let text = MatchState.trailingNumber(port.name) ?? (port.name.allSatisfy(\.isNumber) ? port.name : nil),
                let number = Int(text), number >= 1, number <= 254
            else { continue }
            let key = Int64(port.device) << 16 | Int64(number)
            guard seen.insert(key).inserted else { continue }
            portNumber[index] = number
            used[Int(port.device)].insert(number)
        }
        func take(_ device: Int) -> Int {
            while used[device].contains(next[device]) { next[device] += 1 }
            used[device].insert(next[device])
            return next[device]
        }
        var result: [[(source: Int, target: Int)]] = []
        result.reserveCapacity(topology.links.count)
        for link in topology.links {
            var pairs: [(source: Int, target: Int)] = []
            for copy in 0..<max(1, Int(link.multiplicity)) {
                let source =
                    copy == 0 && link.sourcePort >= 0 && portNumber[Int(link.sourcePort)] > 0 ? portNumber[Int(link.sourcePort)] : take(Int(link.source))
                let target =
                    copy == 0 && link.targetPort >= 0 && portNumber[Int(link.targetPort)] > 0 ? portNumber[Int(link.targetPort)] : take(Int(link.target))
                pairs.append((source, target))
            }
            result.append(pairs)
        }
        var portCount = [Int](repeating: 1, count: count)
        for (index, device) in topology.devices.enumerated() {
            let highest = used[index].max() ?? 1
            portCount[index] = max(highest, device.role == .switch || device.role == .bus ? (device.radix ?? 0) : 0)
            if portCount[index] > 254 { throw .tooManyPorts(device: device.id, ports: portCount[index]) }
        }
        return Cabling(ports: result, portCount: portCount, guids: guids)
    }

    /// The net file text.
    /// - Complexity: O(devices + cables).
    public func render(_ topology: Topology) throws(WriteError) -> String {
        let cabling = try cabling(topology)
        let count = topology.devices.count
        // Per device: (local port, remote device, remote port, rate).
        var ports = [[(Int, Int, Int, String)]](repeating: [], count: count)
        for (index, link) in topology.links.enumerated() {
            let width = link.attributes["width"]?.intValue ?? 4
            let rate = link.bandwidth.flatMap { InfiniBandRate.speedName(width: width, bitsPerSecond: $0) }.map { "\(width)x\($0)" } ?? ""
            for pair in cabling.ports[index] {
                ports[Int(link.source)].append((pair.source, Int(link.target), pair.target, rate))
                ports[Int(link.target)].append((pair.target, Int(link.source), pair.source, rate))
            }
        }
        func isSwitch(_ device: Int) -> Bool { topology.devices[device].role == .switch || topology.devices[device].role == .bus }
        func id(_ device: Int) -> String { (isSwitch(device) ? "S-" : "H-") + IBNetDiscoverParser.guidKey(cabling.guids[device]) }
        func description(_ device: Int) -> String {
            let value = topology.devices[device].attributes["node_desc"]?.description ?? topology.devices[device].id
            return value.replacingOccurrences(of: "\"", with: "'")
        }
        var out = "#\n# Topology file: written by fabcheck export --format ibnetdiscover from \(topology.file)\n#\n\n"
        for device in 0..<count {
            let guid = "0x" + IBNetDiscoverParser.guidKey(cabling.guids[device])
            out += "vendid=0x2c9\ndevid=0x0\nsysimgguid=\(guid)\n"
            if isSwitch(device) {
                out += "switchguid=\(guid)(\(IBNetDiscoverParser.guidKey(cabling.guids[device])))\n"
                out += "Switch\t\(cabling.portCount[device]) \"\(id(device))\"\t\t# \"\(description(device))\" enhanced port 0 lid 0 lmc 0\n"
            } else {
                out += "caguid=\(guid)\n"
                out += "Ca\t\(cabling.portCount[device]) \"\(id(device))\"\t\t# \"\(description(device))\"\n"
            }
            for (local, remote, remotePort, rate) in ports[device].sorted(by: { $0.0 < $1.0 }) {
                let suffix = rate.isEmpty ? "" : " \(rate)"
                if isSwitch(device) {
                    out += "[\(local)]\t\"\(id(remote))\"[\(remotePort)]\t\t# \"\(description(remote))\" lid 0\(suffix)\n"
                } else {
                    out += "[\(local)]\t\"\(id(remote))\"[\(remotePort)]\t\t# lid 0 lmc 0 \"\(description(remote))\" lid 0\(suffix)\n"
                }
            }
            out += "\n"
        }
        return out
    }
}
