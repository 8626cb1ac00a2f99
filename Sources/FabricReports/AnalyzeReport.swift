import FabricGraph
import FabricModel
import Foundation

/// The figures `fabcheck analyze` prints; encoded as JSON with sorted keys.
public struct AnalyzeReport: Codable, Equatable, Sendable {
    /// Version of this JSON layout.
    static let currentSchemaVersion = 1
    /// Routing work (destination passes × (V + E)) above which all-pairs figures are replaced by bounds.
    static let workLimit = 4e10

    /// A device or link that disconnects accelerators when it fails.
    struct CriticalElement: Codable, Equatable {
        var kind: String
        var id: String
        var strandedAccelerators: Int
        var location: String
    }

    /// Hop diameter among accelerators: exact, or bounds when all pairs are too costly.
    struct Diameter: Codable, Equatable {
        var exact: Bool
        var lower: Int
        var upper: Int
    }

    /// One hot link direction.
    struct Hot: Codable, Equatable {
        var link: String
        var from: String
        var to: String
        var utilization: Double
        var loadBps: Double
        var capacityBps: Double
        var location: String
    }

    /// Utilization of the links between two tiers.
    struct Tier: Codable, Equatable {
        var tiers: String
        var arcs: Int
        var maxUtilization: Double
        var meanUtilization: Double
        /// Arcs per 10% bucket of utilization at the sustainable throughput (hottest link = 100%).
        var histogram: [Int]
    }

    var schemaVersion: Int
    var file: String
    /// The forwarding model used for routing and connectivity (one line).
    var forwarding: String
    var unit: String
    /// What capacity figures mean when not plain bit/s (all in cables, or links excluded for lack of a bandwidth).
    var capacityNote: String?
    var devices: Int
    var accelerators: Int
    var cables: Int
    var components: Int
    var acceleratorComponents: Int
    var acceleratorsOutsideLargestComponent: Int
    var bridges: Int
    var bridgesSimple: Int
    var articulationPoints: Int
    var twoEdgeConnectedComponents: Int
    var criticalElements: [CriticalElement]
    var edgeConnectivity: Int
    var edgeConnectivitySimple: Int
    var minCutBps: Double
    var minCutLinks: [String]
    var diameter: Diameter?
    var hopHistogram: [Int]
    var minPathCount: Double?
    var meanPathCount: Double?
    var traffic: String
    var routing: String
    var routedPairs: Int
    var unroutedPairs: Int
    /// Accelerators the traffic runs among (the largest connected part) and those outside it.
    var acceleratorsInTraffic: Int?
    var strandedAccelerators: Int?
    var maxUtilization: Double?
    var throughput: Double?
    var hottestLinks: [Hot]
    var tierUtilization: [Tier]
    var destinationPasses: Int
    var bisectionLowerBps: Double?
    var bisectionUpperBps: Double?
    var bisectionFullBps: Double?

