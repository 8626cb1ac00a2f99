import FabricGraphML
import FabricModel
import Foundation
import Testing

@testable import FabricGraph

/// `--state` files: parsing, located errors, the stable link identity, and the "now" fabric checked against the
/// design file with the down elements deleted by hand (text edits of a hand-written yEd-style rail design).
@Suite struct FailureStateTests {
    /// A hand-written dual-plane rail pod, drawn as yEd saves it (`edgedefault="directed"`, no edge ids): two hosts
    /// of two GPUs, each GPU on its rail's ToR in plane A and in plane B; one single-homed GPU (host h2) on tor-A-0;
    /// spine-A doubled to each plane-A ToR (identical parallel cables), spine-B cabled port to port.
    static let railPod = """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="d0" for="node" attr.name="role" attr.type="string"/>
          <key id="d1" for="node" attr.name="rack" attr.type="string"/>
          <key id="d2" for="node" attr.name="pod" attr.type="string"/>
          <key id="d3" for="edge" attr.name="bandwidth" attr.type="string"/>
          <graph id="G" edgedefault="directed">
            <node id="gpu-h0-0"><data key="d0">gpu</data><data key="d1">h0</data><data key="d2">p0</data></node>
            <node id="gpu-h0-1"><data key="d0">gpu</data><data key="d1">h0</data><data key="d2">p0</data></node>
            <node id="gpu-h1-0"><data key="d0">gpu</data><data key="d1">h1</data><data key="d2">p0</data></node>
            <node id="gpu-h1-1"><data key="d0">gpu</data><data key="d1">h1</data><data key="d2">p0</data></node>
            <node id="gpu-h2-0"><data key="d0">gpu</data><data key="d1">h2</data><data key="d2">p1</data></node>
            <node id="tor-A-0"><data key="d0">switch</data><port name="up"/></node>
            <node id="tor-A-1"><data key="d0">switch</data></node>
            <node id="tor-B-0"><data key="d0">switch</data><port name="up"/></node>
            <node id="tor-B-1"><data key="d0">switch</data><port name="up"/></node>
            <node id="spine-A"><data key="d0">switch</data></node>
            <node id="spine-B"><data key="d0">switch</data><port name="p1"/><port name="p2"/></node>
            <edge source="gpu-h0-0" target="tor-A-0"><data key="d3">200Gb/s</data></edge>
            <edge source="gpu-h0-0" target="tor-B-0"><data key="d3">200Gb/s</data></edge>
            <edge source="gpu-h0-1" target="tor-A-1"><data key="d3">200Gb/s</data></edge>
            <edge source="gpu-h0-1" target="tor-B-1"><data key="d3">200Gb/s</data></edge>
            <edge source="gpu-h1-0" target="tor-A-0"><data key="d3">200Gb/s</data></edge>
            <edge source="gpu-h1-0" target="tor-B-0"><data key="d3">200Gb/s</data></edge>
            <edge source="gpu-h1-1" target="tor-A-1"><data key="d3">200Gb/s</data></edge>
            <edge source="gpu-h1-1" target="tor-B-1"><data key="d3">200Gb/s</data></edge>
            <edge source="gpu-h2-0" target="tor-A-0"><data key="d3">200Gb/s</data></edge>
            <edge source="tor-A-0" target="spine-A"><data key="d3">400Gb/s</data></edge>
            <edge source="tor-A-0" target="spine-A"><data key="d3">400Gb/s</data></edge>
            <edge source="tor-A-1" target="spine-A"><data key="d3">400Gb/s</data></edge>
            <edge source="tor-A-1" target="spine-A"><data key="d3">400Gb/s</data></edge>
            <edge id="b0" source="spine-B" sourceport="p1" target="tor-B-0" targetport="up"><data key="d3">400Gb/s</data></edge>
            <edge source="spine-B" sourceport="p2" target="tor-B-1" targetport="up"><data key="d3">400Gb/s</data></edge>
          </graph>
        </graphml>
        """

    static func read(_ text: String, _ name: String = "rail-pod.graphml") throws -> Topology {
        try GraphMLReader.read(string: text, fileName: name).topology
    }

