import FabricGraph
import FabricModel

/// A lossless fabric whose routing's channel-dependency graph has a cycle with the declared virtual lanes.
public struct DeadlockFreedomRule: Rule {
    public static let description = RuleDescription(
        identifier: "deadlock_freedom",
        name: "Deadlock freedom",
        summary:
            "in a lossless fabric (`lossless: true`), the channel-dependency graph of the routing in use is acyclic with the declared `virtual_lanes`; one cycle is reported as the witness",
        rationale:
            "PFC and credit-based fabrics never drop, so a cycle of buffers each waiting on the next freezes every flow through it (Dally and Seitz 1987). Routing: dimension order with dateline lanes for tori and meshes with coordinates (2 lanes for rings); elsewhere all shortest paths with a new lane at every valley of the up/down order (a dragonfly's local–global–local path needs 2). Accelerators forward only inside direct networks.",
        kind: .performance,
        defaultSeverity: .error,
        analyses: [.structure, .channelDependency],
        passingExamples: [
            RuleExample("lossless ring of 8 with 2 virtual lanes") {
                var builder = ExampleDesigns.ring(count: 8)
                builder.set("lossless", .bool(true))
                builder.set("virtual_lanes", .int(2))
                return builder.topology
            }
        ],
        failingExamples: [
            RuleExample("lossless ring of 8 with 1 virtual lane", subjects: ["<example ring>"]) {
                var builder = ExampleDesigns.ring(count: 8)
                builder.set("lossless", .bool(true))
                return builder.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        // Imported InfiniBand forwarding tables mean a credit-based (lossless) fabric.
        guard context.properties.lossless || context.topology.forwardingState != nil else { return [] }
        let analysis = context.channelDependency
        let graph = context.graph
        let lanes = analysis.virtualLanes
        let laneText = "\(lanes) virtual lane\(lanes == 1 ? "" : "s")"
        let classes = "\(analysis.destinationClasses) destination class\(analysis.destinationClasses == 1 ? "" : "es")"
        guard let cycle = analysis.cycle else {
            let scheme = RoutingScheme.resolved(context.topology)
            // A built graph without a cycle is a proof with the declared lanes; the lane count is the fallback's verdict.
            if scheme.isNonMinimal && analysis.lanesNeeded > lanes && analysis.method != .dependencyGraph {
                let message =
                    "\(scheme.rawValue) routing needs \(analysis.lanesNeeded) virtual lanes for deadlock freedom"
                    + " (one set per phase, twice the \(analysis.lanesNeeded / 2) of its minimal legs); the design declares \(laneText)"
                return [finding(message, subject: context.designSubject, at: context.designLocation)]
            }
            if analysis.method == .hopBound {
                return [
                    finding(
                        .note,
                        "the channel-dependency graph of the routing is acyclic with \(laneText): no routed path is long enough to need more than \(analysis.lanesNeeded) lane\(analysis.lanesNeeded == 1 ? "" : "s") (\(classes)), and each lane carries only up*/down* segments",
                        subject: context.designSubject, at: context.designLocation)
                ]
            }
            if analysis.method == .laneScheme {
                return [
                    finding(
                        .note,
                        "the channel-dependency graph of the routing is acyclic with \(laneText): the lane scheme needs \(analysis.lanesNeeded) over \(analysis.destinationClasses == 1 ? "its one destination class" : "all \(classes)"), and each lane carries only up*/down* (or dateline) segments",
                        subject: context.designSubject, at: context.designLocation)
                ]
            }
            if context.topology.forwardingState?.lanes != nil {
                return [
                    finding(
                        .note,
                        "the channel-dependency graph of the imported routes is acyclic in the \(analysis.lanesNeeded) virtual lane"
                            + "\(analysis.lanesNeeded == 1 ? "" : "s") their service levels take (SL-to-VL; \(analysis.dependencyCount) dependencies)",
                        subject: context.designSubject, at: context.designLocation)
                ]
            }
            let scope =
                analysis.sampled
                ? "; sampled \(analysis.destinationsChecked) of \(analysis.destinationClasses) destination classes, so not a proof"
                : ""
            return [
                finding(
                    .note,
                    "the channel-dependency graph of the routing is acyclic with \(laneText) (\(analysis.dependencyCount) dependencies; the lane scheme uses \(analysis.lanesNeeded)\(scope))",
                    subject: context.designSubject, at: context.designLocation)
            ]
        }
        func name(_ channel: ChannelDependencyAnalysis.Channel) -> String {
            let tail = graph.head[Int(graph.reverse[Int(channel.arc)])]
            return "'\(context.id(device: tail))'→'\(context.id(device: graph.head[Int(channel.arc)]))' (lane \(channel.lane))"
        }
        let shown = cycle.prefix(12).map(name).joined(separator: ", ")
        let more = cycle.count > 12 ? ", ... (\(cycle.count - 12) more)" : ""
        let needed =
            analysis.lanesNeeded >= ChannelDependencyAnalysis.laneLimit
            ? "\(ChannelDependencyAnalysis.laneLimit) or more"
            : analysis.lanesNeededIsLowerBound ? "at least \(analysis.lanesNeeded)" : "\(analysis.lanesNeeded)"
        let related = cycle.prefix(12).map { channel in
            RelatedLocation("channel \(name(channel))", context.location(link: graph.link[Int(channel.arc)]))
        }
        return [
            finding(
                "lossless fabric can deadlock with \(laneText): the channel-dependency graph has a cycle of \(cycle.count) channels: \(shown)\(more); the lane scheme needs \(needed)",
                subject: context.designSubject, at: context.designLocation, related: Array(related))
        ]
    }
}
