import FabricDesigns
import FabricModel
import FabricTestSupport
import Testing

/// The exact counts of `Tests/Reference/designs/REFERENCE-DESIGNS.md`, one row per design.
struct ReferenceRow: Sendable, CustomStringConvertible {
    var name: String
    var roles: [Role: Int]
    var tiers: [Int: Int]
    var links: Int
    var kinds: [String: Int]
    var description: String { name }
}

let referenceRows: [ReferenceRow] = [
    ReferenceRow(
        name: "fattree-k4", roles: [.accelerator: 16, .switch: 20], tiers: [0: 16, 1: 8, 2: 8, 3: 4], links: 48,
        kinds: ["edge~h": 16, "agg~edge": 16, "agg~core": 16]),
    ReferenceRow(
        name: "fattree-k48", roles: [.accelerator: 27_648, .switch: 2_880], tiers: [0: 27_648, 1: 1_152, 2: 1_152, 3: 576],
        links: 82_944, kinds: ["edge~h": 27_648, "agg~edge": 27_648, "agg~core": 27_648]),
    ReferenceRow(
        name: "leafspine-64", roles: [.accelerator: 64, .switch: 6], tiers: [0: 64, 1: 4, 2: 2], links: 128,
        kinds: ["acc~leaf": 64, "leaf~spine": 64]),
    ReferenceRow(name: "torus-4x4x4", roles: [.accelerator: 64], tiers: [0: 64], links: 192, kinds: ["n~n": 192]),
    ReferenceRow(name: "tpu-v4-16x16x16", roles: [.accelerator: 4_096], tiers: [0: 4_096], links: 12_288, kinds: ["n~n": 12_288]),
    ReferenceRow(name: "ubmesh-pod-1k", roles: [.accelerator: 1_024], tiers: [0: 1_024], links: 10_240, kinds: ["npu~npu": 10_240]),
    ReferenceRow(
        name: "atlas950-like-8k", roles: [.accelerator: 8_192, .switch: 16], tiers: [0: 8_192, 1: 16], links: 90_112,
        kinds: ["npu~npu": 81_920, "npu~ubsw": 8_192]),
    ReferenceRow(
        name: "atlas960-like-15k", roles: [.accelerator: 15_488, .switch: 1_096], tiers: [0: 15_488, 1: 968, 2: 128], links: 232_320,
        kinds: ["npu~npu": 108_416, "l1~npu": 61_952, "l1~l2": 61_952]),
    ReferenceRow(
        name: "cloudmatrix384", roles: [.accelerator: 384, .cpu: 192, .switch: 448], tiers: [0: 576, 1: 336, 2: 112], links: 12_096,
        kinds: ["l1~npu": 5_376, "l1~l2": 5_376, "cpu~l1": 1_344]),
    ReferenceRow(
        name: "dgx-h100-4su", roles: [.accelerator: 1_024, .switch: 560], tiers: [0: 1_024, 1: 544, 2: 16], links: 20_480,
        kinds: ["gpu~nvsw": 18_432, "gpu~leaf": 1_024, "leaf~spine": 1_024]),
    ReferenceRow(
        name: "gb200-nvl72-su", roles: [.accelerator: 576, .switch: 178], tiers: [0: 576, 1: 162, 2: 16], links: 11_520,
        kinds: ["gpu~nvsw": 10_368, "gpu~leaf": 576, "leaf~spine": 576]),
    ReferenceRow(
        name: "dragonfly-a16-p8-h8", roles: [.accelerator: 16_512, .switch: 2_064], tiers: [0: 16_512, 1: 2_064], links: 40_248,
        kinds: ["h~rt": 16_512, "rt~rt": 15_480 + 8_256]),
    ReferenceRow(
        name: "hpn-pod-15k", roles: [.accelerator: 15_360, .switch: 360], tiers: [0: 15_360, 1: 240, 2: 120], links: 45_120,
        kinds: ["gpu~tor": 30_720, "agg~tor": 14_400]),
    ReferenceRow(
        name: "meta-like-24k", roles: [.accelerator: 24_576, .switch: 1_680], tiers: [0: 24_576, 1: 1_536, 2: 128, 3: 16],
        links: 52_736, kinds: ["gpu~rsw": 24_576, "csw~rsw": 24_576, "agg~csw": 3_584]),
]

