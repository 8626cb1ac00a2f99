import FabricModel

/// A resolved failure scenario: the links and devices that fail together, by index.
///
/// Links listed here are the explicitly failed ones; the links of a failed device are down too (the mask
/// handles that) but are not listed.
public struct FailureScenario: Hashable, Sendable {
    /// Failed link indices, ascending, unique.
    public var links: [Int32]
    /// Failed device indices, ascending, unique.
    public var devices: [Int32]

    /// Creates a scenario; the arrays are sorted and deduplicated.
    public init(links: [Int32] = [], devices: [Int32] = []) {
        self.links = links.count <= 1 ? links : Array(Set(links)).sorted()
        self.devices = devices.count <= 1 ? devices : Array(Set(devices)).sorted()
    }

    /// True when nothing fails.
    public var isEmpty: Bool { links.isEmpty && devices.isEmpty }

    /// The scenario as a mask over a graph of this topology's size.
    public func mask(deviceCount: Int, linkCount: Int) -> FailureMask {
        var mask = FailureMask(deviceCount: deviceCount, linkCount: linkCount)
        for link in links { mask.failLink(link) }
        for device in devices { mask.failDevice(device) }
        return mask
    }

    /// The scenario as a mask over `graph`.
    public func mask(for graph: CSRGraph) -> FailureMask {
        mask(deviceCount: graph.vertexCount, linkCount: graph.linkCount)
    }

    /// The union of two scenarios.
    public func union(_ other: FailureScenario) -> FailureScenario {
        FailureScenario(links: links + other.links, devices: devices + other.devices)
    }
}

/// Resolves `FailureSelector`s against one topology; build it once and resolve many selectors.
///
/// - Complexity: O(V + E + P) to build (one pass over devices, links and ports, with hash maps by id);
///   each resolution is O(size of the answer) except attribute selectors (O(V)) and error suggestions
///   (O(total id length × query length), Wagner–Fischer 1974 edit distance).
public struct FailureSelectorResolver: Sendable {
    /// The topology selectors are resolved against.
    public let topology: Topology
    private let linkIndexByID: [String: Int32]
    private let linksByPair: [DevicePair: [Int32]]
    private let linksByPort: [Int32: [Int32]]

    /// Indexes a topology's link ids, device pairs and ports.
    public init(_ topology: Topology) {
        self.topology = topology
        var byID: [String: Int32] = [:]
        var byPair: [DevicePair: [Int32]] = [:]
        var byPort: [Int32: [Int32]] = [:]
        for (index, link) in topology.links.enumerated() {
            let linkIndex = Int32(index)
            if let id = link.id, byID[id] == nil { byID[id] = linkIndex }
            byPair[DevicePair(link.source, link.target), default: []].append(linkIndex)
            if link.sourcePort >= 0 { byPort[link.sourcePort, default: []].append(linkIndex) }
            if link.targetPort >= 0, link.targetPort != link.sourcePort { byPort[link.targetPort, default: []].append(linkIndex) }
        }
        self.linkIndexByID = byID
        self.linksByPair = byPair
        self.linksByPort = byPort
    }

    /// The index of the link with this edge id.
    public func linkIndex(forID id: String) -> Int32? { linkIndexByID[id] }

    /// Resolves every selector and returns the union of what they select.
    /// - Parameter seed: the seed of `random:` selectors (SplitMix64; one stream per run, in selector order).
    public func resolve(_ selectors: [FailureSelector], seed: UInt64 = 0) throws(FailureSelectionError) -> FailureScenario {
        var links: [Int32] = []
        var devices: [Int32] = []
        var random = SplitMix64(seed: seed)
        for selector in selectors {
            let part = try resolve(selector, random: &random)
            links += part.links
            devices += part.devices
        }
        return FailureScenario(links: links, devices: devices)
    }

    /// Parses and resolves selector texts.
    public func resolve(texts: [String], seed: UInt64 = 0) throws(FailureSelectionError) -> FailureScenario {
        var selectors: [FailureSelector] = []
        for text in texts { selectors.append(try FailureSelector(parsing: text)) }
        return try resolve(selectors, seed: seed)
    }

    private func device(_ id: String) throws(FailureSelectionError) -> Int32 {
        if let index = topology.deviceIndex(forID: id) { return index }
        throw .unknownDevice(id, suggestion: closestMatch(to: id, among: topology.devices.lazy.map(\.id)))
    }

