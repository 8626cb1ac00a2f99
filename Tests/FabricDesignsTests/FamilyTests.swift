import FabricDesigns
import FabricModel
import FabricTestSupport
import Testing

@Suite struct FamilyTests {
    @Test(arguments: [2, 4, 6, 8, 10])
    func fatTreeClosedForms(k: Int) throws {
        let design = try DesignCatalog.design(named: "fattree", parameters: ["k": String(k)])
        var sink = ShapeSink.run(design)
        #expect(sink.count(.accelerator) == k * k * k / 4)
        #expect(sink.count(.switch) == 5 * k * k / 4)
        #expect(sink.links == 3 * k * k * k / 4)
        #expect(sink.count(tier: 3) == k * k / 4)
        #expect(sink.overRadix.isEmpty)
        // Every switch uses exactly its k ports.
        #expect(sink.roles.indices.filter { sink.roles[$0] == .switch }.allSatisfy { sink.ports[$0] == k })
        let connected = sink.acceleratorsConnected()
        #expect(connected)
    }

    @Test(arguments: [(3, 1), (3, 2), (4, 3), (5, 2), (3, 4), (6, 3)])
    func torusAndMeshClosedForms(k: Int, n: Int) throws {
        var power = 1
        for _ in 0..<n { power *= k }
        let torus = try DesignCatalog.design(named: "torus", parameters: ["k": String(k), "n": String(n)])
        var sink = ShapeSink.run(torus)
        #expect(sink.count(.accelerator) == power)
        #expect(sink.links == n * power)
        #expect(sink.ports.allSatisfy { $0 == 2 * n })
        let connected = sink.acceleratorsConnected()
        #expect(connected)
        let mesh = try DesignCatalog.design(named: "mesh", parameters: ["k": String(k), "n": String(n)])
        var meshSink = ShapeSink.run(mesh)
        #expect(meshSink.links == n * (k - 1) * power / k)
        #expect(meshSink.overRadix.isEmpty)
        let meshConnected = meshSink.acceleratorsConnected()
        #expect(meshConnected)
    }

    @Test(arguments: [[2], [3, 3], [4, 2, 3], [8, 8, 4, 4], [5, 4], [2, 2, 2, 2, 2]])
    func fullMeshClosedForms(dims: [Int]) throws {
        let total = dims.reduce(1, *)
        let design = try DesignCatalog.design(
            named: "fullmesh",
            parameters: [
                "dims": dims.map(String.init).joined(separator: ","), "bandwidths": "25GB/s", "rack-dims": String(min(2, dims.count)),
            ])
        var sink = ShapeSink.run(design)
        #expect(sink.count(.accelerator) == total)
        #expect(sink.links == total * dims.reduce(0) { $0 + $1 - 1 } / 2)
        #expect(sink.ports.allSatisfy { $0 == dims.reduce(0) { $0 + $1 - 1 } })
        #expect(sink.badReferences == 0)
        let connected = sink.acceleratorsConnected()
        #expect(connected)
    }

    @Test func fullMeshSwitchedUplinksAndPlanes() throws {
        let switched = try DesignCatalog.design(named: "fullmesh", parameters: ["dims": "4,4,2", "pods": "3", "switches": "4", "switch-radix": "96"])
        var sink = ShapeSink.run(switched)
        #expect(sink.count(.switch) == 4)
        #expect(sink.linkKinds["npu~ubsw"] == 96)
        #expect(sink.overRadix.isEmpty)
        let connected = sink.acceleratorsConnected()
        #expect(connected)
        let planes = try DesignCatalog.design(
            named: "fullmesh",
            parameters: [
                "dims": "4,4,2", "pods": "2", "planes": "3", "spines": "4",
                "switch-radix": "16",
            ])
        var planeSink = ShapeSink.run(planes)
        // 2 pods × 2 racks × 3 planes L1, 3 × 4 L2; every accelerator one link per plane, L1s 1:1.
        #expect(planeSink.count(tier: 1) == 12)
        #expect(planeSink.count(tier: 2) == 12)
        #expect(planeSink.linkKinds["l1~npu"] == 64 * 3)
        #expect(planeSink.linkKinds["l1~l2"] == 64 * 3)
        #expect(planeSink.overRadix.isEmpty)
        let planesConnected = planeSink.acceleratorsConnected()
        #expect(planesConnected)
    }

    @Test(arguments: [(2, 1, 1), (4, 2, 2), (6, 3, 3), (8, 4, 2), (3, 2, 5)])
    func dragonflyHasOneGlobalLinkPerGroupPair(a: Int, p: Int, h: Int) throws {
        let design = try DragonflyDesign(a: a, p: p, h: h)
        let groups = a * h + 1
        #expect(design.groups == groups)
        let topology = try DesignCatalog.topology(of: design)
        #expect(topology.devices.filter(\.isAccelerator).count == groups * a * p)
        var pairs: [Int: Int] = [:]
        var local = 0
        var perRouter = [Int](repeating: 0, count: topology.devices.count)
        for link in topology.links {
            let first = topology.devices[Int(link.source)]
            let second = topology.devices[Int(link.target)]
            guard first.role == .switch, second.role == .switch, let podA = first.pod, let podB = second.pod else { continue }
            if podA == podB {
                local += 1
                continue
            }
            perRouter[Int(link.source)] += 1
            perRouter[Int(link.target)] += 1
            let ga = Int(podA.split(separator: "-").last ?? "") ?? -1
            let gb = Int(podB.split(separator: "-").last ?? "") ?? -1
            pairs[min(ga, gb) * groups + max(ga, gb), default: 0] += 1
        }
        #expect(pairs.count == groups * (groups - 1) / 2)
        #expect(pairs.values.allSatisfy { $0 == 1 })
        #expect(local == groups * a * (a - 1) / 2)
        // Every router has exactly h global links.
        #expect(topology.devices.indices.filter { topology.devices[$0].role == .switch }.allSatisfy { perRouter[$0] == h })
    }

