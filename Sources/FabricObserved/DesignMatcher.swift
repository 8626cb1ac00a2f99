import FabricModel

/// Matches an observed fabric against a design and classifies every difference.
///
/// Devices are matched by design key `guid`, then by name (device id, label, `node_desc`, `lldp_name`), then by the
/// host part of a node description (`h-1 mlx5_0` -> `h-1`, `MF0;leaf-1:MQM9700/U1` -> `leaf-1`); a device left
/// over is placed by its neighbours. Ports are matched by name or alias (port attributes `ifname`, `description`,
/// `alias`, `number`, and the number a name ends in, when unique on the device), never by position; a design whose
/// devices declare no ports is matched device to device. Cables are paired in rounds (exact, crossed pairs, one
/// end shared, same devices), each round over what the previous left, so every difference is named once.
public struct DesignMatcher: Sendable {
    /// Names that are left at the factory default: such a device is placed by its neighbours.
    public var defaultNamePrefixes = ["MT4", "MT2", "MT1", "Mellanox Technologies", "ConnectX", "localhost", "ubuntu", "(none)", "switch", "HCA"]

    /// Creates a matcher.
    public init() {}

    /// True when a reported name is a factory default, a MAC address or empty.
    public func isDefaultName(_ name: String) -> Bool {
        let trimmed = name.trimmingASCIIWhitespace()
        if trimmed.isEmpty { return true }
        if Self.isMAC(trimmed) { return true }
        let lower = trimmed.lowercased()
        return defaultNamePrefixes.contains { lower.hasPrefix($0.lowercased()) && !lower.contains("aggregation node") }
    }

    /// `aa:bb:cc:dd:ee:ff` (or with dashes).
    static func isMAC(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 17 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index % 3 == 2 { if byte != 0x3A && byte != 0x2D { return false } } else if TokenCursor.hexValue(byte) == nil { return false }
        }
        return true
    }

    /// A SHARP aggregation node inside a Quantum switch: reported by ibnetdiscover, never cabled, never in a design.
    static func isInternal(_ name: String) -> Bool { name.hasSuffix("Aggregation Node") }

    /// Matches and classifies.
    /// - Complexity: O((design links + observed links) · k) expected, k the number of unmatched cables at one end
    ///   (small: only leftovers of the exact round are indexed). Hash look-ups; no per-link allocation beyond the key.
    public func match(design: Topology, observed: ObservedFabric) -> VerifyResult {
        var state = MatchState(design: design, observed: observed, matcher: self)
        state.matchDevices()
        state.matchLinks()
        return state.result()
    }
}

/// A (device, port) end in design terms: `port` is a design port index, -1 when the device declares no ports,
/// -2 when the observed port name resolves to none of the device's ports.
struct DesignEnd: Hashable, Comparable {
    var device: Int32
    var port: Int32
    static func < (lhs: DesignEnd, rhs: DesignEnd) -> Bool { (lhs.device, lhs.port) < (rhs.device, rhs.port) }
}

/// An undirected cable between two ends, stored with the smaller end first.
struct CableKey: Hashable {
    var low: DesignEnd
    var high: DesignEnd
    init(_ a: DesignEnd, _ b: DesignEnd) {
        if b < a {
            low = b
            high = a
        } else {
            low = a
            high = b
        }
    }
}

struct MatchState {
    let design: Topology
    let observed: ObservedFabric
    let matcher: DesignMatcher
    var deviceOf: [Int32]
    var designClaimed: [Bool]
    var hasPorts: [Bool]
    var portAlias: [PortName: Int32] = [:]
    var discrepancies: [Discrepancy] = []
    var designLinkOfObserved: [Int32]
    /// Design cable slots: a link of multiplicity m is m slots.
    var slotLink: [Int32] = []
    var slotUsed: [Bool] = []
    var observedUsed: [Bool]
    var observedEnds: [(DesignEnd, DesignEnd)] = []
    var okCount = 0

    struct PortName: Hashable {
        var device: Int32
        var name: String
    }

