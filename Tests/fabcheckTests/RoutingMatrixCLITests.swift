import FabricTestSupport
import Foundation
import Testing

/// The `--routing` × command matrix (issue 17): every routed command — analyze, whatif, sweep, diff, report, throughput,
/// collective, check, verify — takes `--routing` (and all but verify `--forwarding-tables`) and reports the figures
/// `analyze` gives under that routing, on the hand-written 2D full mesh.
@Suite(.serialized) struct RoutingMatrixCLITests {
    static let mesh = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/routing/fullmesh-3x4.graphml").path

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let output = try CLI.run(arguments + ["--format", "json"])
        #expect(output.status == 0, "\(arguments): \(output.stderr)")
        let object = try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
        return try #require(object as? [String: Any], "\(arguments): \(output.stdout.prefix(300)) | \(output.stderr.prefix(300))")
    }

    @Test("--routing on every routed command equals analyze under that routing", arguments: ["valiant", "detour"])
    func routing(_ scheme: String) throws {
        let routing = ["--routing", scheme]
        let analyzed = try Self.json(["analyze", Self.mesh, "--no-bisection"] + routing)
        #expect(analyzed["routing"] as? String == scheme)
        let utilization = try #require(analyzed["maxUtilization"] as? Double)
        let whatif = try Self.json(["whatif", Self.mesh, "--fail", "npu-0-0~npu-1-0", "--no-stretch"] + routing)
        #expect(whatif["routing"] as? String == scheme)
        #expect(OneAnswerCLITests.close((whatif["traffic"] as? [String: Any])?["maxUtilizationBefore"] as? Double, utilization))
        let sweep = try Self.json(["sweep", Self.mesh, "--metric", "traffic"] + routing)
        #expect(OneAnswerCLITests.close((sweep["baseline"] as? [String: Any])?["maxUtilization"] as? Double, utilization))
        let diff = try Self.json(["diff", Self.mesh, Self.mesh, "--no-bisection"] + routing)
        let deltas = try #require(diff["deltas"] as? [[String: Any]])
        #expect(OneAnswerCLITests.close(deltas.first { $0["name"] as? String == "maxUtilization" }?["old"] as? Double, utilization))
        let throughput = try Self.json(["throughput", Self.mesh] + routing)
        #expect(throughput["routing"] as? String == scheme)
        #expect(OneAnswerCLITests.close(throughput["thetaEcmp"] as? Double, 1 / utilization))
        let collective = try Self.json(["collective", Self.mesh] + routing)
        #expect(collective["routing"] as? String == scheme)
        let html = FileManager.default.temporaryDirectory.appendingPathComponent("matrix-\(UUID().uuidString).html").path
        #expect(try CLI.run(["report", Self.mesh, "-o", html] + routing).status == 0)
        let check = try Self.json(["check", Self.mesh, "--fail-on", "never"] + routing)
        let findings = try #require(check["findings"] as? [[String: Any]])
        let deadlock = findings.first { $0["ruleId"] as? String == "deadlock_freedom" }
        #expect(deadlock?["severity"] as? String == "note")
        #expect((deadlock?["message"] as? String)?.contains("acyclic with 2 virtual lanes") == true, "\(String(describing: deadlock))")
        let observed = try CLI.temporaryFile("", name: "mesh.ibnetdiscover")
        #expect(try CLI.run(["export", Self.mesh, "--format", "ibnetdiscover", "-o", observed]).status == 0)
        #expect(try CLI.run(["verify", Self.mesh, "--observed", observed] + routing).status == 0)
    }

    @Test("check --routing detour: the lane check of its CDG passes with the 2 lanes the mesh declares and fails with 1")
    func detourLanes() throws {
        let text = try String(contentsOfFile: Self.mesh, encoding: .utf8)
        let declared = #"<data key="virtual_lanes">2</data>"#
        #expect(text.contains(declared))
        let one = try CLI.temporaryFile(text.replacingOccurrences(of: declared, with: #"<data key="virtual_lanes">1</data>"#), name: "mesh1.graphml")
        let detour = try CLI.run(["check", one, "--routing", "detour"])
        #expect(detour.status == 1)
        #expect(detour.stdout.contains("lossless fabric can deadlock with 1 virtual lane: the channel-dependency graph has a cycle"), "\(detour.stdout)")
        let minimal = try Self.json(["check", one, "--fail-on", "never"])
        let findings = try #require(minimal["findings"] as? [[String: Any]])
        #expect(findings.first { $0["ruleId"] as? String == "deadlock_freedom" }?["severity"] as? String == "note")
    }

    @Test("detour changes what collective reports (it routed Valiant, UGAL and detour minimally before)")
    func detourIsRouted() throws {
        // Ring all-reduce sends each rank to the next in id order, mostly one hop along X: detour spreads it.
        let minimal = try Self.json(["collective", Self.mesh, "--routing", "ecmp"])
        let detour = try Self.json(["collective", Self.mesh, "--routing", "detour"])
        func ring(_ report: [String: Any]) -> Double? {
            let estimates = (report["healthy"] as? [String: Any])?["estimates"] as? [[String: Any]]
            return estimates?.first { $0["algorithm"] as? String == "ring" }?["busBandwidthBps"] as? Double
        }
        let before = try #require(ring(minimal))
        let after = try #require(ring(detour))
        #expect(after > before * 1.5, "ring bus bandwidth \(before) -> \(after)")
    }

    @Test("sweep text lists the dead next hops of each shown row, as many as whatif finds for that failure")
    func sweepDeadNextHops() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("Tests/FabricObservedTests/Fixtures/routing/fattree-k4-minhop").path
        let fatTree = Fixtures.packageRoot.appendingPathComponent("topologies/fattree-k4.graphml").path
        let tables = ["--forwarding-tables", "\(folder)/dump_lfts", "--forwarding-tables", "\(folder)/ibnetdiscover"]
        let sweep = try CLI.run(["sweep", fatTree, "--elements", "devices", "--top", "40"] + tables)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        #expect(sweep.stdout.contains("forwarding tables: destinations cut off at a dead next hop until the subnet manager re-routes:"))
        let line = try #require(sweep.stdout.split(separator: "\n").first { $0.contains(" device:core-0: ") })
        let whatif = try Self.json(["whatif", fatTree, "--fail", "core-0", "--no-stretch", "--list", "10000"] + tables)
        let dead = try #require(whatif["deadNextHops"] as? [[String: Any]])
        #expect(!dead.isEmpty)
        #expect(line.contains(" device:core-0: \(dead.count): "), "\(line)")
        let first = try #require(dead.first)
        #expect(line.contains("switch '\(first["device"] as? String ?? "")' -> LID \(first["lid"] as? String ?? "")"), "\(line)")
    }

    @Test("imported tables on throughput and collective, refused by verify")
    func tables() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("Tests/FabricObservedTests/Fixtures/routing/fattree-k4-minhop").path
        let fatTree = Fixtures.packageRoot.appendingPathComponent("topologies/fattree-k4.graphml").path
        let tables = ["--forwarding-tables", "\(folder)/dump_lfts", "--forwarding-tables", "\(folder)/ibnetdiscover"]
        // OpenSM's minhop tables load two cores with 1.6 × a cable (RoutedCommandsCLITests): θ under them is 1/1.6.
        let throughput = try Self.json(["throughput", fatTree] + tables)
        #expect(throughput["routing"] as? String == "tables")
        #expect(OneAnswerCLITests.close(throughput["thetaEcmp"] as? Double, 1 / 1.6))
        let collective = try Self.json(["collective", fatTree] + tables)
        #expect(collective["routing"] as? String == "tables")
        // Detour needs accelerators that relay: every routed command refuses it on a fat-tree (exit 2, same message).
        for command in [["analyze", fatTree], ["whatif", fatTree, "--fail", "core-0", "--traffic"], ["sweep", fatTree, "--metric", "traffic"]] {
            let refused = try CLI.run(command + ["--routing", "detour"])
            #expect(refused.status == 2, "\(command)")
            #expect(refused.stderr.contains("detour routing needs accelerators that relay"), "\(command): \(refused.stderr)")
        }
        let verify = try CLI.run(["verify", fatTree, "--observed", "\(folder)/ibnetdiscover"] + tables)
        #expect(verify.status == 64)
        #expect(verify.stderr.contains("verify checks the as-built fabric"))
    }
}
