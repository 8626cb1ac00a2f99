import FabricTestSupport
import Foundation
import Testing

/// `--routing` and `--forwarding-tables` on every routed command (issue 14's leftover, issue 17): analyze, whatif,
/// sweep, diff, report and check's deadlock rule all follow the routing they are given.
@Suite struct RoutedCommandsCLITests {
    static let routing = Fixtures.packageRoot.appendingPathComponent("Tests/FabricObservedTests/Fixtures/routing").path
    static let fatTree = Fixtures.packageRoot.appendingPathComponent("topologies/fattree-k4.graphml").path

    static func tables(_ folder: String) -> [String] {
        ["--forwarding-tables", "\(routing)/\(folder)/dump_lfts", "--forwarding-tables", "\(routing)/\(folder)/ibnetdiscover"]
    }

    static func json(_ output: CLI.Output) throws -> [String: Any] {
        #expect(output.status == 0, "\(output.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test func upDownOnWhatifAndSweepEqualsAnalyzeOfTheEditedFile() throws {
        // The hand-written lab fabric without leaf-c's spine cable: leaf-c reaches the rest only over the leaf-b–leaf-c
        // shortcut, down then up, which up*/down* forbids (a valley), so the two routings disagree.
        let design = "\(Self.routing)/irregular.graphml"
        let text = try String(contentsOfFile: design, encoding: .utf8)
        let cable = #"<edge source="leaf-c" target="spine-y"><data key="d2">400G</data></edge>"#
        #expect(text.contains(cable))
        let edited = try CLI.temporaryFile(text.replacingOccurrences(of: cable, with: ""), name: "edited.graphml")
        let ecmp = try Self.json(try CLI.run(["analyze", edited, "--format", "json", "--no-bisection"]))
        let analyzed = try Self.json(try CLI.run(["analyze", edited, "--routing", "updown", "--format", "json", "--no-bisection"]))
        #expect(analyzed["routing"] as? String == "updown")
        #expect(ecmp["unroutedPairs"] as? Int == 0)
        #expect((analyzed["unroutedPairs"] as? Int ?? 0) > 0)
        let whatif = try Self.json(try CLI.run(["whatif", design, "--fail", "leaf-c~spine-y", "--routing", "updown", "--format", "json", "--no-stretch"]))
        let traffic = try #require(whatif["traffic"] as? [String: Any])
        #expect(OneAnswerCLITests.close(traffic["maxUtilizationAfter"] as? Double, analyzed["maxUtilization"] as? Double), "\(traffic) vs \(analyzed)")
        #expect(traffic["unroutablePairs"] as? Int == analyzed["unroutedPairs"] as? Int)
        let sweep = try Self.json(try CLI.run(["sweep", design, "--metric", "traffic", "--routing", "updown", "--format", "json"]))
        let results = try #require(sweep["results"] as? [[String: Any]])
        let record = try #require(results.first { (($0["failure"] as? [String: Any])?["label"] as? String)?.hasPrefix("leaf-c~spine-y") == true })
        let swept = try #require(record["traffic"] as? [String: Any])
        #expect(OneAnswerCLITests.close(swept["maxUtilizationAfter"] as? Double, analyzed["maxUtilization"] as? Double))
        let diff = try Self.json(try CLI.run(["diff", design, edited, "--routing", "updown", "--format", "json", "--no-bisection"]))
        let deltas = try #require(diff["deltas"] as? [[String: Any]])
        let utilization = try #require(deltas.first { $0["name"] as? String == "maxUtilization" })
        #expect(OneAnswerCLITests.close(utilization["new"] as? Double, analyzed["maxUtilization"] as? Double))
        #expect(try CLI.run(["whatif", design, "--fail", "leaf-c~spine-y", "--routing", "xy"]).status == 64)
    }

