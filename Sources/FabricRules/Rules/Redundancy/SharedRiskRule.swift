import FabricGraph
import FabricModel

/// All redundant links of an accelerator (or all uplinks of a leaf) share one shared-risk link group.
public struct SharedRiskRule: Rule {
    public static let description = RuleDescription(
        identifier: "shared_risk",
        name: "Shared risk",
        summary: "the redundant links of an accelerator (and the uplinks of a leaf) do not all share one SRLG",
        rationale:
            "Two links in one conduit, cable tray or patch panel fail together: redundancy that shares a risk group is not redundancy. Applies only where the file declares SRLGs; the SRLG of the device's own rack (`rack:R`) is ignored, as the device fails with it.",
        kind: .redundancy,
        defaultSeverity: .error,
        analyses: [.structure],
        passingExamples: [
            RuleExample("dual-homed, one bundle per leaf") {
                var builder = ExampleBuilder("srlg")
                builder.switch("leaf-0", tier: 1)
                builder.switch("leaf-1", tier: 1)
                builder.switch("spine-0", tier: 2)
                builder.accelerator("acc-0")
                builder.accelerator("acc-1")
                for acc in ["acc-0", "acc-1"] {
                    builder.link(acc, "leaf-0", srlgs: ["tray-a"])
                    builder.link(acc, "leaf-1", srlgs: ["tray-b"])
                }
                builder.link("leaf-0", "spine-0", srlgs: ["tray-a"])
                builder.link("leaf-1", "spine-0", srlgs: ["tray-b"])
                return builder.topology
            }
        ],
        failingExamples: [
            RuleExample("both links of acc-0 in tray-a", subjects: ["acc-0"]) {
                var builder = ExampleBuilder("srlg")
                builder.switch("leaf-0", tier: 1)
                builder.switch("leaf-1", tier: 1)
                builder.switch("spine-0", tier: 2)
                builder.accelerator("acc-0")
                builder.accelerator("acc-1")
                builder.link("acc-0", "leaf-0", srlgs: ["tray-a"])
                builder.link("acc-0", "leaf-1", srlgs: ["tray-a"])
                builder.link("acc-1", "leaf-0", srlgs: ["tray-a"])
                builder.link("acc-1", "leaf-1", srlgs: ["tray-b"])
                builder.link("leaf-0", "spine-0", srlgs: ["tray-a"])
                builder.link("leaf-1", "spine-0", srlgs: ["tray-b"])
                return builder.topology
            }
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let topology = context.topology
        guard !topology.srlgs.isEmpty else { return [] }
        let graph = context.graph
        let structure = context.structure
        var findings: [Finding] = []
        var links: [Int32] = []
        var neighbours: [Int32] = []
        for vertex in 0..<Int32(graph.vertexCount) {
            let isAccelerator = graph.isAccelerator[Int(vertex)]
            let isLeaf =
                !isAccelerator && topology.devices[Int(vertex)].role == .switch && structure.level[Int(vertex)] == 1
                && !structure.isScaleUpSwitch[Int(vertex)]
            guard isAccelerator || isLeaf else { continue }
            links.removeAll(keepingCapacity: true)
            neighbours.removeAll(keepingCapacity: true)
            for arc in graph.arcs(from: vertex) {
                let link = graph.link[Int(arc)]
                if structure.isScaleUpLink[Int(link)] { continue }
                let head = graph.head[Int(arc)]
                if isAccelerator ? graph.isAccelerator[Int(head)] : structure.level[Int(head)] <= 1 { continue }
                if links.last != link { links.append(link) }
                if !neighbours.contains(head) { neighbours.append(head) }
            }
            // Redundancy exists only with two or more neighbours; then a group holding all the links defeats it.
            guard neighbours.count >= 2 else { continue }
            var common = topology.links[Int(links[0])].srlgs
            for link in links.dropFirst() where !common.isEmpty {
                let groups = topology.links[Int(link)].srlgs
                common.removeAll { !groups.contains($0) }
            }
            let rack = topology.devices[Int(vertex)].rack
            common.removeAll { SingleFailureSurvey.sharesFate(srlg: topology.srlgs[Int($0)], rack: rack) }
            guard let group = common.first else { continue }
            let what = isAccelerator ? "links" : "uplinks"
            findings.append(
                finding(
                    "all \(links.count) \(what) of '\(context.id(device: vertex))' to \(neighbours.count) switches share SRLG '\(topology.srlgs[Int(group)])'",
                    subject: context.subject(device: vertex), at: context.location(device: vertex),
                    related: links.prefix(4).map { RelatedLocation("link \(topology.describeLink($0))", context.location(link: $0)) }))
        }
        return findings
    }
}
