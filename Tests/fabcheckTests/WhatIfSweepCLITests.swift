import FabricTestSupport
import Foundation
import Testing

@Suite struct WhatIfSweepCLITests {
    static let fatTree = Fixtures.topologies.appendingPathComponent("fattree-k4.graphml").path

    @Test func whatIfAnEdgeSwitchIsCritical() throws {
        let output = try CLI.run(["whatif", Self.fatTree, "--fail", "device:edge-p0-0"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains(": critical"))
        #expect(output.stdout.contains("connectivity: 2 accelerators stranded, 29 pairs disconnected, 0 failed"))
        #expect(output.stdout.contains("traffic (uniform all-to-all, ECMP)"))
        #expect(output.stdout.contains("hop stretch:"))
    }

    @Test func whatIfJSONHasTheDiff() throws {
        let output = try CLI.run([
            "whatif", Self.fatTree, "--fail", "edge-p0-0~agg-p0-0", "--fail", "role=switch,tier=3,pod=none",
            "--format", "json",
        ])
        // The attribute selector matches nothing: a usage error naming the closest value.
        #expect(output.status == 64)
        #expect(output.stderr.contains("matches no device"))
        let ok = try CLI.run(["whatif", Self.fatTree, "--fail", "edge-p0-0~agg-p0-0", "--format", "json", "--no-stretch"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
        #expect(object["classification"] as? String == "degrading")
        #expect(object["strandedAccelerators"] as? Int == 0)
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["stretch"] == nil)
        let failure = try #require(object["failure"] as? [String: Any])
        let links = try #require(failure["links"] as? [[String: Any]])
        #expect(links.count == 1)
        #expect(Set([links[0]["source"] as? String, links[0]["target"] as? String]) == ["edge-p0-0", "agg-p0-0"])
        let capacity = try #require(object["capacity"] as? [String: Any])
        #expect(capacity["acceleratorsLosingUplink"] as? Int == 2)
    }

    /// `--bisection` bounds the failed fabric from the healthy bracket too (healthy minus the failed cable: 8 − 1
    /// core cables of 400 Gb/s = 2.8 Tb/s) and names the proof of the lower bound after.
    @Test func whatIfBisectionUsesTheHealthyBound() throws {
        let output = try CLI.run(["whatif", Self.fatTree, "--fail", "agg-p0-0~core-0", "--bisection", "--no-stretch"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            output.stdout.contains("bisection: [3.2 Tb/s, 3.2 Tb/s] -> [2.8 Tb/s, 2.8 Tb/s] (lower bound after by healthyMinusFailures)"), "\(output.stdout)")
    }

    @Test func unknownDeviceSuggestsTheClosest() throws {
        let output = try CLI.run(["whatif", Self.fatTree, "--fail", "device:edge-p0-9"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("error: no device 'edge-p0-9'; did you mean 'edge-p0-0'?"))
        #expect(output.stdout.isEmpty)
    }

    @Test func shardedSweepMergesToTheSingleRun() throws {
        let single = try CLI.run(["sweep", Self.fatTree, "--elements", "switches", "--format", "json"])
        #expect(single.status == 0, "\(single.stderr)")
        var paths: [String] = []
        for index in 0..<3 {
            let shard = try CLI.run(["sweep", Self.fatTree, "--elements", "switches", "--format", "json", "--shard", "\(index)/3"])
            #expect(shard.status == 0)
            paths.append(try CLI.temporaryFile(shard.stdout, name: "shard-\(index).json"))
        }
        let merged = try CLI.run(["merge"] + paths.reversed())
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == single.stdout)
        let text = try CLI.run(["merge", "--format", "text"] + paths)
        #expect(text.stdout == (try CLI.run(["sweep", Self.fatTree, "--elements", "switches"])).stdout)
        let missing = try CLI.run(["merge", paths[0], paths[2]])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing shard 1/3"))
    }

    @Test func sweepTextAndCSV() throws {
        let text = try CLI.run(["sweep", Self.fatTree, "--top", "3"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("48 scenarios: 16 critical"))
        let csv = try CLI.run(["sweep", Self.fatTree, "--elements", "devices", "--metric", "capacity", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("rank,scenario,failure,devices,links,stranded_accelerators") == true)
        #expect(lines.count == 1 + 36)
        let bad = try CLI.run(["sweep", Self.fatTree, "--shard", "3/3"])
        #expect(bad.status == 64)
    }
}