    init(design: Topology, observed: ObservedFabric, matcher: DesignMatcher) {
        self.design = design
        self.observed = observed
        self.matcher = matcher
        deviceOf = Array(repeating: -1, count: observed.devices.count)
        designClaimed = Array(repeating: false, count: design.devices.count)
        hasPorts = Array(repeating: false, count: design.devices.count)
        designLinkOfObserved = Array(repeating: -1, count: observed.links.count)
        observedUsed = Array(repeating: false, count: observed.links.count)
        var ambiguous = Set<PortName>()
        for (index, port) in design.ports.enumerated() {
            let device = port.device
            hasPorts[Int(device)] = true
            var names = [port.name]
            for key in ["ifname", "description", "alias", "number", "port"] {
                if let value = port.attributes[key] { names.append(value.description) }
            }
            if let number = Self.trailingNumber(port.name) { names.append(number) }
            for name in Set(names) where !name.isEmpty {
                let key = PortName(device: device, name: name)
                if let existing = portAlias[key], existing != Int32(index) {
                    if port.name != name { ambiguous.insert(key) }
                } else {
                    portAlias[key] = Int32(index)
                }
            }
        }
        // An alias two ports share names neither (the exact names were entered first and stay).
        for key in ambiguous where design.ports[Int(portAlias[key] ?? 0)].name != key.name { portAlias[key] = nil }
    }

    /// `swp12` -> `12`, `Ethernet1/3` -> `3`; nil when the name does not end in digits or is all digits.
    static func trailingNumber(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        var start = bytes.count
        while start > 0, bytes[start - 1] >= 0x30, bytes[start - 1] <= 0x39 { start -= 1 }
        guard start < bytes.count, start > 0 else { return nil }
        var digits = Array(bytes[start...])
        while digits.count > 1, digits[0] == 0x30 { digits.removeFirst() }
        return String(decoding: digits, as: UTF8.self)
    }

    // MARK: devices

    mutating func matchDevices() {
        var byName: [String: Int32] = [:]
        var byLowerName: [String: Int32] = [:]
        var byGUID: [UInt64: Int32] = [:]
        for (offset, device) in design.devices.enumerated() {
            let index = Int32(offset)
            var names = [device.id]
            if let label = device.label { names.append(label) }
            for key in ["node_desc", "lldp_name", "hostname", "name"] {
                if case .string(let value)? = device.attributes[key] { names.append(value) }
            }
            for name in names where byName[name] == nil {
                byName[name] = index
                byLowerName[name.lowercased()] = byLowerName[name.lowercased()] ?? index
            }
            if let guid = device.attributes["guid"].flatMap({ Self.guid($0.description) }) { byGUID[guid] = index }
        }
        var unplaced: [Int32] = []
        for (offset, device) in observed.devices.enumerated() {
            if DesignMatcher.isInternal(device.name) { continue }
            var found: Int32?
            if device.guid != 0 { found = byGUID[device.guid] }
            if found == nil, !matcher.isDefaultName(device.name) {
                found = byName[device.name] ?? byLowerName[device.name.lowercased()]
                if found == nil { found = Self.hostPart(device.name).flatMap { byName[$0] ?? byLowerName[$0.lowercased()] } }
            }
            if let found {
                deviceOf[offset] = found
                designClaimed[Int(found)] = true
            } else {
                unplaced.append(Int32(offset))
            }
        }
        guard !unplaced.isEmpty else { return }
        placeByNeighbours(unplaced)
    }

    /// `0x2c5eab0300b87b40` or `2c5e:ab03:00b8:7b40` -> the 64-bit GUID.
    static func guid(_ text: String) -> UInt64? {
        let cleaned = text.replacingOccurrences(of: ":", with: "")
        var cursor = TokenCursor(Array(cleaned.utf8), from: 0, to: cleaned.utf8.count)
        guard let value = cursor.hex(), cursor.atEnd else { return nil }
        return value
    }

    /// The host part of a node description: `h-1 mlx5_0` -> `h-1`, `MF0;leaf-1:MQM9700/U1` -> `leaf-1`.
    static func hostPart(_ name: String) -> String? {
        if let semicolon = name.firstIndex(of: ";") {
            let rest = name[name.index(after: semicolon)...]
            return String(rest.prefix { $0 != ":" && $0 != " " })
        }
        guard let space = name.firstIndex(of: " ") else { return nil }
        return String(name[..<space])
    }