    @Test func forwardingTablesOnEveryRoutedCommand() throws {
        let tables = Self.tables("fattree-k4-minhop")
        // OpenSM's minhop tables load two of the four cores with 1.6 × a cable (ECMP: 1.0); every command sees them.
        let analyzed = try Self.json(try CLI.run(["analyze", Self.fatTree, "--format", "json", "--no-bisection"] + tables))
        #expect(analyzed["routing"] as? String == "tables")
        #expect(OneAnswerCLITests.close(analyzed["maxUtilization"] as? Double, 1.6))
        let whatif = try Self.json(try CLI.run(["whatif", Self.fatTree, "--fail", "core-0", "--format", "json", "--no-stretch"] + tables))
        let traffic = try #require(whatif["traffic"] as? [String: Any])
        #expect(OneAnswerCLITests.close(traffic["maxUtilizationBefore"] as? Double, 1.6))
        // Until the subnet manager re-routes, every route through core-0 is dropped: 96 of 240 host pairs (counted by a
        // Python walk over the same dump with scripts/routing-real-stacks.py's reader).
        #expect(traffic["unroutablePairs"] as? Int == 96)
        let sweep = try Self.json(try CLI.run(["sweep", Self.fatTree, "--metric", "traffic", "--format", "json"] + tables))
        #expect(OneAnswerCLITests.close((sweep["baseline"] as? [String: Any])?["maxUtilization"] as? Double, 1.6))
        let diff = try Self.json(try CLI.run(["diff", Self.fatTree, Self.fatTree, "--format", "json", "--no-bisection"] + tables))
        let deltas = try #require(diff["deltas"] as? [[String: Any]])
        #expect(OneAnswerCLITests.close(deltas.first { $0["name"] as? String == "maxUtilization" }?["old"] as? Double, 1.6))
        let html = FileManager.default.temporaryDirectory.appendingPathComponent("routed-\(UUID().uuidString).html").path
        #expect(try CLI.run(["report", Self.fatTree, "-o", html] + tables).status == 0)
        let check = try Self.json(try CLI.run(["check", Self.fatTree, "--format", "json", "--fail-on", "never"] + tables))
        let findings = try #require(check["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["ruleId"] as? String == "deadlock_freedom" && $0["severity"] as? String == "note" })
    }

    @Test func creditLoopOfMinhopOnARingFailsCheck() throws {
        let design = "\(Self.routing)/ring6.graphml"
        let output = try CLI.run(["check", design] + Self.tables("ring6-minhop"))
        #expect(output.status == 1)
        #expect(output.stdout.contains("channel-dependency graph has a cycle of 6 channels"))
        let updn = try CLI.run(["check", design, "--format", "json", "--fail-on", "never"] + Self.tables("ring6-updn"))
        let findings = try #require(try Self.json(updn)["findings"] as? [[String: Any]])
        #expect(!findings.contains { $0["ruleId"] as? String == "deadlock_freedom" && $0["severity"] as? String == "error" })
    }

