import FabricGraph
import FabricGraphML
import FabricModel
import Foundation
import Testing

@testable import FabricObserved

/// Forwarding tables recorded from OpenSM on ibsim (`scripts/routing-real-stacks.sh --live --record`) and edited by
/// hand: parsing, mapping onto the design, routing by them, and the credit-loop check, each against an independent
/// hop-by-hop walk written here (the script checks the same against `check_lft_balance` and a Python walk).
@Suite("forwarding tables")
struct ForwardingTableTests {
    static func design(_ name: String) throws -> Topology {
        try GraphMLReader.read(file: ObservedFixtures.path("routing/\(name).graphml")).topology
    }

    static func imported(_ design: Topology, _ files: [String]) throws -> ForwardingImport {
        try ForwardingImport.read(files: files.map { ObservedFixtures.path("routing/\($0)") }, design: design)
    }

    static func read(_ file: String) throws -> ForwardingDump {
        var dump = ForwardingDump()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ObservedFixtures.path("routing/\(file)"))))
        try ForwardingTableParser().parse(bytes, file: file, into: &dump)
        return dump
    }

    /// Routes per (from, to) device pair of every host-to-host route, walked over the dump and the ibnetdiscover cables
    /// by device names only (no `ForwardingPlan`); nil when a route breaks.
    static func walk(_ dump: ForwardingDump, _ fabric: ObservedFabric) -> [String: Int]? {
        var peer: [String: String] = [:]
        for link in fabric.links {
            let a = fabric.devices[Int(link.a.device)].name
            let b = fabric.devices[Int(link.b.device)].name
            peer["\(a)#\(link.a.port)"] = b
            peer["\(b)#\(link.b.port)"] = a
        }
        var table: [String: [Int32: Int32]] = [:]
        for item in dump.tables { table[item.name] = Dictionary(item.entries.map { ($0.lid, $0.port) }, uniquingKeysWith: { first, _ in first }) }
        let hosts = fabric.devices.filter { $0.kind == .channelAdapter }
        var counts: [String: Int] = [:]
        for source in hosts {
            for target in hosts where target.name != source.name {
                guard var here = peer["\(source.name)#1"] else { return nil }
                counts["\(source.name)>\(here)", default: 0] += 1
                var hops = 0
                while here != target.name {
                    guard hops < 64, let port = table[here]?[target.lid], let next = peer["\(here)#\(port)"] else { return nil }
                    counts["\(here)>\(next)", default: 0] += 1
                    here = next
                    hops += 1
                }
            }
        }
        return counts
    }

    @Test("dump_lfts and OpenSM's opensm-lfts.dump of one fabric hold the same 20 tables (644 entries, all 16 hosts in each)")
    func bothFormats() throws {
        let tools = try Self.read("fattree-k4-updn/dump_lfts")
        let opensm = try Self.read("fattree-k4-updn/opensm-lfts.dump")
        #expect(tools.tables.count == 20)
        // Counted with grep: up*/down* leaves some switch-to-switch LIDs without an entry, never a host's.
        #expect(tools.tables.map(\.entries.count).reduce(0, +) == 644)
        #expect(tools.tables.allSatisfy { $0.entries.filter { $0.destinationName.hasPrefix("h-") }.count == 16 })
        func byGUID(_ dump: ForwardingDump) -> [UInt64: [Int32: Int32]] {
            Dictionary(uniqueKeysWithValues: dump.tables.map { ($0.guid, Dictionary(uniqueKeysWithValues: $0.entries.map { ($0.lid, $0.port) })) })
        }
        #expect(byGUID(tools) == byGUID(opensm))
        #expect(tools.tables.contains { $0.name == "edge-p3-1" && $0.guid == 0xfab0_0000_0000_0180 })
        #expect(opensm.tables.contains { $0.name == "agg-p3-1" && $0.lid == 2 })
    }

    @Test(
        "loads by imported tables equal a hop-by-hop walk of every host pair",
        arguments: [
            ("fattree-k4", "minhop"), ("fattree-k4", "ftree"), ("fattree-k4", "lash"), ("ring6", "minhop"), ("irregular", "dfsssp"),
        ])
    func loadsMatchWalk(_ name: String, _ engine: String) throws {
        let design =
            name == "fattree-k4"
            ? try GraphMLReader.read(
                file: ObservedFixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("topologies/fattree-k4.graphml").path
            ).topology
            : try Self.design(name)
        let folder = "\(name)-\(engine)"
        var topology = design
        let imported = try Self.imported(design, ["\(folder)/dump_lfts", "\(folder)/ibnetdiscover"])
        #expect(imported.diagnostics.isEmpty)
        topology.forwardingState = imported.state
        let graph = CSRGraph(topology)
        let report = try TrafficAnalysis.analyze(topology: topology, graph: graph, hottestCount: 0)
        #expect(report.routing == "tables")
        #expect(report.routed.unroutedPairs == 0)
        let fabric = try ObservedFixtures.read(["routing/\(folder)/ibnetdiscover"])
        let walked = try #require(Self.walk(try Self.read("\(folder)/dump_lfts"), fabric))
        let hosts = Double(graph.accelerators.count)
        // Every host has one cable: it injects that cable's capacity, spread over the other hosts.
        let injection = graph.capacity[Int(graph.arcs(from: graph.accelerators[0]).lowerBound)]
        let unit = injection / (hosts - 1)
        for arc in 0..<graph.arcCount {
            let from = topology.devices[Int(graph.tail(ofArc: Int32(arc)))].id
            let to = topology.devices[Int(graph.head[arc])].id
            let routes = report.routed.arcLoad[arc] / unit
            #expect(abs(routes - Double(walked["\(from)>\(to)"] ?? 0)) < 1e-9, "\(from) -> \(to)")
        }
    }

    @Test("credit loops: minhop on the ring has one, up*/down* and the fat-tree engines none")
    func creditLoops() throws {
        let cases: [(String, String, Bool)] = [("ring6", "minhop", true), ("ring6", "updn", false), ("irregular", "updn", false)]
        for (name, engine, loop) in cases {
            var topology = try Self.design(name)
            topology.forwardingState = try Self.imported(topology, ["\(name)-\(engine)/dump_lfts", "\(name)-\(engine)/ibnetdiscover"]).state
            let graph = CSRGraph(topology)
            let plan = try ForwardingPlan(state: try #require(topology.forwardingState), graph: graph)
            let analysis = graph.tableChannelDependencies(plan: plan)
            #expect((analysis.cycle != nil) == loop, "\(name)-\(engine)")
            if let cycle = analysis.cycle {
                // Consecutive channels meet at a switch, and the last leads back to the first.
                for (index, channel) in cycle.enumerated() {
                    let next = cycle[(index + 1) % cycle.count]
                    #expect(graph.head[Int(channel.arc)] == graph.tail(ofArc: next.arc))
                }
                #expect(cycle.count == 6)
            }
        }
    }

    @Test("a hand-edited dump: the black hole and the loop are named with switch, LID and line; their pairs go unrouted")
    func blackHoleAndLoop() throws {
        var topology = try Self.design("ring6")
        let imported = try Self.imported(topology, ["hand/ring6-blackhole-loop.dump_lfts", "ring6-updn/ibnetdiscover"])
        #expect(imported.diagnostics.isEmpty)
        topology.forwardingState = imported.state
        let graph = CSRGraph(topology)
        let plan = try ForwardingPlan(state: imported.state, graph: graph)
        let problems = graph.forwardingProblems(plan: plan)
        let messages = problems.map { $0.message(topology: topology) }
        #expect(problems.count == 2, "\(messages)")
        let hole = try #require(problems.first { $0.kind == .blackHole })
        #expect(topology.devices[Int(hole.device)].id == "sw-2")
        #expect(hole.address == 8)
        #expect(hole.location.line == 35)
        let loop = try #require(problems.first { $0.kind == .loop })
        #expect(Set(loop.cycle.map { topology.devices[Int($0)].id }) == ["sw-4", "sw-5"])
        #expect(loop.address == 2)
        #expect(messages.contains { $0.contains("ring6-blackhole-loop.dump_lfts:35:1: error: switch 'sw-2' has no entry for LID 0x0008 ('host-3')") })
        // host-1 and host-2 reach host-3 through sw-2; host-4 and host-5 reach host-0 through the loop.
        let report = try TrafficAnalysis.analyze(topology: topology, graph: graph, hottestCount: 0)
        #expect(report.routed.unroutedPairs == 4)
    }

    @Test("a miswired cable (real opensm run): the routes over it leave the design, located at the entry")
    func miswired() throws {
        let topology = try Self.design("irregular")
        let imported = try Self.imported(topology, ["irregular-miswired-minhop/dump_lfts", "irregular-miswired-minhop/ibnetdiscover"])
        let messages = imported.diagnostics.map(\.description)
        #expect(messages.count == 1)
        #expect(messages.first?.contains("switch 'leaf-c' forwards LID 0x000a on port 5, whose cable is not in the design") == true)
    }

    @Test("under a failed link, the destinations whose next hop died are named (before the subnet manager re-routes)")
    func deadNextHop() throws {
        var topology = try Self.design("ring6")
        topology.forwardingState = try Self.imported(topology, ["ring6-updn/dump_lfts", "ring6-updn/ibnetdiscover"]).state
        let graph = CSRGraph(topology)
        let plan = try ForwardingPlan(state: try #require(topology.forwardingState), graph: graph)
        let link = try #require(topology.links.firstIndex { topology.devices[Int($0.source)].id == "sw-2" && topology.devices[Int($0.target)].id == "sw-3" })
        var mask = FailureMask(for: graph)
        mask.failLink(Int32(link))
        let problems = graph.forwardingProblems(plan: plan, under: mask)
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.kind == .deadNextHop })
        let healthy = try TrafficAnalysis.analyze(topology: topology, graph: graph, hottestCount: 0)
        let failed = try TrafficAnalysis.analyze(topology: topology, graph: graph, mask: mask, hottestCount: 0)
        #expect(healthy.routed.unroutedPairs == 0)
        #expect(failed.routed.unroutedPairs > 0)
    }

    @Test(
        "hostile dumps get a located error",
        arguments: [
            ("0x0001 003 : (Channel Adapter portguid 0x1: 'h')\n", 1, "outside a switch's table"),
            ("Unicast lids [0x0-0x2] of switch Lid 1 guid 0x10 (s):\n0x0001 999 : x\n", 2, "output port"),
            ("Unicast lids [0x0-0x2] of switch Lid 1 (s):\n", 1, "without the switch's 'guid"),
            ("Unicast lids [0x0-0x2] of switch Lid 1 guid 0x10 (s):\n0x123456 001\n", 2, "LID of at most 4 hex digits"),
            ("Unicast lids [0x0-0x2] of switch Lid 1 guid 0x10 (s):\nrubbish here\n", 2, "expected a forwarding table header"),
            ("Unicast lids [0x0-0x2] of switch Lid 1 guid zz (s):\n", 1, "expected the switch GUID"),
        ])
    func hostile(_ text: String, _ line: Int, _ fragment: String) {
        var dump = ForwardingDump()
        do {
            try ForwardingTableParser().parse(Array(text.utf8), file: "bad.lfts", into: &dump)
            Issue.record("parsed")
        } catch {
            #expect(error.description.hasPrefix("bad.lfts:\(line):"), "\(error.description)")
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }

    @Test("fuzz finding: a header whose GUID does not parse gets a located error (it once read the cursor while borrowed)")
    func fuzzRegression() throws {
        let path = ObservedFixtures.path("fuzz-regressions/lfts-exclusivity-7d0ab7d8.dump_lfts")
        var dump = ForwardingDump()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect {
            try ForwardingTableParser().parse(bytes, file: "crash.lfts", into: &dump)
        } throws: { error in
            (error as? ObservedError)?.description.contains("expected the switch GUID (0x…)") == true
        }
    }
}
