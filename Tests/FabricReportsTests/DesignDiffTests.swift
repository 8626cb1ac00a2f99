import FabricGraph
import FabricModel
import FabricReports
import FabricRules
import FabricTestSupport
import Foundation
import Testing

@Suite("design diff")
struct DesignDiffTests {
    static let structural = DesignAnalysisOptions(bisection: false, traffic: false, rules: true)

    @Test("a design diffed with itself is empty", arguments: ["fattree-k4", "leafspine-64", "torus-4x4x4"])
    func selfDiff(name: String) throws {
        let topology = try Designs.topology(named: name)
        let analysis = DesignAnalysis(topology: topology)
        let diff = DesignDiff(old: analysis, new: DesignAnalysis(topology: topology))
        #expect(diff.isEmpty)
        #expect(diff.regressions.isEmpty)
        #expect(diff.deltas.allSatisfy { !$0.worse && !$0.better })
        #expect(
            diff.text() == "fabcheck diff <generated \(name)> → <generated \(name)>\nno differences: \(topology.devices.count) devices, "
                + "\(analysis.summary.physicalLinks) cables; metrics and findings unchanged\n")
        #expect(diff.markdown().contains("No differences"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(diff.json().utf8)) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 1)
        #expect((json["devicesAdded"] as? [Any])?.isEmpty == true)
        #expect(analysis.metrics.bisectionUpperBps != nil && analysis.metrics.maxUtilization != nil)
    }

    @Test("devices added, removed and changed are matched by id")
    func deviceChanges() throws {
        let old = try Designs.topology(named: "fattree-k4")
        var new = try ExportTestSupport.rebuilt(old, droppingDevices: ["h-p3-e1-1"], file: "new.graphml")
        try new.addDevice(Device(id: "spare-0", role: .switch, tier: 1))
        new.updateDevice(at: try #require(new.deviceIndex(forID: "edge-p0-0"))) {
            $0.rack = "moved"
            $0.attributes["vendor"] = .string("acme")
        }
        let diff = DesignDiff(old: DesignAnalysis(topology: old, options: Self.structural), new: DesignAnalysis(topology: new, options: Self.structural))
        #expect(diff.devicesAdded == ["spare-0"])
        #expect(diff.devicesRemoved == ["h-p3-e1-1"])
        #expect(
            diff.devicesChanged == [
                DesignDiff.ElementChange(
                    key: "edge-p0-0",
                    changes: [
                        .init(field: "data.vendor", old: "", new: "acme"), .init(field: "rack", old: "p0-e0", new: "moved"),
                    ])
            ])
        #expect(diff.linksRemoved == ["edge-p3-1~h-p3-e1-1#1"])
        #expect(diff.deltas.first { $0.name == "accelerators" }?.worse == true)
        #expect(diff.regressions.contains("accelerators got worse: 16 → 15"))
        #expect(diff.text().contains("  - device 'h-p3-e1-1'\n"))
        #expect(diff.text().contains("  ~ device 'edge-p0-0': data.vendor (none) → acme; rack p0-e0 → moved\n"))
    }

    @Test("links added, removed and changed; graph data; SPOFs and worst failure; new error findings")
    func linkChanges() throws {
        let old = try Designs.topology(named: "fattree-k4")
        let edge = try #require(old.deviceIndex(forID: "edge-p0-0"))
        let agg = try #require(old.deviceIndex(forID: "agg-p0-1"))
        // Drop edge-p0-0's uplink to agg-p0-1: its other uplink becomes a bridge stranding 2 hosts.
        var new = try ExportTestSupport.rebuilt(old, droppingLinks: { $0.source == edge && $0.target == agg }, file: "new.graphml")
        let core = try #require(new.deviceIndex(forID: "core-0"))
        let otherCore = try #require(new.deviceIndex(forID: "core-3"))
        try new.addLink(Link(id: "patch-1", source: core, target: otherCore, bandwidth: 100e9))
        let index = try #require(new.links.firstIndex { new.devices[Int($0.source)].id == "agg-p1-0" && new.devices[Int($0.target)].id == "core-0" })
        new.links[index].bandwidth = 800e9
        new.properties["description"] = .string("patched")
        new.updateDevice(at: core) { $0.radix = 2 }
        let diff = DesignDiff(old: DesignAnalysis(topology: old, options: Self.structural), new: DesignAnalysis(topology: new, options: Self.structural))
        #expect(diff.linksAdded == ["patch-1"])
        #expect(diff.linksRemoved == ["agg-p0-1~edge-p0-0#1"])
        #expect(
            diff.linksChanged == [DesignDiff.ElementChange(key: "agg-p1-0~core-0#1", changes: [.init(field: "bandwidth", old: "400 Gb/s", new: "800 Gb/s")])])
        #expect(diff.graphChanged.map(\.field) == ["description"])
        #expect(diff.devicesChanged.map(\.key) == ["core-0"])
        let spof = try #require(diff.deltas.first { $0.name == "singlePointsOfFailure" })
        // The remaining uplink becomes a bridge and 'agg-p0-0' an articulation point.
        #expect(spof.worse && spof.new == (spof.old ?? 0) + 2)
        #expect(diff.newMetrics.worstSingleFailure == WorstFailure(element: "device 'agg-p0-0'", strandedAccelerators: 2))
        #expect(diff.findingsNew.contains { $0.rule == "radix_exceeded" && $0.severity == .error && $0.subject == "device 'core-0'" })
        #expect(diff.regressions.contains { $0.hasPrefix("new error radix_exceeded on device 'core-0'") })
        #expect(diff.regressions.contains("single points of failure got worse: \(Int(spof.old ?? 0)) → \(Int(spof.new ?? 0))"))
        let markdown = diff.markdown()
        #expect(markdown.contains("| single points of failure | \(Int(spof.old ?? 0)) | \(Int(spof.new ?? 0)) | +2 :warning: worse |"))
        #expect(markdown.contains("<details><summary>links added (1)</summary>"))
        #expect(!diff.findingsResolved.contains { $0.subject == "design" && $0.rule == "failure_budget" })
        #expect(
            DesignDiff(old: DesignAnalysis(topology: new, options: Self.structural), new: DesignAnalysis(topology: old, options: Self.structural))
                .findingsResolved.contains { $0.rule == "radix_exceeded" })
    }

    @Test("losing a spine lowers the bisection and raises the all-to-all utilization")
    func metricDeltas() throws {
        let old = try Designs.topology(named: "leafspine-64")
        let spine = try #require(old.devices.last { $0.role == .switch }?.id)
        let new = try ExportTestSupport.rebuilt(old, droppingDevices: [spine], file: "new.graphml")
        let diff = DesignDiff(old: DesignAnalysis(topology: old), new: DesignAnalysis(topology: new))
        let upper = try #require(diff.deltas.first { $0.name == "bisectionUpperRatio" })
        #expect(upper.worse && upper.old == 1 && upper.new == 0.5)
        let utilization = try #require(diff.deltas.first { $0.name == "maxUtilization" })
        #expect(utilization.worse && (utilization.new ?? 0) > (utilization.old ?? 0))
        #expect(diff.regressions.contains { $0.hasPrefix("max utilization (all-to-all) got worse") })
        #expect(diff.text().contains("(worse)"))
    }
}
