import Foundation
import FabricGraph
import FabricModel

/// What a rule sees: the topology, the design's declared properties, and analyses computed lazily, each at
/// most once per run and only when a running rule asks for it (Batfish's question/answer split).
public final class CheckContext: Sendable {
    /// The design under check.
    public let topology: Topology
    /// What the design declares about itself (file and configuration merged).
    public let properties: DesignProperties

    private let graphBox: LazyBox<CSRGraph>
    private let structureBox: LazyBox<FabricStructure>
    private let linkNamesBox: LazyBox<[String]>
    private let engine: EngineAnalyses

    /// Creates a context; nothing is computed until asked for.
    public init(topology: Topology, properties: DesignProperties) {
        self.topology = topology
        self.properties = properties
        let graphBox = LazyBox { CSRGraph(topology) }
        self.graphBox = graphBox
        let structureBox = LazyBox { FabricStructure(topology: topology, graph: graphBox.get()) }
        self.structureBox = structureBox
        self.engine = EngineAnalyses(topology: topology, properties: properties, graph: graphBox, structure: structureBox)
        self.linkNamesBox = LazyBox { CheckContext.linkNames(of: topology) }
    }

    /// Creates a context with the properties the topology declares itself.
    public convenience init(topology: Topology) {
        self.init(topology: topology, properties: DesignProperties(topology: topology))
    }

    /// The CSR graph of the topology.
    public var graph: CSRGraph { graphBox.get() }

    /// Tiers, scale-up domains and per-device capacities by direction.
    public var structure: FabricStructure { structureBox.get() }

    /// Components, bridges and articulation points with the accelerators each separates (Tarjan 1972).
    public var connectivity: ConnectivityAnalysis { engine.connectivity.get() }

    /// The minimum number of edge-disjoint paths between accelerators with a witness pair and cut (in a
    /// single-homed design, measured from the access switches of single-homed accelerators).
    public var edgeConnectivity: AcceleratorCut? { engine.edgeConnectivity.get() }

    /// ECMP diameter (overall and per pod) and all-to-all loads.
    public var routing: RoutingSummary { engine.routing.get() }

    /// Fewest equal-cost paths between sampled accelerators of different pods.
    public var pathDiversity: PathDiversitySurvey { engine.pathDiversity.get() }

    /// The certified bisection bracket (lower and upper bound with certificates).
    public var bisection: BisectionBracket { engine.bisection.get() }

    /// The channel-dependency graph of minimal routing with the declared virtual lanes, with a cycle if any.
    public var channelDependency: ChannelDependencyAnalysis { engine.channelDependency.get() }

    /// Computes the given analyses now, using both cores, so rules later read them without waiting.
    public func prepare(_ analyses: Set<Analysis>) {
        let list = analyses.sorted()
        DispatchQueue.concurrentPerform(iterations: list.count) { index in
            self.compute(list[index])
        }
    }

    private func compute(_ analysis: Analysis) {
        switch analysis {
        case .graph: _ = graph
        case .structure: _ = structure
        case .connectivity: _ = connectivity
        case .edgeConnectivity: _ = edgeConnectivity
        case .routing: _ = routing; _ = pathDiversity
        case .bisection: _ = bisection
        case .blastRadius: _ = connectivity
        case .channelDependency: if properties.lossless { _ = channelDependency }
        }
    }

    // MARK: subjects and locations

    /// The subject for the device at `index`.
    public func subject(device index: Int32) -> FindingSubject { FindingSubject(.device, topology.devices[Int(index)].id) }

    /// The subject for the link at `index`: its edge id, else `source~target`, with `#n` for the n-th parallel link.
    public func subject(link index: Int32) -> FindingSubject { FindingSubject(.link, linkNamesBox.get()[Int(index)]) }

    /// The subject for the design as a whole.
    public var designSubject: FindingSubject {
        FindingSubject(.design, topology.file.split(separator: "/").last.map(String.init) ?? topology.file)
    }

    /// Where the device at `index` is declared.
    public func location(device index: Int32) -> SourceLocation { topology.location(ofDevice: index) }

    /// Where the link at `index` is declared.
    public func location(link index: Int32) -> SourceLocation { topology.location(ofLink: index) }

    /// Where the design is declared: the top-level `<graph>` element, else the file.
    public var designLocation: SourceLocation {
        if let first = topology.graphs.first { return SourceLocation(file: topology.file, position: first.position) }
        return SourceLocation(file: topology.file, line: 0, column: 0)
    }

    /// The id of the device at `index`.
    public func id(device index: Int32) -> String { topology.devices[Int(index)].id }

    private static func linkNames(of topology: Topology) -> [String] {
        var seen: [String: Int] = [:]
        var names: [String] = []
        names.reserveCapacity(topology.links.count)
        for link in topology.links {
            if let id = link.id {
                names.append(id)
                continue
            }
            let base = "\(topology.devices[Int(link.source)].id)~\(topology.devices[Int(link.target)].id)"
            let ordinal = seen[base, default: 0]
            seen[base] = ordinal + 1
            names.append(ordinal == 0 ? base : "\(base)#\(ordinal + 1)")
        }
        return names
    }
}