    private func resolve(_ selector: FailureSelector, random: inout SplitMix64) throws(FailureSelectionError) -> FailureScenario {
        switch selector {
        case .link(let id):
            guard let index = linkIndexByID[id] else {
                throw .unknownLink(id, suggestion: closestMatch(to: id, among: linkIndexByID.keys))
            }
            return FailureScenario(links: [index])
        case .endpoints(let a, let b, let ordinal):
            let first = try device(a)
            let second = try device(b)
            let parallel = linksByPair[DevicePair(first, second)] ?? []
            guard !parallel.isEmpty else { throw .notAdjacent(a, b) }
            guard let ordinal else { return FailureScenario(links: parallel) }
            guard ordinal <= parallel.count else {
                throw .ordinalOutOfRange(a, b, ordinal: ordinal, available: parallel.count)
            }
            return FailureScenario(links: [parallel[ordinal - 1]])
        case .port(let deviceID, let portName):
            let owner = try device(deviceID)
            let ports = topology.ports.indices.filter { topology.ports[$0].device == owner }
            guard let port = ports.first(where: { topology.ports[$0].name == portName }) else {
                throw .unknownPort(
                    device: deviceID, port: portName,
                    suggestion: closestMatch(to: portName, among: ports.map { topology.ports[$0].name }))
            }
            var selected: [Int32] = []
            for candidate in ports where isPort(Int32(candidate), within: Int32(port)) {
                selected += linksByPort[Int32(candidate)] ?? []
            }
            return FailureScenario(links: selected)
        case .device(let id):
            return FailureScenario(devices: [try device(id)])
        case .srlg(let name):
            guard let group = topology.existingSRLGIndex(named: name) else {
                throw .unknownSRLG(name, suggestion: closestMatch(to: name, among: topology.srlgs))
            }
            return FailureScenario(links: links(inSRLG: group))
        case .attributes(let conditions):
            return try attributeScenario(conditions, text: selector.description)
        case .random(let count, let kind):
            let pool: [Int32]
            switch kind {
            case .links: pool = topology.links.indices.filter { !topology.links[$0].isSelfLoop }.map { Int32($0) }
            case .devices: pool = topology.devices.indices.map { Int32($0) }
            case .switches: pool = topology.devices.indices.filter { topology.devices[$0].role == .switch }.map { Int32($0) }
            }
            guard count <= pool.count else { throw .notEnoughElements(requested: count, available: pool.count, kind: kind) }
            let chosen = random.sample(count, from: pool)
            return kind == .links ? FailureScenario(links: chosen) : FailureScenario(devices: chosen)
        case .name(let name):
            if let index = topology.deviceIndex(forID: name) { return FailureScenario(devices: [index]) }
            if let index = linkIndexByID[name] { return FailureScenario(links: [index]) }
            if let group = topology.existingSRLGIndex(named: name) { return FailureScenario(links: links(inSRLG: group)) }
            let candidates = topology.devices.lazy.map(\.id) + Array(linkIndexByID.keys) + topology.srlgs
            throw .unknownName(name, suggestion: closestMatch(to: name, among: candidates))
        }
    }

    private func isPort(_ candidate: Int32, within ancestor: Int32) -> Bool {
        var current = candidate
        var steps = 0
        while current >= 0, steps <= topology.ports.count {
            if current == ancestor { return true }
            current = topology.ports[Int(current)].parent
            steps += 1
        }
        return false
    }

    /// Every link of an SRLG, ascending.
    public func links(inSRLG group: Int32) -> [Int32] {
        topology.links.indices.filter { topology.links[$0].srlgs.contains(group) }.map { Int32($0) }
    }

    /// The devices and links matching every condition (a correlated failure: one value of `power_feed`, `vendor`,
    /// `tray`); links match on their edge data. Throws on keys neither carries and when nothing matches.
    /// - Complexity: O(V + E).
    func attributeScenario(_ conditions: [AttributeCondition], text: String) throws(FailureSelectionError) -> FailureScenario {
        let linkKeys = conditions.allSatisfy { condition in topology.links.contains { $0.attributes[condition.key] != nil } }
        guard linkKeys else { return FailureScenario(devices: try devices(matching: conditions, text: text)) }
        let links = topology.links.indices.filter { index in
            !topology.links[index].isSelfLoop
                && conditions.allSatisfy { condition in
                    guard let value = topology.links[index].attributes[condition.key]?.description else { return false }
                    if let number = Double(condition.value), let actual = Double(value) { return number == actual }
                    return value == condition.value
                }
        }.map { Int32($0) }
        let deviceKeys = conditions.allSatisfy { condition in
            Self.builtInKeys.contains(condition.key) || topology.devices.contains { $0.attributes[condition.key] != nil }
        }
        var devices: [Int32] = []
        if deviceKeys {
            do {
                devices = try self.devices(matching: conditions, text: text)
            } catch {
                if links.isEmpty { throw error }
            }
        }
        if devices.isEmpty && links.isEmpty {
            var suggestion: String?
            if let last = conditions.last {
                let values = Set(topology.links.compactMap { link in link.attributes[last.key]?.description })
                suggestion = closestMatch(to: last.value, among: values).map { "\(last.key)=\($0)" }
            }
            throw .noMatch(text, suggestion: suggestion)
        }
        return FailureScenario(links: links, devices: devices)
    }