    /// Places each unnamed device at the unclaimed design device its matched neighbours point to.
    mutating func placeByNeighbours(_ unplaced: [Int32]) {
        // Design adjacency in CSR form.
        let deviceCount = design.devices.count
        var offsets = [Int32](repeating: 0, count: deviceCount + 1)
        for link in design.links {
            offsets[Int(link.source) + 1] += 1
            offsets[Int(link.target) + 1] += 1
        }
        for index in 0..<deviceCount { offsets[index + 1] += offsets[index] }
        var fill = offsets
        var neighbours = [Int32](repeating: 0, count: Int(offsets[deviceCount]))
        var viaLink = [Int32](repeating: 0, count: Int(offsets[deviceCount]))
        for (index, link) in design.links.enumerated() {
            neighbours[Int(fill[Int(link.source)])] = link.target
            viaLink[Int(fill[Int(link.source)])] = Int32(index)
            fill[Int(link.source)] += 1
            neighbours[Int(fill[Int(link.target)])] = link.source
            viaLink[Int(fill[Int(link.target)])] = Int32(index)
            fill[Int(link.target)] += 1
        }
        var linksOf = [Int32: [Int32]]()
        let unplacedSet = Set(unplaced)
        for (index, link) in observed.links.enumerated() {
            if unplacedSet.contains(link.a.device) { linksOf[link.a.device, default: []].append(Int32(index)) }
            if unplacedSet.contains(link.b.device) { linksOf[link.b.device, default: []].append(Int32(index)) }
        }
        // Devices claimed by a guess stay open to other unnamed devices: `ibnetdiscover -p` lists each port of a
        // multi-port adapter under its own port GUID, so one designed device can be several reported ones.
        var guessedFinding = [Int32: Int]()
        let claimedByName = designClaimed
        for device in unplaced {
            var score: [Int32: Int] = [:]
            for linkIndex in linksOf[device] ?? [] {
                let link = observed.links[Int(linkIndex)]
                let other = link.a.device == device ? link.b : link.a
                let neighbour = deviceOf[Int(other.device)]
                guard neighbour >= 0 else { continue }
                let neighbourPort = resolvePort(neighbour, other.port)
                for slot in Int(offsets[Int(neighbour)])..<Int(offsets[Int(neighbour) + 1]) {
                    let candidate = neighbours[slot]
                    guard !claimedByName[Int(candidate)] else { continue }
                    let designLink = design.links[Int(viaLink[slot])]
                    let port = designLink.source == neighbour ? designLink.sourcePort : designLink.targetPort
                    // A cable on the designed port of the neighbour counts double; a port the design gives to
                    // another device counts nothing.
                    if neighbourPort >= 0 && port >= 0 && port != neighbourPort { continue }
                    score[candidate, default: 0] += (neighbourPort >= 0 && port == neighbourPort) ? 2 : 1
                }
            }
            let best = score.max { lhs, rhs in lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key > rhs.key }
            let name = observed.devices[Int(device)].name
            let label = name.isEmpty ? observed.devices[Int(device)].key : name
            var guess: Int32 = -1
            if let best, score.values.filter({ $0 == best.value }).count == 1 {
                guess = best.key
                deviceOf[Int(device)] = guess
                designClaimed[Int(guess)] = true
            }
            let isDefault = matcher.isDefaultName(name)
            if guess < 0, !isDefault { continue }  // an unknown device: its cables are unexpected
            let guid = observed.devices[Int(device)].guid
            if guess >= 0, let existing = guessedFinding[guess] {
                discrepancies[existing].observedLinks += linksOf[device] ?? []
                if guid != 0 {
                    discrepancies[existing].message = discrepancies[existing].message.replacingOccurrences(
                        of: ") is not named", with: ", \(IBNetDiscoverParser.guidKey(guid))) is not named")
                }
                continue
            }
            let identity = guid != 0 ? " (GUID \(IBNetDiscoverParser.guidKey(guid)))" : ""
            let tied = best.map { top in score.filter { $0.value == top.value }.keys.sorted().map { "'\(design.devices[Int($0)].id)'" } } ?? []
            let message: String
            if guess >= 0 {
                message = "device reported as '\(label)'\(identity) is not named as designed; by its neighbours it is '\(design.devices[Int(guess)].id)'"
            } else if tied.count > 1 {
                message =
                    "device reported as '\(label)'\(identity) is not named as designed; by its neighbours it is one of \(tied.prefix(5).joined(separator: ", "))"
            } else {
                message = "device reported as '\(label)'\(identity) is not named as designed and its neighbours do not say which device it is"
            }
            if guess >= 0 { guessedFinding[guess] = discrepancies.count }
            discrepancies.append(Discrepancy(kind: .unnamed, observedLinks: linksOf[device] ?? [], observedDevice: device, guess: guess, message: message))
        }
    }

