import FabricModel
import FabricTestSupport
import Testing

@testable import FabricGraph

@Suite struct CSRGraphTests {
    /// A triangle a-b-c plus a doubled link c=d and a self-loop on d.
    static func sample() throws -> Topology {
        var topology = Topology(file: "sample.graphml")
        for id in ["a", "b", "c", "d"] { try topology.addDevice(Device(id: id, role: .accelerator)) }
        try topology.addLink(Link(source: 0, target: 1, bandwidth: 100))
        try topology.addLink(Link(source: 1, target: 2, bandwidth: 100))
        try topology.addLink(Link(source: 2, target: 0, bandwidth: 100))
        try topology.addLink(Link(source: 2, target: 3, bandwidth: 50, multiplicity: 2))
        try topology.addLink(Link(source: 3, target: 3, bandwidth: 50))
        try topology.addLink(Link(source: 3, target: 0, directed: true, bandwidth: 10))
        return topology
    }

    @Test func buildsArcsPerCable() throws {
        let graph = CSRGraph(try Self.sample())
        #expect(graph.vertexCount == 4)
        #expect(graph.linkCount == 6)
        #expect(graph.selfLoopCount == 1)
        #expect(graph.arcCount == 2 * (3 + 2 + 1))
        #expect(graph.degree(of: 2) == 4)
        #expect(graph.degree(of: 3) == 3)
        for arc in 0..<Int32(graph.arcCount) {
            let back = graph.reverse[Int(arc)]
            #expect(graph.reverse[Int(back)] == arc)
            #expect(graph.head[Int(back)] == graph.tail(ofArc: arc))
            #expect(graph.link[Int(back)] == graph.link[Int(arc)])
        }
        let directedArcs = (0..<Int32(graph.arcCount)).filter { graph.link[Int($0)] == 5 }
        #expect(directedArcs.map { graph.capacity[Int($0)] }.sorted() == [0, 10])
    }

    @Test("the structural invariants hold on a directed, multi-cable, self-looped sample and on the small designs")
    func invariantsHold() throws {
        #expect(CSRGraph(try Self.sample())._checkInvariants() == [])
        for name in Designs.small {
            #expect(CSRGraph(try Designs.topology(named: name))._checkInvariants() == [], "\(name)")
        }
        // An empty design and a lone device with only a self-loop.
        #expect(CSRGraph(Topology(file: "empty.graphml"))._checkInvariants() == [])
        var lone = Topology(file: "lone.graphml")
        try lone.addDevice(Device(id: "x", role: .switch))
        try lone.addLink(Link(source: 0, target: 0))
        #expect(CSRGraph(lone)._checkInvariants() == [])
    }

    @Test func masksLinksAndDevices() throws {
        let graph = CSRGraph(try Self.sample())
        var mask = FailureMask(for: graph)
        mask.failLink(0)
        mask.failDevice(3)
        let usable = graph.arcs(from: 0).filter { graph.isUsable(arc: $0, tail: 0, under: mask) }
        #expect(usable.map { graph.head[Int($0)] } == [2])
    }
}