    /// The pod text without the lines containing any of `fragments` (a device's node and edges, or one edge).
    static func deleting(_ fragments: [String], droppingFirstOnly: Set<String> = []) -> String {
        var dropped = Set<String>()
        return railPod.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            for fragment in droppingFirstOnly where line.contains(fragment) && !dropped.contains(fragment) {
                dropped.insert(fragment)
                return false
            }
            return !fragments.contains { line.contains($0) }
        }.joined(separator: "\n")
    }

    @Test func stableIdentityFollowsEndsAndPorts() throws {
        let topology = try Self.read(Self.railPod)
        let ids = topology.stableLinkIDs()
        #expect(ids[0] == "gpu-h0-0~tor-A-0")
        #expect(ids[9] == "tor-A-0~spine-A#1")
        #expect(ids[10] == "tor-A-0~spine-A#2")
        #expect(ids[13] == "b0")
        #expect(ids[14] == "spine-B:p2~tor-B-1:up")
        #expect(Set(ids).count == ids.count)
    }

    @Test func stableIdentityIsUnchangedByEditsElsewhere() throws {
        let before = try Self.read(Self.railPod).stableLinkIDs()
        // Edit elsewhere: a new node and cable first in the file, one unrelated cable deleted, one moved to the end.
        var edited = Self.railPod.replacingFirst(
            "<node id=\"gpu-h0-0\">",
            with: "<node id=\"new-gpu\"><data key=\"d0\">gpu</data></node>\n<edge source=\"new-gpu\" target=\"tor-A-1\"/>\n<node id=\"gpu-h0-0\">")
        edited = edited.replacingFirst("<edge source=\"gpu-h1-1\" target=\"tor-B-1\"><data key=\"d3\">200Gb/s</data></edge>", with: "")
        let moved = "<edge source=\"gpu-h0-1\" target=\"tor-A-1\"><data key=\"d3\">200Gb/s</data></edge>"
        edited = edited.replacingFirst(moved, with: "").replacingFirst("</graph>", with: moved + "\n</graph>")
        let after = Set(try Self.read(edited).stableLinkIDs())
        for id in before where id != "gpu-h1-1~tor-B-1" { #expect(after.contains(id), "\(id) changed") }
        #expect(after.contains("new-gpu~tor-A-1"))
    }

    @Test func parsesCommentsAndLocatesUnknownNames() throws {
        let topology = try Self.read(Self.railPod)
        let text = "# incident 42\n\n  tor-A-0   # flapping\ntor-A-0~spine-A#2\nspine-B:p2~tor-B-1:up\nspine-B:p9~tor-B-1:up\ntor-A-7\ngpu-h0-0~spine-A\n"
        let state = FailureState(parsing: text, file: "now.txt")
        #expect(
            state.entries.map(\.text) == [
                "tor-A-0", "tor-A-0~spine-A#2", "spine-B:p2~tor-B-1:up", "spine-B:p9~tor-B-1:up",
                "tor-A-7", "gpu-h0-0~spine-A",
            ])
        #expect(state.entries[0].line == 3 && state.entries[0].column == 3)
        do {
            _ = try state.resolve(against: topology)
            Issue.record("unknown names resolved")
        } catch {
            guard case .unresolved(let problems) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(problems.map(\.line) == [6, 7, 8])
            #expect(problems[0].description == "now.txt:6:1: error: 'spine-B:p9~tor-B-1:up': device 'spine-B' has no port 'p9'; did you mean 'p1'?")
            #expect(problems[1].description.hasPrefix("now.txt:7:1: error: 'tor-A-7': "))
            #expect(problems[1].description.hasSuffix("did you mean 'tor-A-0'?"))
            #expect(problems[2].description == "now.txt:8:1: error: 'gpu-h0-0~spine-A': no link joins 'gpu-h0-0' and 'spine-A'")
        }
        let good = FailureState(parsing: "tor-A-0~spine-A#2\nspine-B:p2~tor-B-1:up\ntor-B-1:up~spine-B:p2\ntor-A-1~spine-A\nb0\n", file: "s")
        #expect(try good.resolve(against: topology).links == [10, 11, 12, 13, 14])
    }

    /// The state applied equals the design file with the down elements deleted by hand: same devices, links, ids,
    /// connectivity, capacity baseline and all-to-all traffic figures.
    @Test func nowEqualsTheFileWithTheElementsDeleted() throws {
        let design = try Self.read(Self.railPod)
        let state = FailureState(parsing: "tor-B-0\ntor-A-1~spine-A#2\nspine-B:p2~tor-B-1:up\n", file: "state.txt")
        let applied = try AppliedFailureState(design: design, state: state)
        let edited = try Self.read(
            Self.deleting(["tor-B-0", "sourceport=\"p2\""], droppingFirstOnly: []).replacingLast(
                "<edge source=\"tor-A-1\" target=\"spine-A\"><data key=\"d3\">400Gb/s</data></edge>", with: ""))
        let now = applied.now
        #expect(now.devices.map(\.id) == edited.devices.map(\.id))
        #expect(now.stableLinkIDs() == edited.stableLinkIDs())
        #expect(applied.summary.downLinks == ["tor-A-1~spine-A#2", "spine-B:p2~tor-B-1:up"])
        #expect(applied.summary.downDevices == ["tor-B-0"])
        #expect(applied.summary.linksDownWithDevices == 3)
        let nowGraph = CSRGraph(now)
        let editedGraph = CSRGraph(edited)
        let a = BlastRadiusBaseline(graph: nowGraph, topology: now)
        let b = BlastRadiusBaseline(graph: editedGraph, topology: edited)
        #expect(a.connectivity.componentAccelerators == b.connectivity.componentAccelerators)
        #expect(a.injection == b.injection && a.uplinkShare == b.uplinkShare)
        let trafficNow = try TrafficAnalysis.analyze(topology: now, graph: nowGraph, hottestCount: 0)
        let trafficEdited = try TrafficAnalysis.analyze(topology: edited, graph: editedGraph, hottestCount: 0)
        #expect(trafficNow.maxUtilization == trafficEdited.maxUtilization)
        #expect(trafficNow.throughput == trafficEdited.throughput)
        // The same state as a mask over the design gives the same traffic as the deleted file.
        let designGraph = CSRGraph(design)
        let masked = try TrafficAnalysis.analyze(topology: design, graph: designGraph, mask: applied.scenario.mask(for: designGraph), hottestCount: 0)
        #expect(masked.maxUtilization == trafficEdited.maxUtilization && masked.throughput == trafficEdited.throughput)
    }

    /// An as-built GraphML (what `verify --write-as-built` writes) missing a ToR and a cable is the same state.
    @Test func asBuiltFileIsTheSameState() throws {
        let design = try Self.read(Self.railPod)
        let asBuiltText = Self.deleting(["tor-A-1"]).replacingFirst(
            "<edge source=\"gpu-h1-0\" target=\"tor-B-0\"><data key=\"d3\">200Gb/s</data></edge>",
            with: "<edge source=\"gpu-h2-0\" target=\"tor-B-1\"/>")
        let asBuilt = try Self.read(asBuiltText, "as-built.graphml")
        let fromFile = AppliedFailureState(design: design, asBuilt: asBuilt, file: "as-built.graphml")
        let fromList = try AppliedFailureState(design: design, state: FailureState(parsing: "tor-A-1\ngpu-h1-0~tor-B-0\n", file: "s"))
        #expect(fromFile.scenario == fromList.scenario)
        #expect(fromFile.summary.asBuiltExtraLinks == 1)
        #expect(fromFile.now.stableLinkIDs() == fromList.now.stableLinkIDs())
    }

    /// Stranded accelerators of the state, by brute force: the single-homed GPU behind a down ToR.
    @Test func strandedListIsCompleteAndMatchesBruteForce() throws {
        let design = try Self.read(Self.railPod)
        let applied = try AppliedFailureState(design: design, state: FailureState(parsing: "tor-A-0\n", file: "s"))
        let graph = CSRGraph(design)
        let mask = applied.scenario.mask(for: graph)
        let baseline = BlastRadiusBaseline(graph: graph, topology: design)
        let stranded = baseline.strandedAccelerators(under: mask, after: graph.connectivity(under: mask))
        #expect(stranded.map { design.devices[Int($0)].id } == ["gpu-h2-0"])
        let reach = BruteForce.forwardingReach(design, removedLinks: [], removedDevices: [Int(applied.scenario.devices[0])])
        let h2 = Int(design.deviceIndex(forID: "gpu-h2-0") ?? -1)
        let h0 = Int(design.deviceIndex(forID: "gpu-h0-0") ?? -1)
        #expect(!reach[h0].contains(h2))
    }

    @Test("sweep records name links without id by their stable identity (ordinals computed once, names per record)")
    func sweepRecordsUseStableIdentity() throws {
        let design = try Self.read(Self.railPod)
        let names = design.stableLinkIDs()
        let ordinals = design.stableLinkOrdinals()
        #expect(design.links.indices.map { design.stableLinkID($0, ordinals: ordinals) } == names)
        // The doubled spine-A cables are #1 and #2 in file order; the one cable with an id keeps it.
        #expect(names.filter { $0.hasPrefix("tor-A-0~spine-A") } == ["tor-A-0~spine-A#1", "tor-A-0~spine-A#2"])
        #expect(names.contains("b0"))
        for metric in [SweepMetric.connectivity, .traffic] {
            let topology = design
            let traffic = metric == .traffic ? TrafficSweeper.uniformAllToAll(graph: CSRGraph(topology), topology: topology) : nil
            let report = FailureSweeper(topology: topology).run(
                SweepOptions(elements: .links, metric: metric), designName: "rail-pod.graphml", traffic: traffic)
            #expect(report.results.count == design.links.count)
            for record in report.results {
                let link = try #require(record.failure.links.first)
                #expect(!link.id.hasPrefix("#"))
                let index = try #require(names.firstIndex(of: link.id))
                #expect(design.devices[Int(design.links[index].source)].id == link.source)
            }
            #expect(Set(report.results.map { $0.failure.links[0].id }) == Set(names))
        }
        let noIds = try Self.read(
            #"<graphml><graph edgedefault="undirected"><node id="a"/><node id="b"/><edge id="x" source="a" target="b"/></graph></graphml>"#)
        #expect(noIds.stableLinkOrdinals().isEmpty)
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }

    fileprivate func replacingLast(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target, options: .backwards) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
