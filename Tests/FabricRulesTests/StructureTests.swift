import FabricGraph
import FabricModel
import Testing

@testable import FabricRules

@Suite("Fabric structure: scale-up classification")
struct StructureTests {
    /// CloudMatrix-like: 2 nodes × (2 NPUs, 1 CPU, 1 L1 switch of plane `plane`), one L2 of the same plane.
    func supernode(plane: String) -> Topology {
        var builder = ExampleBuilder("supernode")
        builder.device("l2", .switch, tier: 2, plane: plane)
        for node in 0..<2 {
            builder.device("l1-\(node)", .switch, tier: 1, rack: "node-\(node)", plane: plane)
            builder.device("cpu-\(node)", .other, tier: 0, rack: "node-\(node)")
            builder.link("cpu-\(node)", "l1-\(node)")
            builder.link("l1-\(node)", "l2")
            for npu in 0..<2 {
                builder.accelerator("npu-\(node)-\(npu)", rack: "node-\(node)")
                builder.link("npu-\(node)-\(npu)", "l1-\(node)")
            }
        }
        return builder.topology
    }

    @Test("L1/L2 switches of a UB plane are scale-up switching: one 4-NPU domain, no scale-out links")
    func ubPlanes() {
        let topology = supernode(plane: "ub0")
        let structure = FabricStructure(topology: topology, graph: CSRGraph(topology))
        #expect(structure.isScaleUpLink.allSatisfy { $0 })
        #expect(structure.isScaleUpSwitch[0] && structure.isScaleUpSwitch[1])
        let npu = topology.deviceIndex(forID: "npu-1-1") ?? 0
        #expect(structure.scaleUpDomainSize[Int(npu)] == 4)
    }

    @Test("the same switches in an undeclared plane stay scale-out, each NPU its own domain")
    func otherPlanes() {
        let topology = supernode(plane: "plane-0")
        let structure = FabricStructure(topology: topology, graph: CSRGraph(topology))
        #expect(!structure.isScaleUpLink.contains(true))
        #expect(NetworkClass(plane: "ub3") == .scaleUp)
        #expect(NetworkClass(plane: "nvl12") == .scaleUp)
        #expect(NetworkClass(plane: "A") == nil)
        #expect(NetworkClass(plane: "plane-7") == nil)
    }
}
