import FabricGraph
import FabricGraphML
import FabricModel
import Foundation
import Testing

@testable import FabricObserved

/// SL-to-VL lanes of imported routes, recorded from OpenSM on ibsim (`scripts/routing-lanes.py --live --record`):
/// LASH and DFSSSP on a ring and a torus, which OpenSM reports deadlock-free with 2 lanes ("Lanes needed: 2",
/// "Virtual Lanes needed: 2" in the recorded log), have a credit loop in one lane and none with their lanes; minhop
/// (every route on SL 0) keeps its loop. The script checks the same verdicts against a Python walk of the dumps.
@Suite("forwarding lanes")
struct ForwardingLaneTests {
    static func files(_ folder: String, lanes: Bool = true) -> [String] {
        let parts = lanes ? ["dump_lfts", "ibnetdiscover", "path_records", "sl2vl"] : ["dump_lfts", "ibnetdiscover"]
        return parts.map { ObservedFixtures.path("routing/lanes/\(folder)/\($0)") }
    }

    static func analysis(_ design: String, _ files: [String], extra: [(String, String)] = []) throws -> (ChannelDependencyAnalysis, ForwardingImport) {
        var topology = try ForwardingTableTests.design(design)
        var dump = ForwardingDump()
        var fabric: ObservedFabric?
        for file in files {
            try ForwardingImport.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: file))), file: file, dump: &dump, fabric: &fabric)
        }
        for (name, text) in extra { try ForwardingImport.read(Array(text.utf8), file: name, dump: &dump, fabric: &fabric) }
        let imported = ForwardingImport.map(dump: dump, fabric: try #require(fabric), design: topology)
        topology.forwardingState = imported.state
        let graph = CSRGraph(topology)
        let plan = try ForwardingPlan(state: imported.state, graph: graph)
        let analysis = graph.tableChannelDependencies(plan: plan)
        if let cycle = analysis.cycle {
            for (index, channel) in cycle.enumerated() {
                let next = cycle[(index + 1) % cycle.count]
                #expect(graph.head[Int(channel.arc)] == graph.tail(ofArc: next.arc), "a cycle's channels meet at switches")
            }
        }
        return (analysis, imported)
    }

    @Test(
        "OpenSM's LASH and DFSSSP tables are credit-loop free with their lanes (on the ring not in one lane); minhop loops",
        arguments: [
            ("ring6", "lash", false, 2, true), ("ring6", "dfsssp", false, 8, true), ("ring6", "minhop", true, 1, true),
            // LASH finds one layer on the 4x4 torus ("Lanes needed: 1"): its routes avoid the loop by themselves.
            ("torus4x4", "lash", false, 1, false), ("torus4x4", "dfsssp", false, 8, true), ("torus4x4", "minhop", true, 1, true),
        ])
    func recorded(_ design: String, _ engine: String, _ loop: Bool, _ lanes: Int, _ oneLaneLoop: Bool) throws {
        let (withLanes, imported) = try Self.analysis(design, Self.files("\(design)-\(engine)"))
        #expect(imported.diagnostics.isEmpty, "\(imported.diagnostics)")
        #expect((withLanes.cycle != nil) == loop, "\(design)-\(engine) with lanes")
        #expect(withLanes.lanesNeeded == lanes, "lanes used (the Python walk of the script counts the same)")
        let (oneLane, _) = try Self.analysis(design, Self.files("\(design)-\(engine)", lanes: false))
        #expect((oneLane.cycle != nil) == oneLaneLoop, "\(design)-\(engine) in one lane")
        #expect(oneLane.virtualLanes == 1)
    }

    @Test("SL-to-VL tables that fold every SL onto VL 0 (written by hand as opensm-sl2vl.dump) bring LASH's loop back")
    func foldedLanes() throws {
        // OpenSM's format (osm_dump.c dump_sl2vl_tbl): per switch port GUID and base LID, rows "in out : 16 lanes".
        // Identity on sw-0 .. sw-5 (LIDs 1, 3, 5, 7, 9, 11) except that every SL goes to VL 0.
        var folded = ""
        var identity = ""
        for (index, lid) in [1, 3, 5, 7, 9, 11].enumerated() {
            let header = "Switch 0x\(String(format: "%016llx", UInt64(0xfab0_0000_0000_0010) + UInt64(0x20 * index))), base LID \(lid), \"sw-\(index)\"\n"
            folded += header + "#in out : 0  1  2  3  4  5  6  7  8  9  10 11 12 13 14 15\n#---\n"
            identity += header
            for out in 1...3 {
                for input in 0...3 {
                    folded += "\(input)   \(out)   :" + String(repeating: " 0 ", count: 16) + "\n"
                    identity += "\(input)   \(out)   :" + (0..<16).map { " \($0 == 15 ? 7 : $0)" }.joined() + "\n"
                }
            }
            folded += "#---\n\n"
        }
        let parts = Self.files("ring6-lash").filter { !$0.hasSuffix("sl2vl") }
        let (foldedAnalysis, imported) = try Self.analysis("ring6", parts, extra: [("opensm-sl2vl.dump", folded)])
        #expect(imported.state.lanes?.hops.count == 6 * 3 * 4, "every row maps: ports 1-3 all have cables")
        #expect(foldedAnalysis.cycle != nil)
        #expect(foldedAnalysis.lanesNeeded == 1)
        // The same tables as OpenSM's dump format and as smpquery prints them give the same graph.
        let (fromDump, _) = try Self.analysis("ring6", parts, extra: [("opensm-sl2vl.dump", identity)])
        let (fromSMP, _) = try Self.analysis("ring6", Self.files("ring6-lash"))
        #expect(fromDump.cycle == nil && fromDump.dependencyCount == fromSMP.dependencyCount)
    }

    @Test("path records with every SL set to 0 by hand: the loop is back; a missing record is a warning")
    func editedPathRecords() throws {
        let folder = "ring6-lash"
        let text = try String(contentsOfFile: ObservedFixtures.path("routing/lanes/\(folder)/path_records"), encoding: .utf8)
        let zeroed = text.replacingOccurrences(of: "sl......................0x1", with: "sl......................0x0")
        #expect(zeroed != text)
        let parts = Self.files(folder).filter { !$0.hasSuffix("path_records") }
        let (analysis, _) = try Self.analysis("ring6", parts, extra: [("path_records", zeroed)])
        #expect(analysis.cycle != nil)
        // The first record dropped: one route without a record, named by a warning; SL 0 is assumed for it.
        let cut = String(text[text.range(of: "PathRecord dump:", range: text.index(after: text.startIndex)..<text.endIndex)!.lowerBound...])
        let (_, imported) = try Self.analysis("ring6", parts, extra: [("path_records", cut)])
        #expect(imported.diagnostics.map(\.message) == ["1 route between endpoints have no path record: SL 0 is assumed for them"])
    }

    @Test(
        "hostile lane data gets a located error",
        arguments: [
            ("PathRecord dump:\n\t\tslid....................2\n\t\tsl......................0x10\n", 3, "service level (0-15)"),
            ("# SL2VL table: Lid 1\nports: in  0, out  2: | 0| 1| 2|\n", 2, "16 lanes (0-15)"),
            ("# SL2VL table: Lid 1\nports: in  0, out  2: | 0| 1| 2| 3| 4| 5| 6| 7| 8| 9|10|11|12|13|14|16|\n", 2, "16 lanes"),
            ("Switch 0xfab0000000000010, base LID x\n", 1, "base LID N"),
            ("PathRecord dump:\ngarbage here\n", 2, "expected a path record"),
            ("# SL2VL table: Lid 1\nports: in 999, out 2: | 0|\n", 2, "input port"),
        ])
    func hostile(_ text: String, _ line: Int, _ fragment: String) {
        var dump = ForwardingDump()
        #expect(LaneDataParser.detect(Array(text.utf8)))
        do {
            try LaneDataParser().parse(Array(text.utf8), file: "lanes.txt", into: &dump)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.hasPrefix("lanes.txt:\(line):"), "\(error)")
            #expect(error.description.contains(fragment), "\(error)")
        }
    }
}
