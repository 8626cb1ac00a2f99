import FabricModel

/// Scale-out bandwidth per accelerator in a design with more than one scale-up domain.
public struct ScaleOutBandwidthRule: Rule {
    /// The `gbps` threshold and its default levels.
    public static let gbps = Threshold("gbps", "scale-out bandwidth per accelerator in Gb/s per direction", .below, SeverityLevels(warning: 400))

    public static let description = RuleDescription(
        identifier: "scale_out_bandwidth",
        name: "Scale-out bandwidth per accelerator",
        summary: "in a design with several scale-up domains, every accelerator has scale-out bandwidth: none is an error, below 400 Gb/s a warning",
        rationale:
            "An accelerator without a scale-out link can only talk inside its scale-up domain; 400 Gb/s per GPU is the DGX H100/GB200 scale-out baseline (one ConnectX-7 per GPU).",
        kind: .performance,
        defaultSeverity: .error,
        thresholds: [gbps],
        analyses: [.structure],
        passingExamples: [RuleExample("400G per GPU") { ExampleDesigns.scaleUpNodes().topology }],
        failingExamples: [
            RuleExample("a GPU without its NIC link", subjects: ["gpu-1-2"]) {
                var builder = ExampleDesigns.scaleUpNodes()
                builder.removeLinks(between: "gpu-1-2", "leaf-0")
                return builder.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let graph = context.graph
        let structure = context.structure
        var domains = Set<Int32>()
        for vertex in graph.accelerators { domains.insert(structure.scaleUpDomain[Int(vertex)]) }
        guard domains.count > 1 else { return [] }
        var findings: [Finding] = []
        for vertex in graph.accelerators where graph.degree(of: vertex) > 0 {
            var capacity = 0.0
            for arc in graph.arcs(from: vertex) where !structure.isScaleUpLink[Int(graph.link[Int(arc)])] {
                capacity += graph.capacity[Int(arc)]
            }
            let id = context.id(device: vertex)
            if capacity <= 0 {
                findings.append(
                    finding(
                        .error,
                        "'\(id)' has no scale-out link; it can reach only the \(structure.scaleUpDomainSize[Int(vertex)]) accelerators of its scale-up domain",
                        subject: context.subject(device: vertex), at: context.location(device: vertex)))
                continue
            }
            guard graph.hasBandwidth, let severity = grade(capacity / 1e9, Self.gbps) else { continue }
            let level = settings[Self.gbps].level(for: severity).map { "\(formatNumber($0)) Gb/s" } ?? "?"
            findings.append(
                finding(
                    severity, "'\(id)' has \(Bandwidth.format(bitsPerSecond: capacity)) of scale-out bandwidth; at least \(level) recommended",
                    subject: context.subject(device: vertex), at: context.location(device: vertex)))
        }
        return findings
    }
}