    // MARK: ports and links

    /// The design port of an observed port name on a design device: -1 when the device declares no ports, -2 when unknown.
    func resolvePort(_ device: Int32, _ name: String) -> Int32 {
        guard hasPorts[Int(device)] else { return -1 }
        if let port = portAlias[PortName(device: device, name: name)] { return port }
        if let number = Self.trailingNumber(name), let port = portAlias[PortName(device: device, name: number)] { return port }
        return -2
    }

    func designEnds(_ link: Link) -> (DesignEnd, DesignEnd) {
        (
            DesignEnd(device: link.source, port: hasPorts[Int(link.source)] ? link.sourcePort : -1),
            DesignEnd(device: link.target, port: hasPorts[Int(link.target)] ? link.targetPort : -1)
        )
    }

    mutating func matchLinks() {
        // Slots.
        var head: [CableKey: Int32] = [:]
        head.reserveCapacity(design.links.count)
        var nextSlot: [Int32] = []
        var slotKey: [CableKey] = []
        for (index, link) in design.links.enumerated() {
            let (a, b) = designEnds(link)
            let key = CableKey(a, b)
            for _ in 0..<max(1, Int(link.multiplicity)) {
                let slot = Int32(slotLink.count)
                slotLink.append(Int32(index))
                slotKey.append(key)
                nextSlot.append(-1)
                _ = slot
            }
        }
        // Chain slots of one key in reverse so the head is the first declared.
        for slot in stride(from: slotLink.count - 1, through: 0, by: -1) {
            let key = slotKey[slot]
            nextSlot[slot] = head[key] ?? -1
            head[key] = Int32(slot)
        }
        slotUsed = Array(repeating: false, count: slotLink.count)

        // Observed ends in design terms; duplicates (two neighbours on one named port).
        var endCount: [ObservedEnd: [Int32]] = [:]
        observedEnds.reserveCapacity(observed.links.count)
        for (index, link) in observed.links.enumerated() {
            let da = deviceOf[Int(link.a.device)]
            let db = deviceOf[Int(link.b.device)]
            let a = da >= 0 ? DesignEnd(device: da, port: resolvePort(da, link.a.port)) : DesignEnd(device: -1 - link.a.device, port: -2)
            let b = db >= 0 ? DesignEnd(device: db, port: resolvePort(db, link.b.port)) : DesignEnd(device: -1 - link.b.device, port: -2)
            observedEnds.append((a, b))
            if observed.format != .ibnetdiscover && observed.format != .ibnetdiscoverPorts {
                for end in [link.a, link.b] where !end.port.isEmpty { endCount[end, default: []].append(Int32(index)) }
            }
            if DesignMatcher.isInternal(observed.devices[Int(link.a.device)].name) || DesignMatcher.isInternal(observed.devices[Int(link.b.device)].name) {
                observedUsed[index] = true
            }
        }
        var duplicateLinks = Set<Int32>()
        for (end, links) in endCount where links.count > 1 {
            let device = observed.devices[Int(end.device)]
            let names = links.map { index -> String in
                let link = observed.links[Int(index)]
                let other = link.a == end ? link.b : link.a
                return "'\(observedLabel(other.device))':\(other.port)"
            }.sorted(by: naturalLess)
            discrepancies.append(
                Discrepancy(
                    kind: .duplicate, observedLinks: links.sorted(), observedDevice: end.device,
                    message:
                        "port '\(end.port)' of '\(device.name.isEmpty ? device.key : device.name)' reports \(links.count) neighbours: \(names.joined(separator: ", "))"
                ))
            duplicateLinks.formUnion(links)
        }

        // Round 1: exact.
        for index in observed.links.indices where !observedUsed[index] {
            let (a, b) = observedEnds[index]
            guard a.device >= 0, b.device >= 0, a.port != -2, b.port != -2 else { continue }
            let key = CableKey(a, b)
            guard let slot = head[key], slot >= 0 else { continue }
            head[key] = nextSlot[Int(slot)]
            take(slot: slot, observed: index)
            rateCheck(slot: slot, observed: index)
        }

        // Leftovers indexed by end.
        var freeObserved: [DesignEnd: [Int32]] = [:]
        for index in observed.links.indices where !observedUsed[index] {
            let (a, b) = observedEnds[index]
            freeObserved[a, default: []].append(Int32(index))
            freeObserved[b, default: []].append(Int32(index))
        }
        var freeSlots: [DesignEnd: [Int32]] = [:]
        for slot in slotLink.indices where !slotUsed[slot] {
            let (a, b) = designEnds(design.links[Int(slotLink[slot])])
            freeSlots[a, default: []].append(Int32(slot))
            freeSlots[b, default: []].append(Int32(slot))
        }
        func other(_ ends: (DesignEnd, DesignEnd), _ end: DesignEnd) -> DesignEnd { ends.0 == end ? ends.1 : ends.0 }

        // Round 2: crossed pairs. Designed A—B and C—D, observed A—D and C—B.
        for slot in slotLink.indices where !slotUsed[slot] {
            let ends = designEnds(design.links[Int(slotLink[slot])])
            search: for (first, second) in [(ends.0, ends.1), (ends.1, ends.0)] {
                for o1 in freeObserved[first] ?? [] where !observedUsed[Int(o1)] {
                    let x = other(observedEnds[Int(o1)], first)
                    guard x != second, x.device >= 0 else { continue }
                    for slot2 in freeSlots[x] ?? [] where !slotUsed[Int(slot2)] && Int(slot2) != slot {
                        let y = other(designEnds(design.links[Int(slotLink[Int(slot2)])]), x)
                        for o2 in freeObserved[y] ?? [] where !observedUsed[Int(o2)] && o2 != o1 {
                            guard other(observedEnds[Int(o2)], y) == second else { continue }
                            slotUsed[slot] = true
                            slotUsed[Int(slot2)] = true
                            observedUsed[Int(o1)] = true
                            observedUsed[Int(o2)] = true
                            designLinkOfObserved[Int(o1)] = -1
                            let l1 = slotLink[slot]
                            let l2 = slotLink[Int(slot2)]
                            discrepancies.append(
                                Discrepancy(
                                    kind: .swapped, designLinks: [l1, l2], observedLinks: [o1, o2],
                                    message:
                                        "designed \(describe(designLink: l1)) and \(describe(designLink: l2)), found \(describe(observedLink: o1)) and \(describe(observedLink: o2))"
                                ))
                            break search
                        }
                    }
                }
            }
        }

        // Round 3: one end as designed, the other elsewhere.
        for slot in slotLink.indices where !slotUsed[slot] {
            let ends = designEnds(design.links[Int(slotLink[slot])])
            for end in [ends.0, ends.1] where !slotUsed[slot] {
                guard end.port != -2 else { continue }
                for o in freeObserved[end] ?? [] where !observedUsed[Int(o)] && !duplicateLinks.contains(o) {
                    slotUsed[slot] = true
                    observedUsed[Int(o)] = true
                    let l = slotLink[slot]
                    discrepancies.append(
                        Discrepancy(
                            kind: .miswired, designLinks: [l], observedLinks: [o],
                            message: "designed \(describe(designLink: l)), found \(describe(observedLink: o))"))
                    break
                }
            }
        }

        // Round 4: same two devices, ports not as designed (or not declared on one side).
        var freeByDevices: [CableKey: [Int32]] = [:]
        for index in observed.links.indices where !observedUsed[index] {
            let (a, b) = observedEnds[index]
            guard a.device >= 0, b.device >= 0 else { continue }
            freeByDevices[CableKey(DesignEnd(device: a.device, port: 0), DesignEnd(device: b.device, port: 0)), default: []].append(Int32(index))
        }
        for slot in slotLink.indices where !slotUsed[slot] {
            let link = design.links[Int(slotLink[slot])]
            let key = CableKey(DesignEnd(device: link.source, port: 0), DesignEnd(device: link.target, port: 0))
            guard let candidates = freeByDevices[key], let o = candidates.first(where: { !observedUsed[Int($0)] }) else { continue }
            slotUsed[slot] = true
            observedUsed[Int(o)] = true
            let l = slotLink[slot]
            let declared = (link.sourcePort >= 0 && hasPorts[Int(link.source)]) || (link.targetPort >= 0 && hasPorts[Int(link.target)])
            if declared && (link.sourcePort >= 0 && link.targetPort >= 0) {
                discrepancies.append(
                    Discrepancy(
                        kind: .miswired, designLinks: [l], observedLinks: [o],
                        message: "designed \(describe(designLink: l)), found \(describe(observedLink: o))"))
            } else {
                take(slot: Int32(slot), observed: Int(o))
                rateCheck(slot: Int32(slot), observed: Int(o))
            }
        }

        // What is left.
        for slot in slotLink.indices where !slotUsed[slot] {
            let l = slotLink[slot]
            discrepancies.append(Discrepancy(kind: .missing, designLinks: [l], message: "designed \(describe(designLink: l)), not found"))
        }
        for index in observed.links.indices where !observedUsed[index] && !duplicateLinks.contains(Int32(index)) {
            discrepancies.append(
                Discrepancy(
                    kind: .unexpected, observedLinks: [Int32(index)],
                    message: "found \(describe(observedLink: Int32(index))), not in the design"))
        }
    }