    @Test func tablesProblemsAreLocatedErrors() throws {
        let design = "\(Self.routing)/ring6.graphml"
        let files = [
            "--forwarding-tables", "\(Self.routing)/hand/ring6-blackhole-loop.dump_lfts", "--forwarding-tables", "\(Self.routing)/ring6-updn/ibnetdiscover",
        ]
        let output = try CLI.run(["analyze", design, "--no-bisection"] + files)
        #expect(output.status == 0)
        #expect(output.stderr.contains("ring6-blackhole-loop.dump_lfts:35:1: error: switch 'sw-2' has no entry for LID 0x0008 ('host-3')"))
        #expect(output.stderr.contains("error: forwarding loop toward LID 0x0002 ('host-0')"))
        #expect(output.stdout.contains("unrouted: 4"))
        let alone = try CLI.run(["analyze", design, "--forwarding-tables", "\(Self.routing)/ring6-updn/dump_lfts"])
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("need the ibnetdiscover output"))
        #expect(try CLI.run(["analyze", design, "--routing", "dor"] + files).status == 64)
    }

    @Test func valiantNeedsTwiceTheLanesOfMinimal() throws {
        // A lossless full mesh of 6 written by hand: minimal routing needs one lane, Valiant two.
        var lines = [
            #"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#,
            #"<key id="bw" for="edge" attr.name="bandwidth" attr.type="string"/>"#,
            #"<key id="lossless" for="graph" attr.name="lossless" attr.type="boolean"/>"#,
            #"<key id="lanes" for="graph" attr.name="virtual_lanes" attr.type="int"/>"#,
            #"<graph edgedefault="undirected"><data key="lossless">true</data><data key="lanes">LANES</data>"#,
        ]
        for a in 0..<6 { lines.append(#"<node id="n\#(a)"/>"#) }
        for a in 0..<6 { for b in (a + 1)..<6 { lines.append(#"<edge source="n\#(a)" target="n\#(b)"><data key="bw">100G</data></edge>"#) } }
        lines.append("</graph></graphml>")
        let one = try CLI.temporaryFile(lines.joined(separator: "\n").replacingOccurrences(of: "LANES", with: "1"), name: "mesh1.graphml")
        let two = try CLI.temporaryFile(lines.joined(separator: "\n").replacingOccurrences(of: "LANES", with: "2"), name: "mesh2.graphml")
        func deadlock(_ file: String, _ routing: String) throws -> [String: Any]? {
            let findings = try #require(
                try Self.json(try CLI.run(["check", file, "--routing", routing, "--format", "json", "--fail-on", "never"]))["findings"] as? [[String: Any]])
            return findings.first { $0["ruleId"] as? String == "deadlock_freedom" }
        }
        #expect(try deadlock(one, "ecmp")?["severity"] as? String == "note")
        let valiant = try deadlock(one, "valiant")
        #expect(valiant?["severity"] as? String == "error")
        // The built CDG of both legs: a packet's lane switch at the intermediate closes a cycle of three channels in one lane.
        #expect((valiant?["message"] as? String)?.contains("can deadlock with 1 virtual lane: the channel-dependency graph has a cycle of 3") == true)
        #expect(try deadlock(two, "valiant")?["severity"] as? String == "note")
        #expect(try deadlock(one, "ugal")?["severity"] as? String == "error")
    }

    @Test func whatifListsTheDeadNextHops() throws {
        // OpenSM's minhop tables on the hand-written ring, the cable sw-0~sw-1 cut: every (switch, host LID) whose entry
        // leaves on that cable, read here straight from the dump and the ibnetdiscover ports, must be listed.
        let folder = "\(Self.routing)/ring6-minhop"
        var peer: [String: String] = [:]  // "switch:port" -> neighbour
        var node = ""
        var hostLIDs: [Int: String] = [:]
        for line in try String(contentsOfFile: "\(folder)/ibnetdiscover", encoding: .utf8).split(separator: "\n") {
            let quoted = line.split(separator: "\"", omittingEmptySubsequences: false)
            if line.hasPrefix("Switch") || line.hasPrefix("Ca") {
                node = String(quoted[3])
            } else if line.hasPrefix("["), quoted.count >= 4, let port = Int(line.dropFirst().prefix { $0 != "]" }) {
                let neighbour = String(quoted[quoted.count - 2])
                peer["\(node):\(port)"] = neighbour
                if node.hasPrefix("host"), let lid = line.components(separatedBy: "# lid ").last?.split(separator: " ").first.flatMap({ Int($0) }) {
                    hostLIDs[lid] = node
                }
            }
        }
        var expected: [String] = []
        var table = ""
        for line in try String(contentsOfFile: "\(folder)/dump_lfts", encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("Unicast lids"), let open = line.lastIndex(of: "(") {
                table = String(line[line.index(after: open)...].prefix { $0 != ")" })
            } else if line.hasPrefix("0x"), let lid = Int(line.dropFirst(2).prefix(4), radix: 16), let host = hostLIDs[lid] {
                let port = Int(line.split(separator: " ")[1]) ?? 0
                let next = peer["\(table):\(port)"] ?? ""
                if Set([table, next]) == Set(["sw-0", "sw-1"]) { expected.append("\(table) \(String(format: "0x%04x", lid)) \(host)") }
            }
        }
        #expect(!expected.isEmpty)
        let design = "\(Self.routing)/ring6.graphml"
        let whatif = try Self.json(
            try CLI.run(["whatif", design, "--fail", "sw-0~sw-1", "--format", "json", "--no-stretch", "--list", "100"] + Self.tables("ring6-minhop")))
        let listed = try #require(whatif["deadNextHops"] as? [[String: Any]]).map {
            "\($0["device"] as? String ?? "") \($0["lid"] as? String ?? "") \($0["destination"] as? String ?? "")"
        }
        #expect(listed.sorted() == expected.sorted())
        let text = try CLI.run(["whatif", design, "--fail", "sw-0~sw-1", "--no-stretch"] + Self.tables("ring6-minhop")).stdout
        #expect(text.contains("forwarding tables: \(expected.count) destinations cut off at a dead next hop until the subnet manager re-routes:"))
        #expect(text.contains("  switch '\(expected[0].split(separator: " ")[0])' -> LID"))
    }
}