    static let builtInKeys = ["id", "label", "role", "tier", "pod", "rack", "plane", "rail"]

    /// The devices matching every condition, ascending; throws on unknown keys and on no match.
    public func devices(matching conditions: [AttributeCondition], text: String) throws(FailureSelectionError) -> [Int32] {
        let builtIn = Self.builtInKeys
        for condition in conditions where !builtIn.contains(condition.key) {
            if !topology.devices.contains(where: { $0.attributes[condition.key] != nil }) {
                var keys = Set(builtIn)
                for device in topology.devices { keys.formUnion(device.attributes.keys) }
                for link in topology.links { keys.formUnion(link.attributes.keys) }
                throw .unknownAttribute(condition.key, suggestion: closestMatch(to: condition.key, among: keys))
            }
        }
        var roles: [String: Role?] = [:]
        for condition in conditions where condition.key == "role" { roles[condition.value] = Role(parsing: condition.value) }
        let matched = topology.devices.indices.filter { index in
            conditions.allSatisfy { condition in
                let value = Self.value(of: condition.key, in: topology.devices[index])
                if condition.key == "role" { return roles[condition.value].flatMap { $0 } == topology.devices[index].role }
                guard let value else { return false }
                if let number = Double(condition.value), let actual = Double(value) { return number == actual }
                return value == condition.value
            }
        }.map { Int32($0) }
        guard !matched.isEmpty else {
            var suggestion: String?
            if let last = conditions.last {
                let values = Set(topology.devices.compactMap { Self.value(of: last.key, in: $0) })
                suggestion = closestMatch(to: last.value, among: values).map { "\(last.key)=\($0)" }
            }
            throw .noMatch(text, suggestion: suggestion)
        }
        return matched
    }

    static func value(of key: String, in device: Device) -> String? {
        switch key {
        case "id": device.id
        case "label": device.label
        case "role": device.role.rawValue
        case "tier": device.tier.map(String.init)
        case "pod": device.pod
        case "rack": device.rack
        case "plane": device.plane
        case "rail": device.rail.map(String.init)
        default: device.attributes[key]?.description
        }
    }
}

/// An unordered pair of device indices.
struct DevicePair: Hashable, Sendable {
    let low: Int32
    let high: Int32
    init(_ a: Int32, _ b: Int32) {
        low = min(a, b)
        high = max(a, b)
    }
}

/// The candidate closest to `query` by edit distance, when it is close enough to be a plausible typo
/// (distance at most max(2, half the query length)); ties go to the lexicographically smaller candidate.
/// - Complexity: O(Σ |candidate| × |query|) (Wagner–Fischer 1974), skipping candidates whose length alone rules them out.
public func closestMatch(to query: String, among candidates: some Sequence<String>) -> String? {
    let target = Array(query.utf8)
    let limit = max(2, target.count / 2)
    var best: (distance: Int, text: String)?
    var previous = [Int](repeating: 0, count: target.count + 1)
    var current = previous
    for candidate in candidates {
        let bytes = Array(candidate.utf8)
        let bound = best?.distance ?? limit
        if abs(bytes.count - target.count) > bound { continue }
        for column in 0...target.count { previous[column] = column }
        for (row, byte) in bytes.enumerated() {
            current[0] = row + 1
            for column in 1...max(target.count, 1) where column <= target.count {
                let substitution = previous[column - 1] + (target[column - 1] == byte ? 0 : 1)
                current[column] = min(substitution, previous[column] + 1, current[column - 1] + 1)
            }
            swap(&previous, &current)
        }
        let distance = previous[target.count]
        guard distance <= limit else { continue }
        if let existing = best, (existing.distance, existing.text) <= (distance, candidate) { continue }
        best = (distance, candidate)
    }
    return best?.text
}
