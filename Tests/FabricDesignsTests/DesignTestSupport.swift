import FabricDesigns
import FabricModel

/// A test sink that counts links by the id prefixes of their ends (`gpu~leaf`), checks connectivity of the
/// accelerators with a union–find, and records ports used against declared radix.
struct ShapeSink: TopologySink {
    typealias Failure = Never
    var properties: [String: AttributeValue] = [:]
    var prefixes: [Substring] = []
    var roles: [Role] = []
    var tiers: [Int?] = []
    var radix: [Int] = []
    var ports: [Int] = []
    var parent: [Int32] = []
    var srlgNames: [String] = []
    var linkKinds: [String: Int] = [:]
    var links = 0
    var badReferences = 0
    var finished = false

    mutating func begin(properties: [String: AttributeValue]) { self.properties = properties }

    mutating func declareSRLG(_ name: String) { srlgNames.append(name) }

    mutating func device(_ device: Device) {
        prefixes.append(device.id.split(separator: "-").first ?? "")
        roles.append(device.role)
        tiers.append(device.tier)
        radix.append(device.radix ?? -1)
        ports.append(0)
        parent.append(Int32(parent.count))
    }

    mutating func link(_ link: StreamedLink) {
        links += 1
        let count = Int32(roles.count)
        guard link.source >= 0, link.source < count, link.target >= 0, link.target < count, link.source != link.target,
            [link.srlg0, link.srlg1, link.srlg2].allSatisfy({ $0 < Int32(srlgNames.count) }), link.bandwidth > 0
        else {
            badReferences += 1
            return
        }
        let pair = [prefixes[Int(link.source)], prefixes[Int(link.target)]].sorted()
        linkKinds["\(pair[0])~\(pair[1])", default: 0] += 1
        ports[Int(link.source)] += 1
        ports[Int(link.target)] += 1
        union(link.source, link.target)
    }

    mutating func finish() { finished = true }

    mutating func find(_ vertex: Int32) -> Int32 {
        var root = vertex
        while parent[Int(root)] != root { root = parent[Int(root)] }
        var node = vertex
        while parent[Int(node)] != root {
            let next = parent[Int(node)]
            parent[Int(node)] = root
            node = next
        }
        return root
    }

    mutating func union(_ a: Int32, _ b: Int32) {
        let rootA = find(a)
        let rootB = find(b)
        if rootA != rootB { parent[Int(max(rootA, rootB))] = min(rootA, rootB) }
    }

    func count(_ role: Role) -> Int { roles.filter { $0 == role }.count }

    func count(tier: Int) -> Int { tiers.filter { $0 == tier }.count }

    /// Devices using more ports than their radix.
    var overRadix: [Int] { ports.indices.filter { radix[$0] >= 0 && ports[$0] > radix[$0] } }

    /// Whether every accelerator is in the component of the first one.
    mutating func acceleratorsConnected() -> Bool {
        guard let first = roles.firstIndex(of: .accelerator) else { return false }
        let root = find(Int32(first))
        for index in roles.indices where roles[index] == .accelerator && find(Int32(index)) != root { return false }
        return true
    }

    static func run(_ design: any FabricDesign) -> ShapeSink {
        var sink = ShapeSink()
        design.generate(into: &sink)
        return sink
    }
}
