import FabricModel
import FabricObserved

/// A small design the parsed fabric is matched against, so the matcher's rounds run on whatever the parser accepts:
/// two leaves with numbered ports, two spines, four hosts (ports p1, p2), named as the seeds name them.
let fuzzDesign: Topology = {
    var topology = Topology(file: "fuzz-design.graphml")
    func add(_ id: String, _ role: Role, ports: [String]) -> Int32 {
        let device = (try? topology.addDevice(Device(id: id, role: role))) ?? 0
        for name in ports { topology.ports.append(Port(device: device, name: name)) }
        return device
    }
    func port(_ device: Int32, _ name: String) -> Int32 {
        Int32(topology.ports.firstIndex { $0.device == device && $0.name == name } ?? -1)
    }
    let spines = ["spine-1", "spine-2"].map { add($0, .switch, ports: ["1", "2", "swp1", "swp2"]) }
    let leaves = ["leaf-1", "leaf-2"].map { add($0, .switch, ports: ["1", "2", "3", "4", "5", "6"]) }
    let hosts = ["h-1", "h-2", "h-3", "h-4"].map { add($0, .accelerator, ports: ["p1", "p2"]) }
    for (h, host) in hosts.enumerated() {
        for (l, leaf) in leaves.enumerated() {
            _ = try? topology.addLink(
                Link(source: host, target: leaf, sourcePort: port(host, "p\(l + 1)"), targetPort: port(leaf, "\(h + 1)"), bandwidth: 4e11))
        }
    }
    for (l, leaf) in leaves.enumerated() {
        for (s, spine) in spines.enumerated() {
            _ = try? topology.addLink(
                Link(source: leaf, target: spine, sourcePort: port(leaf, "\(5 + s)"), targetPort: port(spine, "\(l + 1)"), bandwidth: 4e11))
        }
    }
    return topology
}()

/// Parses the bytes as `format` (for `.ibnetdiscover` also as `ibnetdiscover -p`) and, when they parse, matches the result against `fuzzDesign` and renders every
/// message. Any outcome is fine (a fabric or a located `ObservedError`) except a crash, a sanitizer report, a leak,
/// a hang (`-timeout`) or runaway memory (`-rss_limit_mb`).
public func observedFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int, format: ObservedFormat) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if format == .ibnetdiscover { _ = parseAndMatch(bytes, format: .ibnetdiscoverPorts) }
    return parseAndMatch(bytes, format: format)
}

func parseAndMatch(_ bytes: [UInt8], format: ObservedFormat) -> Int32 {
    var fabric: ObservedFabric?
    do {
        try ObservedReader(format: format).read(bytes, file: "fuzz.\(format.rawValue)", into: &fabric)
    } catch {
        _ = error.description
        return 0
    }
    guard let fabric else { return 0 }
    for warning in fabric.warnings { _ = warning.description }
    _ = ObservedReader.detect(bytes)
    let result = DesignMatcher().match(design: fuzzDesign, observed: fabric)
    for item in result.discrepancies { _ = item.message }
    _ = result.summary
    return 0
}