    mutating func take(slot: Int32, observed index: Int) {
        slotUsed[Int(slot)] = true
        observedUsed[index] = true
        designLinkOfObserved[index] = slotLink[Int(slot)]
    }

    /// Compares the observed rate with the designed bandwidth; a lane count other than the design's `width`
    /// (default 4, the InfiniBand cable) is a width mismatch, anything else a speed mismatch.
    mutating func rateCheck(slot: Int32, observed index: Int) {
        let linkIndex = slotLink[Int(slot)]
        let link = design.links[Int(linkIndex)]
        let seen = observed.links[index]
        guard let designed = link.bandwidth, let actual = seen.bandwidth, abs(designed - actual) > 1e-6 * max(designed, 1) else {
            okCount += 1
            return
        }
        let expectedWidth = link.attributes["width"]?.intValue ?? link.attributes["lanes"]?.intValue ?? 4
        let kind: DiscrepancyKind = seen.width > 0 && Int(seen.width) != expectedWidth ? .width : .speed
        discrepancies.append(
            Discrepancy(
                kind: kind, designLinks: [linkIndex], observedLinks: [Int32(index)],
                message:
                    "\(describe(designLink: linkIndex)) designed at \(ObservedLink.gigabits(designed)), runs at \(seen.rateText.isEmpty ? ObservedLink.gigabits(actual) : seen.rateText)\(seen.rateText.isEmpty ? "" : " (\(ObservedLink.gigabits(actual)))")"
            ))
    }

