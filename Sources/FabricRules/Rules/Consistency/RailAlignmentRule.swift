import FabricModel

/// In a rail-optimized (or multi-plane) design, an accelerator cabled to a leaf of another rail (or plane).
public struct RailAlignmentRule: Rule {
    public static let description = RuleDescription(
        identifier: "rail_alignment",
        name: "Rail alignment",
        summary: "every scale-out link of an accelerator with a `rail` (or `plane`) lands on a switch of that rail (or plane)",
        rationale:
            "In a rail-optimized fabric (DGX SuperPOD, Meta's RoCE clusters) GPU k of every server is cabled to the leaves of rail k, so same-rank GPUs talk through one leaf hop; a GPU plugged into another rail's leaf sends that traffic over the spines and breaks the rail's symmetry. A switch's rail is its `rail` value, or, when it has none, the rail of a strict majority (at least 2) of the accelerators cabled to it. Designs whose accelerators declare neither rail nor plane are skipped with a note.",
        kind: .consistency,
        defaultSeverity: .error,
        analyses: [.structure],
        passingExamples: [
            RuleExample("2 servers × 2 rails, each GPU on its rail's leaf") { RailAlignmentRule.railPod(misplugged: false, leafRails: true) },
            RuleExample("leaves without rail, rails clear from their GPUs") { RailAlignmentRule.railPod(misplugged: false, leafRails: false) },
        ],
        failingExamples: [
            RuleExample("a rail-0 GPU cabled to the rail-1 leaf", subjects: ["gpu-s2-0~leaf-r1"]) {
                RailAlignmentRule.railPod(misplugged: true, leafRails: true)
            },
            RuleExample("the same, leaves without rail", subjects: ["gpu-s2-0~leaf-r1"]) {
                RailAlignmentRule.railPod(misplugged: true, leafRails: false)
            },
        ]
    )

    /// 3 servers of 2 GPUs (`gpu-sN-R`, rail R), a leaf per rail (`leaf-rR`) and a spine; with `misplugged`,
    /// `gpu-s2-0` is cabled to `leaf-r1`.
    static func railPod(misplugged: Bool, leafRails: Bool) -> Topology {
        var builder = ExampleBuilder("rail pod")
        for rail in 0..<2 { builder.device("leaf-r\(rail)", .switch, tier: 1, rail: leafRails ? rail : nil) }
        builder.device("spine-0", .switch, tier: 2)
        for server in 0..<3 {
            for rail in 0..<2 {
                let id = "gpu-s\(server)-\(rail)"
                builder.device(id, .accelerator, tier: 0, rack: "server-\(server)", rail: rail)
                builder.link(id, "leaf-r\(misplugged && server == 2 && rail == 0 ? 1 : rail)")
            }
        }
        for rail in 0..<2 { builder.link("leaf-r\(rail)", "spine-0", multiplicity: 3) }
        return builder.topology
    }

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    /// - Complexity: O(V + E): one pass over the accelerators' links to infer switch rails, one to compare.
    public func check(_ context: CheckContext) -> [Finding] {
        let topology = context.topology
        let graph = context.graph
        let structure = context.structure
        let devices = topology.devices
        func isSwitch(_ vertex: Int32) -> Bool { devices[Int(vertex)].role == .switch || devices[Int(vertex)].role == .ocs }
        var declares = false
        var cabledToSwitches = false
        // Rail votes of the accelerators cabled to each switch without a declared rail: rail -> count.
        var votes: [Int32: [Int: Int]] = [:]
        for vertex in graph.accelerators {
            let device = devices[Int(vertex)]
            if device.rail != nil || device.plane != nil { declares = true }
            for arc in graph.arcs(from: vertex) where !structure.isScaleUpLink[Int(graph.link[Int(arc)])] {
                let head = graph.head[Int(arc)]
                guard isSwitch(head) else { continue }
                cabledToSwitches = true
                if let rail = device.rail, devices[Int(head)].rail == nil { votes[head, default: [:]][rail, default: 0] += 1 }
            }
        }
        guard declares else {
            guard cabledToSwitches else { return [] }
            return [
                finding(
                    .note, "no accelerator declares a rail or a plane: rail alignment not checked",
                    subject: context.designSubject, at: context.designLocation)
            ]
        }
        // A switch without a declared rail takes the rail of a strict majority (at least 2) of its accelerators.
        var inferred: [Int32: (rail: Int, count: Int, of: Int)] = [:]
        for (vertex, counts) in votes {
            let total = counts.values.reduce(0, +)
            guard let best = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }), best.value >= 2, 2 * best.value > total else { continue }
            inferred[vertex] = (best.key, best.value, total)
        }
        var findings: [Finding] = []
        for vertex in graph.accelerators {
            let device = devices[Int(vertex)]
            guard device.rail != nil || device.plane != nil else { continue }
            for arc in graph.arcs(from: vertex) where !structure.isScaleUpLink[Int(graph.link[Int(arc)])] {
                let head = graph.head[Int(arc)]
                guard isSwitch(head) else { continue }
                let target = devices[Int(head)]
                let link = graph.link[Int(arc)]
                var problem: String?
                if let rail = device.rail {
                    if let other = target.rail, other != rail {
                        problem = "'\(device.id)' (rail \(rail)) is cabled to '\(target.id)' of rail \(other)"
                    } else if target.rail == nil, let guess = inferred[head], guess.rail != rail {
                        problem =
                            "'\(device.id)' (rail \(rail)) is cabled to '\(target.id)', whose other accelerators are on rail \(guess.rail) (\(guess.count) of \(guess.of))"
                    }
                }
                if problem == nil, let plane = device.plane, let other = target.plane, other != plane {
                    problem = "'\(device.id)' (plane '\(plane)') is cabled to '\(target.id)' of plane '\(other)'"
                }
                guard let problem else { continue }
                findings.append(
                    finding(
                        problem, subject: context.subject(link: link), at: context.location(link: link),
                        related: [
                            RelatedLocation("accelerator '\(device.id)'", context.location(device: vertex)),
                            RelatedLocation("switch '\(target.id)'", context.location(device: head)),
                        ]))
            }
        }
        return findings
    }
}