@Suite struct ReferenceDesignTests {
    @Test(arguments: referenceRows)
    func countsMatchTheReferenceTable(_ row: ReferenceRow) throws {
        let design = try DesignCatalog.design(named: row.name)
        var sink = ShapeSink.run(design)
        #expect(sink.finished)
        #expect(sink.badReferences == 0)
        var roles: [Role: Int] = [:]
        for role in sink.roles { roles[role, default: 0] += 1 }
        #expect(roles == row.roles)
        for (tier, count) in row.tiers { #expect(sink.count(tier: tier) == count, "tier \(tier)") }
        #expect(sink.tiers.compactMap { $0 }.count == row.tiers.values.reduce(0, +))
        #expect(sink.links == row.links)
        #expect(sink.linkKinds == row.kinds)
        #expect(design.linkCount == row.links)
        #expect(design.deviceCount == sink.roles.count)
        #expect(sink.overRadix.isEmpty, "devices over radix: \(sink.overRadix.prefix(5))")
        let connected = sink.acceleratorsConnected()
        #expect(connected)
        #expect(Set(sink.srlgNames).count == sink.srlgNames.count, "SRLG names are unique")
        #expect(sink.properties["accelerators"] == .int(Int64(row.roles[.accelerator] ?? 0)))
        #expect(sink.properties["design"] == .string(row.name))
        #expect(sink.properties["generator_version"] == .string(DesignCatalog.generatorVersion))
    }

    @Test func ubMeshLinksPerDimension() throws {
        let topology = try Designs.topology(named: "ubmesh-pod-1k")
        var perDimension = [0, 0, 0, 0]
        for link in topology.links {
            let a = topology.devices[Int(link.source)].coordinates
            let b = topology.devices[Int(link.target)].coordinates
            let differing = (0..<4).filter { a[$0] != b[$0] }
            #expect(differing.count == 1)
            if let dim = differing.first { perDimension[dim] += 1 }
        }
        #expect(perDimension == [3_584, 3_584, 1_536, 1_536])
        let fast = topology.links.filter { $0.bandwidth == 400e9 }.count
        let slow = topology.links.filter { $0.bandwidth == 200e9 }.count
        #expect(fast == 7_168 && slow == 3_072)
    }

    @Test func dgxRailsAndNVLinks() throws {
        let topology = try Designs.topology(named: "dgx-h100-4su")
        // GPU r of SU s connects to leaf 8s+r; every GPU has 18 NVLinks split 5/4/4/5.
        var nvlinks: [Int32: [Int32: Int]] = [:]
        for link in topology.links {
            let gpu = topology.devices[Int(link.source)]
            let other = topology.devices[Int(link.target)]
            guard gpu.isAccelerator else { continue }
            if other.id.hasPrefix("leaf-") {
                let su = Int(gpu.pod?.split(separator: "-").last ?? "") ?? -1
                #expect(other.id == "leaf-p\(su)-\(gpu.rail ?? -1)")
                #expect(link.bandwidth == 400e9)
            } else {
                nvlinks[link.source, default: [:]][link.target, default: 0] += 1
                #expect(link.bandwidth == 200e9)
            }
        }
        #expect(nvlinks.count == 1_024)
        #expect(nvlinks.values.allSatisfy { $0.values.sorted() == [4, 4, 5, 5] })
    }

    @Test func supercluster1mClosedForms() throws {
        let design = try DesignCatalog.design(named: "supercluster-1m")
        #expect(design.properties.accelerators == 1_048_576)
        #expect(design.deviceCount == 1_048_576 + 2_048 + 16_384 + 8_192 + 4_096)
        #expect(design.linkCount == 10_485_760 + 4 * 1_048_576)
        let half = try DesignCatalog.design(named: "supercluster-512k")
        #expect(half.properties.accelerators == 524_288)
        #expect(half.linkCount == design.linkCount / 2)
    }

    @Test func superclusterRecipeStreamsWhatItPromises() throws {
        let design = try SuperclusterDesign(superpods: 2, name: "supercluster-16k")
        var sink = ShapeSink.run(design)
        #expect(sink.badReferences == 0)
        #expect(sink.links == design.linkCount)
        #expect(sink.roles.count == design.deviceCount)
        #expect(sink.count(.accelerator) == 16_384)
        #expect(sink.linkKinds == ["npu~npu": 16 * 10_240, "npu~ubsw": 16_384, "leaf~npu": 16_384, "leaf~spine": 16_384, "spine~super": 16_384])
        #expect(sink.overRadix.isEmpty)
        let connected = sink.acceleratorsConnected()
        #expect(connected)
    }

    @Test func countingSinkAgreesWithTheBuiltModel() throws {
        for name in Designs.small {
            let design = try DesignCatalog.design(named: name)
            var counter = CountingSink()
            design.generate(into: &counter)
            let topology = try DesignCatalog.topology(of: design)
            #expect(counter.linkCount == topology.links.count)
            #expect(counter.deviceCount == topology.devices.count)
            #expect(counter.srlgCount == topology.srlgs.count, "\(name): SRLG names must be unique")
            #expect(counter.danglingReferences == 0)
            #expect(counter.devicesOverRadix.isEmpty)
            #expect(topology.properties == design.properties.graphData)
        }
    }

    @Test func everyDesignHasSRLGsOfEachKindItNeeds() throws {
        let dgx = try Designs.topology(named: "dgx-h100-4su")
        #expect(dgx.srlgs.filter { $0.hasPrefix("rack:") }.count == 128)
        #expect(dgx.srlgs.filter { $0.hasPrefix("bundle:") }.count == 512)
        let leafSpine = try Designs.topology(named: "leafspine-64")
        let bundles = leafSpine.srlgs.indices.filter { leafSpine.srlgs[$0].hasPrefix("bundle:") }
        #expect(bundles.count == 8)
        for bundle in bundles {
            #expect(leafSpine.links.filter { $0.srlgs.contains(Int32(bundle)) }.count == 8)
        }
        let cloud = try Designs.topology(named: "cloudmatrix384")
        #expect(cloud.srlgs.filter { $0.hasPrefix("plane:") }.count == 7)
    }
}
