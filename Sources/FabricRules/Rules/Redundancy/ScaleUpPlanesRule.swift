import FabricModel

/// An accelerator with too few scale-up planes, or one switch carrying too much of its scale-up bandwidth.
public struct ScaleUpPlanesRule: Rule {
    /// The `planes` threshold and its default levels.
    public static let planes = Threshold("planes", "distinct scale-up switches of an accelerator", .below, SeverityLevels(warning: 4))
    /// The `share` threshold and its default levels.
    public static let share = Threshold("share", "largest fraction of an accelerator's scale-up bandwidth on one switch", .above, SeverityLevels(error: 0.5))

    public static let description = RuleDescription(
        identifier: "scale_up_planes",
        name: "Scale-up planes",
        summary: "a switched scale-up domain gives each accelerator at least 4 planes, no switch carrying over 50% of its scale-up bandwidth",
        rationale:
            "DGX H100 spreads each GPU's 18 NVLinks over 4 NVSwitch chips (5/4/4/5), GB200 NVL72 over 18, CloudMatrix384 over 7 UB planes: losing one chip then costs a fraction of the bandwidth, not the domain.",
        kind: .redundancy,
        defaultSeverity: .warning,
        thresholds: [
            planes,
            share,
        ],
        analyses: [.structure],
        passingExamples: [RuleExample("4 planes, 2 links each") { ExampleDesigns.scaleUpNodes(linksPerPlane: [2, 2, 2, 2]).topology }],
        failingExamples: [
            RuleExample("2 planes", subjects: ["gpu-0-0"]) { ExampleDesigns.scaleUpNodes(linksPerPlane: [2, 2]).topology },
            RuleExample("one switch carries 6 of 9 links", subjects: ["gpu-1-3"]) { ExampleDesigns.scaleUpNodes(linksPerPlane: [6, 1, 1, 1]).topology },
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let graph = context.graph
        let structure = context.structure
        var findings: [Finding] = []
        var switches: [Int32] = []
        var capacity: [Double] = []
        for vertex in graph.accelerators {
            switches.removeAll(keepingCapacity: true)
            capacity.removeAll(keepingCapacity: true)
            var total = 0.0
            var direct = false
            for arc in graph.arcs(from: vertex) where structure.isScaleUpLink[Int(graph.link[Int(arc)])] {
                let head = graph.head[Int(arc)]
                if graph.isAccelerator[Int(head)] {
                    direct = true
                    break
                }
                let value = max(graph.capacity[Int(arc)], graph.capacity[Int(graph.reverse[Int(arc)])])
                total += value
                if let slot = switches.firstIndex(of: head) {
                    capacity[slot] += value
                } else {
                    switches.append(head)
                    capacity.append(value)
                }
            }
            // Planes apply to switched scale-up domains; direct meshes and tori get redundancy from their own links.
            guard !direct, !switches.isEmpty, total > 0 else { continue }
            let top = capacity.indices.max { capacity[$0] < capacity[$1] || (capacity[$0] == capacity[$1] && switches[$0] > switches[$1]) } ?? 0
            let share = capacity[top] / total
            let id = context.id(device: vertex)
            if let severity = grade(share, Self.share) {
                findings.append(
                    finding(
                        severity,
                        "'\(context.switchName(switches[top]))' carries \(formatPercent(share)) of '\(id)''s scale-up bandwidth; at most \(levelText(Self.share, severity, formatPercent)) allowed",
                        subject: context.subject(device: vertex), at: context.location(device: vertex),
                        related: [RelatedLocation("switch '\(context.switchName(switches[top]))'", context.location(device: switches[top]))]))
            } else if let severity = grade(Double(switches.count), Self.planes) {
                let level = levelText(Self.planes, severity)
                findings.append(
                    finding(
                        severity,
                        "'\(id)' has \(switches.count) scale-up plane\(switches.count == 1 ? "" : "s"); at least \(level) recommended",
                        subject: context.subject(device: vertex), at: context.location(device: vertex)))
            }
        }
        return findings
    }
}

extension CheckContext {
    /// The id of a device, for messages.
    func switchName(_ index: Int32) -> String { id(device: index) }
}
