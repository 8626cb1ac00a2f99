import ArgumentParser
import FabricGraph
import FabricModel
import Foundation

/// `fabcheck bisection FILE`: the minimum bisection as a proven lower bound and the best cut found.
struct BisectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bisection",
        abstract: "Bracket the bisection bandwidth: a proven lower bound, the best balanced cut found, and the gap.",
        discussion: """
        The bisection is the least capacity crossing, in one direction, any split of the accelerators into halves \
        (switches may fall on either side). The upper bound is a cut found by structural, multilevel and spectral \
        search; the lower bound is proven by a routing certificate (uniform all-to-all, or an oblivious hose \
        routing through the top tier). See docs/bisection.md.
        """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    /// Search effort.
    enum Effort: String, ExpressibleByArgument, CaseIterable {
        case fast, thorough
    }

    @Argument(help: "A GraphML file (.graphml or .graphml.gz).")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: "Search effort: fast or thorough.")
    var effort: Effort = .fast

    @Option(help: "Write the witness cut's links, one per line with its file location, to this file ('-' for stdout).")
    var witness: String?

    @OptionGroup var importOptions: ImportOptions

    func run() throws {
        let progress = TerminalProgress("fabcheck bisection", phase: "import")
        let topology = try TopologyLoading.load(file, options: importOptions)
        progress.update("bracket (\(effort.rawValue) search, lower-bound certificate)")
        let graph = CSRGraph(topology)
        let bracket = BisectionBracket.compute(graph: graph, topology: topology, effort: effort == .fast ? .fast : .thorough)
        progress.finish()
        let report = BisectionReport(file: file, topology: topology, graph: graph, bracket: bracket, effort: effort.rawValue,
                                     includeWitness: witness != nil)
        switch format {
        case .json: print(try report.json())
        case .text: print(report.text(), terminator: "")
        }
        if let witness {
            let lines = report.witnessLines(topology: topology, graph: graph, bracket: bracket)
            if witness == "-" {
                print(lines, terminator: "")
            } else {
                do {
                    try Data(lines.utf8).write(to: URL(fileURLWithPath: witness))
                } catch {
                    TopologyLoading.printError("\(witness): error: cannot write the witness cut: \(error.localizedDescription)")
                    throw ExitCode(2)
                }
            }
        }
    }
}

/// The figures `fabcheck bisection` prints; encoded as JSON with sorted keys.
struct BisectionReport: Codable, Equatable {
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
    var lowerRatio: Double
    var upperRatio: Double
    var lowerMethod: String
    var upperMethod: String
    var sideAccelerators: [Int]
    var sideDevices: [Int]
    var cutLinks: Int
    var certificates: [Certificate]
    var witness: [WitnessLink]?

    init(file: String, topology: Topology, graph: CSRGraph, bracket: BisectionBracket, effort: String, includeWitness: Bool) {
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
        lowerRatio = (bracket.lowerRatio * 1e6).rounded() / 1e6
        upperRatio = (bracket.upperRatio * 1e6).rounded() / 1e6
        lowerMethod = bracket.lowerCertificate.kind.rawValue
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
            return WitnessLink(link: link.id ?? "", source: topology.devices[Int(link.source)].id,
                               target: topology.devices[Int(link.target)].id, capacityBps: capacity[index] ?? 0,
                               location: topology.location(ofLink: index).description)
        }
    }

    /// A value in the report's unit.
    func amount(_ value: Double) -> String {
        Bandwidth.format(capacity: value, inBitsPerSecond: unit == "bit/s")
    }

    /// One JSON object, keys sorted, no trailing newline.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The human-readable bracket.
    func text() -> String {
        func percent(_ ratio: Double) -> String { "\(Bandwidth.trimmedNumber((ratio * 1000).rounded() / 10))%" }
        var lines = [file]
        if let capacityNote { lines.append("  note:            \(capacityNote)") }
        lines.append("  accelerators:    \(accelerators) (sides \(sideAccelerators.map(String.init).joined(separator: " | ")))")
        lines.append("  lower bound:     \(amount(lowerBps)) (\(lowerMethod); \(percent(lowerRatio)) of full bisection)")
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
    func witnessLines(topology: Topology, graph: CSRGraph, bracket: BisectionBracket) -> String {
        let links = witness ?? Self.witnessLinks(topology: topology, graph: graph, bracket: bracket)
        return links.map { link in
            let name = link.link.isEmpty ? "" : "'\(link.link)' "
            return "\(link.location): \(name)('\(link.source)'~'\(link.target)') \(amount(link.capacityBps))"
        }.joined(separator: "\n") + (links.isEmpty ? "" : "\n")
    }
}