    public init(file: String, topology: Topology, pattern: TrafficPattern, scheme: RoutingScheme, top: Int, bisection: Bool) throws(GraphError) {
        let graph = CSRGraph(topology)
        schemaVersion = Self.currentSchemaVersion
        self.file = file
        forwarding = graph.forwarding.line
        unit = graph.hasBandwidth ? "bit/s" : "cables"
        capacityNote = topology.capacityUnitNote()
        devices = graph.vertexCount
        accelerators = graph.accelerators.count
        cables = graph.arcCount / 2
        let connectivity = graph.connectivity()
        components = connectivity.componentCount
        acceleratorComponents = connectivity.acceleratorComponentCount
        acceleratorsOutsideLargestComponent = connectivity.acceleratorsOutsideLargest
        bridges = connectivity.multigraphBridges.count
        bridgesSimple = connectivity.bridges.count
        articulationPoints = connectivity.articulationPoints.count
        twoEdgeConnectedComponents = connectivity.twoEdgeComponentCount
        var critical: [CriticalElement] = []
        for bridge in connectivity.bridges where bridge.singleLink && bridge.strandedAccelerators > 0 {
            critical.append(
                CriticalElement(
                    kind: "link", id: Self.linkName(topology, bridge.link), strandedAccelerators: bridge.strandedAccelerators,
                    location: topology.location(ofLink: bridge.link).description))
        }
        for point in connectivity.articulationPoints where point.strandedAccelerators > 0 {
            critical.append(
                CriticalElement(
                    kind: "device", id: topology.devices[Int(point.vertex)].id, strandedAccelerators: point.strandedAccelerators,
                    location: topology.location(ofDevice: point.vertex).description))
        }
        critical.sort { ($1.strandedAccelerators, $0.kind, $0.location) < ($0.strandedAccelerators, $1.kind, $1.location) }
        criticalElements = Array(critical.prefix(top))
        edgeConnectivity = Int(graph.edgeConnectivity()?.value ?? 0)
        edgeConnectivitySimple = Int(graph.edgeConnectivity(simple: true)?.value ?? 0)
        let cut = graph.minimumBandwidthCut()
        minCutBps = Self.round(cut?.value ?? 0)
        minCutLinks = (cut?.cutLinks ?? []).prefix(max(top, 1) * 10).map { Self.linkName(topology, $0) }

        // All-pairs shortest paths among accelerators in the largest component: diameter, hops, path counts.
        let largest = connectivity.largestAcceleratorComponent
        let members = graph.accelerators.filter { connectivity.componentOf[Int($0)] == largest }
        let candidates = TrafficAnalysis.symmetryCandidates(topology: topology)
        let grid = TrafficAnalysis.coordinates(topology: topology)
        let uniform = graph.route(
            .uniform(groups: [members]), symmetryCandidates: candidates, coordinates: grid?.values,
            dimensions: grid?.dimensions ?? 0, workLimit: Self.workLimit)
        if let uniform, let value = uniform.diameter {
            diameter = Diameter(exact: true, lower: value, upper: value)
        } else if let bounds = graph.acceleratorDiameterBounds() {
            diameter = Diameter(exact: bounds.lower == bounds.upper, lower: bounds.lower, upper: bounds.upper)
        } else {
            diameter = nil
        }
        hopHistogram = uniform?.hopHistogram ?? []
        minPathCount = uniform?.minPathCount
        meanPathCount = uniform?.meanPathCount

        traffic = pattern.name
        routing = scheme.rawValue
        let report = try TrafficAnalysis.analyze(
            topology: topology, graph: graph, pattern: pattern, scheme: scheme,
            hottestCount: top, workLimit: Self.workLimit)
        routedPairs = report?.routed.routedPairs ?? 0
        unroutedPairs = report?.routed.unroutedPairs ?? 0
        acceleratorsInTraffic = report?.acceleratorsInTraffic
        strandedAccelerators = report?.strandedAccelerators
        maxUtilization = report.map { Self.round($0.maxUtilization) }
        throughput = report.map { Self.round($0.throughput) }
        destinationPasses = report?.routed.destinationPasses ?? 0
        hottestLinks = (report?.hottest ?? []).map { hot in
            Hot(
                link: Self.linkName(topology, hot.link), from: topology.devices[Int(hot.from)].id, to: topology.devices[Int(hot.to)].id,
                utilization: Self.round(hot.utilization), loadBps: Self.round(hot.load), capacityBps: hot.capacity,
                location: topology.location(ofLink: hot.link).description)
        }
        tierUtilization = (report?.tiers ?? []).map { tier in
            Tier(
                tiers: "\(tier.lowerTier)-\(tier.upperTier)", arcs: tier.arcs, maxUtilization: Self.round(tier.maxUtilization),
                meanUtilization: Self.round(tier.meanUtilization), histogram: tier.buckets)
        }
        if bisection, members.count == graph.accelerators.count {
            let bracket = BisectionBracket.compute(graph: graph, topology: topology, allToAllLoads: uniform?.arcLoad)
            bisectionLowerBps = Self.round(bracket.lower)
            bisectionUpperBps = Self.round(bracket.upper)
            bisectionFullBps = Self.round(bracket.fullBisection)
        }
    }