    func observedLabel(_ device: Int32) -> String {
        let mapped = deviceOf[Int(device)]
        if mapped >= 0 { return design.devices[Int(mapped)].id }
        let record = observed.devices[Int(device)]
        return record.name.isEmpty ? record.key : record.name
    }

    func describe(designLink index: Int32) -> String {
        let link = design.links[Int(index)]
        func end(_ device: Int32, _ port: Int32) -> String {
            let name = "'\(design.devices[Int(device)].id)'"
            return port >= 0 ? "\(name):\(design.ports[Int(port)].name)" : name
        }
        return "\(end(link.source, link.sourcePort))—\(end(link.target, link.targetPort))"
    }

    func describe(observedLink index: Int32) -> String {
        let link = observed.links[Int(index)]
        func end(_ value: ObservedEnd) -> String {
            let name = "'\(observedLabel(value.device))'"
            return value.port.isEmpty ? name : "\(name):\(value.port)"
        }
        return "\(end(link.a))—\(end(link.b))"
    }

    func result() -> VerifyResult {
        var sorted = discrepancies
        func line(_ item: Discrepancy) -> (Int32, Int32) {
            let designLine = item.designLinks.first.map { design.links[Int($0)].position.line } ?? Int32.max
            let observedLine = item.observedLinks.first.map { Int32(observed.links[Int($0)].location.line) } ?? Int32.max
            return (designLine, observedLine)
        }
        sorted.sort { lhs, rhs in
            if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
            let (l1, l2) = line(lhs)
            let (r1, r2) = line(rhs)
            if l1 != r1 { return l1 < r1 }
            if l2 != r2 { return l2 < r2 }
            if lhs.designLinks != rhs.designLinks { return lhs.designLinks.lexicographicallyPrecedes(rhs.designLinks) }
            if lhs.observedLinks != rhs.observedLinks { return lhs.observedLinks.lexicographicallyPrecedes(rhs.observedLinks) }
            return lhs.message < rhs.message
        }
        let cables = design.links.reduce(0) { $0 + max(1, Int($1.multiplicity)) }
        return VerifyResult(
            design: design, observed: observed, designDeviceOfObserved: deviceOf, designLinkOfObserved: designLinkOfObserved,
            discrepancies: sorted, okCount: okCount, designedCables: cables)
    }
}
