import FabricGraph
import FabricModel
import Foundation

/// The figures `fabcheck bisection` prints; encoded as JSON with sorted keys.
public struct BisectionReport: Codable, Equatable, Sendable {
    /// Version of this JSON layout.
    static let currentSchemaVersion = 1

    /// One certificate of the lower bound.
    struct Certificate: Codable, Equatable {
        var method: String
        var boundBps: Double
        var detail: String
    }

    /// One link of the witness cut.
    struct WitnessLink: Codable, Equatable {
        var link: String
        var source: String
        var target: String
        var capacityBps: Double
        var location: String
    }

    var schemaVersion: Int
    var file: String
    var effort: String
    /// `bit/s`, or `cables` when no link declares a bandwidth (every cable then counts 1).
    var unit: String
    /// What capacity figures mean when not plain bit/s (all in cables, or links excluded for lack of a bandwidth).
    var capacityNote: String?
    var accelerators: Int
    var lowerBps: Double
    var upperBps: Double
    var fullBisectionBps: Double
    var gapPercent: Double
    /// (upper − lower) ÷ upper, 0 when exact.
    var gap: Double
    var lowerRatio: Double
    var upperRatio: Double
    var lowerMethod: String
    /// The certificate that proved the lower bound, machine-readable (`BisectionCertificate.Kind.identifier`).
    var lowerBoundMethod: String
    /// Live accelerators outside the component holding most of them (they may fall on either side).
    var strandedAccelerators: Int
    var upperMethod: String
    var sideAccelerators: [Int]
    var sideDevices: [Int]
    var cutLinks: Int
    var certificates: [Certificate]
    var witness: [WitnessLink]?

    public init(file: String, topology: Topology, graph: CSRGraph, bracket: BisectionBracket, effort: String, includeWitness: Bool) {
        schemaVersion = Self.currentSchemaVersion
        self.file = file
        self.effort = effort
        unit = graph.hasBandwidth ? "bit/s" : "cables"
        capacityNote = topology.capacityUnitNote()
        accelerators = bracket.acceleratorCount
        lowerBps = bracket.lower
        upperBps = bracket.upper
        fullBisectionBps = bracket.fullBisection
        gapPercent = (bracket.gap * 1e6).rounded() / 1e4
        gap = (bracket.gap * 1e6).rounded() / 1e6
        lowerRatio = (bracket.lowerRatio * 1e6).rounded() / 1e6
        upperRatio = (bracket.upperRatio * 1e6).rounded() / 1e6
        lowerMethod = bracket.lowerCertificate.kind.rawValue
        lowerBoundMethod = bracket.lowerCertificate.kind.identifier
        strandedAccelerators = bracket.strandedAccelerators
        upperMethod = bracket.cut.method
        sideAccelerators = bracket.cut.acceleratorsPerSide
        sideDevices = bracket.cut.devicesPerSide
        cutLinks = bracket.cut.links.count
        certificates = bracket.certificates.map { Certificate(method: $0.kind.rawValue, boundBps: $0.bound, detail: $0.detail) }
        witness = includeWitness ? Self.witnessLinks(topology: topology, graph: graph, bracket: bracket) : nil
    }

    /// The crossing links with their capacity from side 0 to side 1 (parallel cables summed) and location.
    static func witnessLinks(topology: Topology, graph: CSRGraph, bracket: BisectionBracket) -> [WitnessLink] {
        var capacity = [Int32: Double]()
        for vertex in 0..<graph.vertexCount where bracket.cut.side[vertex] == 0 {
            for arc in graph.arcs(from: Int32(vertex)) where bracket.cut.side[Int(graph.head[Int(arc)])] == 1 {
                capacity[graph.link[Int(arc)], default: 0] += graph.capacity[Int(arc)]
            }
        }
        return bracket.cut.links.map { index in
            let link = topology.links[Int(index)]
            return WitnessLink(
                link: link.id ?? "", source: topology.devices[Int(link.source)].id,
                target: topology.devices[Int(link.target)].id, capacityBps: capacity[index] ?? 0,
                location: topology.location(ofLink: index).description)
        }
    }

    /// A value in the report's unit.
    func amount(_ value: Double) -> String {
        Bandwidth.format(capacity: value, inBitsPerSecond: unit == "bit/s")
    }

    /// One JSON object, keys sorted, no trailing newline.
    public func json() throws -> String { try ReportJSON.encode(self) }

    /// The human-readable bracket.
    public func text() -> String {
        func percent(_ ratio: Double) -> String { "\(Bandwidth.trimmedNumber((ratio * 1000).rounded() / 10))%" }
        var lines = [file]
        if let capacityNote { lines.append("  note:            \(capacityNote)") }
        let strandedNote = strandedAccelerators > 0 ? "; \(strandedAccelerators) stranded, on either side" : ""
        lines.append("  accelerators:    \(accelerators) (sides \(sideAccelerators.map(String.init).joined(separator: " | "))\(strandedNote))")
        lines.append("  lower bound:     \(amount(lowerBps)) (proven by \(lowerMethod); \(percent(lowerRatio)) of full bisection)")
        lines.append("  upper bound:     \(amount(upperBps)) (\(upperMethod); \(percent(upperRatio)) of full bisection)")
        lines.append("  gap:             \(Bandwidth.trimmedNumber(gapPercent))%")
        lines.append("  full bisection:  \(amount(fullBisectionBps)) (half the accelerators' injection bandwidth)")
        lines.append("  witness cut:     \(cutLinks) links, \(sideDevices.map(String.init).joined(separator: " | ")) devices per side")
        for certificate in certificates {
            lines.append("  certificate:     \(certificate.method): \(amount(certificate.boundBps)); \(certificate.detail)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The witness as lines `FILE:LINE:COL: 'link' ('a'~'b') CAPACITY`, in link order.
    public func witnessLines(topology: Topology, graph: CSRGraph, bracket: BisectionBracket) -> String {
        let links = witness ?? Self.witnessLinks(topology: topology, graph: graph, bracket: bracket)
        return links.map { link in
            let name = link.link.isEmpty ? "" : "'\(link.link)' "
            return "\(link.location): \(name)('\(link.source)'~'\(link.target)') \(amount(link.capacityBps))"
        }.joined(separator: "\n") + (links.isEmpty ? "" : "\n")
    }
}