    /// Rounds to 9 significant decimals so the JSON is stable across platforms.
    static func round(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let scale = pow(10, 9 - (log10(abs(value))).rounded(.up))
        return (value * scale).rounded() / scale
    }

    static func linkName(_ topology: Topology, _ link: Int32) -> String {
        let record = topology.links[Int(link)]
        if let id = record.id { return id }
        return "\(topology.devices[Int(record.source)].id)~\(topology.devices[Int(record.target)].id)"
    }

    /// JSON with sorted keys.
    public func json() throws -> String { try ReportJSON.encode(self) }

    /// The human summary.
    public func text() -> String {
        func bandwidth(_ value: Double) -> String {
            Bandwidth.format(capacity: Self.round(value), inBitsPerSecond: unit == "bit/s")
        }
        var lines: [String] = []
        lines.append("\(file): \(devices) devices, \(accelerators) accelerators, \(cables) cables")
        lines.append(forwarding)
        if let capacityNote { lines.append("note: \(capacityNote)") }
        lines.append("connectivity:")
        lines.append(
            "  components: \(components) (\(acceleratorComponents) with accelerators, \(acceleratorsOutsideLargestComponent) accelerators outside the largest)")
        lines.append("  bridges: \(bridges) single-cable (\(bridgesSimple) in the simple view); articulation points: \(articulationPoints)")
        lines.append("  edge connectivity among accelerators: \(edgeConnectivity) cables (\(edgeConnectivitySimple) with parallel links merged)")
        lines.append("  minimum cut among accelerators: \(bandwidth(minCutBps)) over \(minCutLinks.count) links")
        if !criticalElements.isEmpty {
            lines.append("  critical elements (accelerators stranded):")
            for element in criticalElements {
                lines.append("    \(element.location): \(element.kind) '\(element.id)' strands \(element.strandedAccelerators)")
            }
        }
        lines.append("paths among accelerators:")
        if let diameter {
            lines.append(
                "  diameter: " + (diameter.exact ? "\(diameter.upper) hops" : "\(diameter.lower)–\(diameter.upper) hops (bounds; all pairs too costly)"))
        }
        if !hopHistogram.isEmpty {
            let parts = hopHistogram.enumerated().filter { $0.element > 0 }.map { "\($0.offset): \($0.element)" }
            lines.append("  ordered pairs by hops: " + parts.joined(separator: ", "))
        }
        if let minPathCount, let meanPathCount {
            lines.append("  equal-cost paths per pair: min \(Self.round(minPathCount)), mean \(Self.round(meanPathCount))")
        }
        lines.append("traffic \(traffic), routing \(routing):")
        if let maxUtilization, let throughput {
            lines.append("  max utilization ρ: \(maxUtilization) at full injection; throughput 1/ρ: \(throughput) of injection bandwidth")
            lines.append("  routed pairs: \(routedPairs), unrouted: \(unroutedPairs)")
            if let inTraffic = acceleratorsInTraffic, let stranded = strandedAccelerators, stranded > 0 {
                lines.append("  among \(inTraffic) connected accelerators; \(stranded) cut off from them not in the traffic")
            }
            for tier in tierUtilization {
                lines.append(
                    "  tiers \(tier.tiers): \(tier.arcs) directions, max \(tier.maxUtilization), mean \(tier.meanUtilization), histogram \(tier.histogram)")
            }
            if !hottestLinks.isEmpty {
                lines.append("  hottest links:")
                for hot in hottestLinks {
                    lines.append(
                        "    \(hot.location): '\(hot.link)' \(hot.from) -> \(hot.to) at \(hot.utilization) (\(bandwidth(hot.loadBps)) of \(bandwidth(hot.capacityBps)))"
                    )
                }
            }
        } else {
            lines.append("  skipped: routing every destination would exceed \(Self.workLimit) steps")
        }
        if let lower = bisectionLowerBps, let upper = bisectionUpperBps, let full = bisectionFullBps {
            lines.append("bisection: \(bandwidth(lower)) ≤ minimum ≤ \(bandwidth(upper)) (full bisection \(bandwidth(full)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