    @Test func closThreeTierWithOversubscriptionAndPlanes() throws {
        let design = try DesignCatalog.design(
            named: "clos",
            parameters: [
                "tiers": "3", "pods": "4", "hosts": "64", "rails": "4", "planes": "2", "leaf-hosts": "8", "spines": "4",
                "leaf-oversubscription": "2", "superspines": "8", "spine-oversubscription": "2", "radix": "32",
            ])
        guard let clos = design as? ClosDesign else {
            Issue.record("clos family did not build a ClosDesign")
            return
        }
        let shape = clos.shape
        // Per pod and plane: 4 rails × (16 servers / 8) = 8 leaves, each 8 down, 4 up (2:1) = 1 per spine.
        #expect(shape.leavesPerPod == 8)
        #expect(shape.leafSpineLinks == 1)
        #expect(shape.spineSuperLinks == 2)
        #expect(shape.leafOversubscription == 2)
        #expect(shape.spineOversubscription == 2)
        var sink = ShapeSink.run(design)
        #expect(sink.count(.accelerator) == 256)
        #expect(sink.count(tier: 1) == 2 * 4 * 8)
        #expect(sink.count(tier: 2) == 2 * 4 * 4)
        #expect(sink.count(tier: 3) == 2 * 8)
        #expect(sink.links == 256 * 2 + 64 * 4 + 32 * 2 * 2)
        #expect(sink.overRadix.isEmpty)
        let connected = sink.acceleratorsConnected()
        #expect(connected)
        #expect(sink.properties["no_spof"] == .bool(true))
    }

    @Test func badParametersSayWhatWouldWork() throws {
        #expect(throws: DesignError.self) { try DesignCatalog.design(named: "fattree", parameters: ["k": "5"]) }
        do {
            _ = try DesignCatalog.design(named: "fattree", parameters: ["k": "5"])
        } catch {
            #expect(error.description.contains("even"))
        }
        do {
            _ = try DesignCatalog.design(named: "clos", parameters: ["hosts": "256", "leaf-hosts": "64", "spines": "4", "radix": "64"])
            Issue.record("a leaf with 64 down and 64 up links in a radix-64 switch must be rejected")
        } catch {
            #expect(error.description.contains("radix of at least 128"))
        }
        for (name, parameters) in [
            ("torus", ["k": "0"]), ("fullmesh", ["dims": "8,0"]), ("dragonfly", ["a": "0"]), ("clos", ["hosts": "0"]),
            ("torus", ["k": "2"]), ("fattree", ["bandwidth": "fast"]), ("fattree", ["size": "4"]),
            ("fullmesh", ["switches": "1", "switch-radix": "64"]), ("supercluster", ["superpods": "3"]),
            ("supercluster", ["superpods": "512"]),
        ] {
            #expect(throws: DesignError.self, "\(name) \(parameters)") { try DesignCatalog.design(named: name, parameters: parameters) }
        }
        #expect(throws: DesignError.self) { try DesignCatalog.design(named: "nonesuch") }
        #expect(throws: DesignError.self) { try DesignCatalog.design(named: "fattree-k4", parameters: ["k": "6"]) }
    }

    @Test func superclusterFamilyMatchesTheNamedDesignCounts() throws {
        // Closed form per SuperPoD: 8,192 NPUs, 16 UB switches, 128 leaves, 64 spines; plus 32 superspines per SuperPoD pair.
        let design = try DesignCatalog.design(named: "supercluster", parameters: ["superpods": "4"])
        #expect(design.deviceCount == 4 * (8192 + 16 + 128 + 64) + 64 * 2)
        let million = try DesignCatalog.design(named: "supercluster-1m")
        let family = try DesignCatalog.design(named: "supercluster", parameters: ["superpods": "128"])
        #expect(family.deviceCount == million.deviceCount)
        #expect(family.linkCount == million.linkCount)
        #expect(million.deviceCount == 1_079_296)
    }

    @Test func sameParametersGiveTheSameDesign() throws {
        let first = try Designs.topology(named: "clos", parameters: ["planes": "2"])
        let second = try Designs.topology(named: "clos", parameters: ["planes": "2"])
        #expect(first == second)
        #expect(
            first.properties["parameters"]
                == .string(
                    "tiers=2 pods=1 hosts=64 rails=1 planes=2 leaf-hosts=16 spines=2 leaf-spine-links=8 superspines=0 spine-superspine-links=0 host-bandwidth=400 Gb/s fabric-bandwidth=400 Gb/s radix=64,64,64"
                ))
    }
}
