import FabricGraph
import FabricModel

/// A bridge link or articulation switch whose loss disconnects accelerators from each other.
public struct SinglePointOfFailureRule: Rule {
    public static let description = RuleDescription(
        identifier: "single_point_of_failure",
        name: "Single point of failure",
        summary:
            "no bridge link and no articulation switch disconnects accelerator pairs (in a single-homed design an accelerator's own access link or switch is accepted)",
        rationale:
            "A training job spans every accelerator of the pod; one element whose loss splits them stops the job until a human replaces it. Found exactly by one depth-first search (Tarjan 1972) that also counts the accelerators each element separates.",
        kind: .redundancy,
        defaultSeverity: .error,
        analyses: [.connectivity],
        passingExamples: [
            RuleExample("leaf–spine with 2 spines, declared single-homed") {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2)
                builder.set("single_homed", .bool(true))
                return builder.topology
            },
            RuleExample("a ring") { ExampleDesigns.ring(count: 6).topology },
        ],
        failingExamples: [
            RuleExample("one spine", subjects: ["spine-0"]) {
                var builder = ExampleDesigns.leafSpine(leaves: 3, spines: 1, perLeaf: 2)
                builder.set("single_homed", .bool(true))
                return builder.topology
            },
            RuleExample("one leaf–spine link", subjects: ["leaf-1~spine-0"]) {
                var builder = ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2)
                builder.removeLinks(between: "leaf-1", "spine-1")
                builder.set("single_homed", .bool(true))
                return builder.topology
            },
            RuleExample("single-homed accelerators without the declaration", subjects: ["acc-0-0~leaf-0", "leaf-0"]) {
                ExampleDesigns.leafSpine(leaves: 2, spines: 2, perLeaf: 2).topology
            },
        ]
    )

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        let graph = context.graph
        let connectivity = context.connectivity
        let singleHomed = context.properties.singleHomed
        // Accelerators whose every cable lands on one device: their access link and switch are accepted when single-homed.
        var singleHomedBehind = [Int](repeating: 0, count: graph.vertexCount)
        var isSingleHomed = [Bool](repeating: false, count: graph.vertexCount)
        for vertex in graph.accelerators {
            var neighbour: Int32 = -1
            var single = true
            for arc in graph.arcs(from: vertex) {
                let head = graph.head[Int(arc)]
                if neighbour < 0 {
                    neighbour = head
                } else if neighbour != head {
                    single = false
                    break
                }
            }
            if single, neighbour >= 0 {
                isSingleHomed[Int(vertex)] = true
                singleHomedBehind[Int(neighbour)] += 1
            }
        }
        var findings: [Finding] = []
        for bridge in connectivity.bridges where bridge.singleLink && bridge.separatedAccelerators > 0 {
            let ends = [bridge.parent, bridge.child]
            if singleHomed, bridge.separatedAccelerators == 1, ends.contains(where: { isSingleHomed[Int($0)] }) { continue }
            let link = bridge.link
            findings.append(
                finding(
                    "link \(context.topology.describeLink(link)) is a single point of failure: losing it cuts \(bridge.separatedAccelerators) accelerator\(bridge.separatedAccelerators == 1 ? "" : "s") off",
                    subject: context.subject(link: link), at: context.location(link: link)))
        }
        for point in connectivity.articulationPoints where point.separatedAccelerators > 0 {
            let vertex = point.vertex
            if graph.isAccelerator[Int(vertex)] { continue }
            if singleHomed, point.separatedAccelerators <= singleHomedBehind[Int(vertex)] { continue }
            findings.append(
                finding(
                    "'\(context.id(device: vertex))' is a single point of failure: losing it cuts \(point.separatedAccelerators) accelerator\(point.separatedAccelerators == 1 ? "" : "s") off",
                    subject: context.subject(device: vertex), at: context.location(device: vertex)))
        }
        return findings
    }
}
