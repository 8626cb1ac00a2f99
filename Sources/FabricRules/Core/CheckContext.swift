import FabricGraph
import FabricModel
import Foundation

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
    private let blastRadiusBoxes = KeyedBoxes<Double, SingleFailureSurvey>()

    /// Where analysis times are recorded, if anywhere.
    public let timings: CheckTimings?

    /// Creates a context; nothing is computed until asked for. With `timings`, each analysis records its time; with
    /// `bisectionReference`, the bisection bracket also bounds the design from a related design's bracket.
    public init(topology: Topology, properties: DesignProperties, timings: CheckTimings? = nil, bisectionReference: BisectionReferenceSource? = nil) {
        self.topology = topology
        self.properties = properties
        self.timings = timings
        let graphBox = LazyBox("graph", timings: timings) { CSRGraph(topology) }
        self.graphBox = graphBox
        let structureBox = LazyBox("structure", timings: timings) { FabricStructure(topology: topology, graph: graphBox.get()) }
        self.structureBox = structureBox
        self.engine = EngineAnalyses(
            topology: topology, properties: properties, graph: graphBox, structure: structureBox,
            timings: timings, bisectionReference: bisectionReference)
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

    /// This design as a reference for a related design's bracket (`BisectionReferenceSource.deferred`): its own
    /// bracket's lower bound, without the bound this context takes from a deferred reference (no cycle between two
    /// contexts that reference each other).
    public func bisectionReference(name: String) -> BisectionReference {
        BisectionReference(topology: topology, graph: graph, lower: engine.directBisection.get().lower, name: name)
    }

    /// The single-failure blast radius survey with the default loss fraction (25% of an accelerator's own capacity).
    public var blastRadius: SingleFailureSurvey { blastRadius(lossFraction: SingleFailureSurvey.defaultLossFraction) }

    /// The single-failure blast radius survey counting accelerators that lose at least `lossFraction` of their own
    /// link capacity as degraded; computed once per fraction.
    public func blastRadius(lossFraction: Double) -> SingleFailureSurvey {
        let box = blastRadiusBoxes.box(for: lossFraction) { [topology, graphBox, engine, timings] in
            LazyBox("blastRadius", timings: timings) {
                SingleFailureSurvey(topology: topology, graph: graphBox.get(), connectivity: engine.connectivity.get(), lossFraction: lossFraction)
            }
        }
        return box.get()
    }

    /// The channel-dependency graph of minimal routing with the declared virtual lanes, with a cycle if any.
    public var channelDependency: ChannelDependencyAnalysis { engine.channelDependency.get() }

    /// Computes the given analyses now, using both cores, so rules later read them without waiting.
    public func prepare(_ analyses: Set<Analysis>) {
        // Independent computations, the usually slowest first so the cores stay busy to the end.
        var tasks: [@Sendable (CheckContext) -> Void] = []
        if analyses.contains(.channelDependency), properties.lossless { tasks.append { _ = $0.channelDependency } }
        if analyses.contains(.bisection) { tasks.append { _ = $0.bisection } }
        if analyses.contains(.routing) {
            tasks.append { _ = $0.routing }
            tasks.append { _ = $0.pathDiversity }
        }
        if analyses.contains(.edgeConnectivity) { tasks.append { _ = $0.edgeConnectivity } }
        if analyses.contains(.blastRadius) { tasks.append { _ = $0.blastRadius } }
        if analyses.contains(.connectivity) { tasks.append { _ = $0.connectivity } }
        if analyses.contains(.structure) { tasks.append { _ = $0.structure } }
        if analyses.contains(.graph) { tasks.append { _ = $0.graph } }
        // The graph first (every analysis needs it), beside the symmetry candidates when an analysis will verify them
        // (they need only the topology): both cores busy from the start.
        let candidates = analyses.contains(.routing) || (analyses.contains(.channelDependency) && properties.lossless)
        DispatchQueue.concurrentPerform(iterations: candidates ? 2 : 1) { index in
            if index == 0 { _ = self.graph } else { _ = self.engine.symmetryCandidates.get() }
        }
        let list = tasks
        DispatchQueue.concurrentPerform(iterations: list.count) { index in list[index](self) }
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

    /// The name each link has in finding subjects: its id, else `source~target` (`#2`, `#3`, ... for further
    /// parallel links of the pair without id), in link order.
    public static func linkNames(of topology: Topology) -> [String] {
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
