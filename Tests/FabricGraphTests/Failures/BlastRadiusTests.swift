import FabricGraph
import FabricModel
import FabricTestSupport
import Foundation
import Testing

/// Independent references for the failure analyses: remove the elements from the topology and recompute from scratch.
enum BlastBruteForce {
    /// Connectivity diff under the forwarding model, by brute force: with the elements removed, a breadth-first
    /// search from every surviving accelerator that passes only through relaying devices (switches and other
    /// non-endpoints; an accelerator only when cabled to another accelerator; never a CPU), then pair enumeration.
    /// Stranded: survivors of the healthy largest part (transitive closure of "reach each other") outside the
    /// after-part holding most of them.
    static func connectivity(_ topology: Topology, links: Set<Int>, devices: Set<Int>) -> ConnectivityImpact {
        let accelerators = topology.devices.indices.filter { topology.devices[$0].isAccelerator }
        let surviving = accelerators.filter { !devices.contains($0) }
        let healthy = BruteForce.forwardingReach(topology, removedLinks: [], removedDevices: [])
        let after = BruteForce.forwardingReach(topology, removedLinks: links, removedDevices: devices)
        var pairs = 0
        for (i, a) in surviving.enumerated() {
            for b in surviving[(i + 1)...] where healthy[a].contains(b) && !after[a].contains(b) { pairs += 1 }
        }
        let healthyParts = BruteForce.closureParts(accelerators, reach: healthy)
        let afterParts = BruteForce.closureParts(surviving, reach: after)
        var countByLabel: [Int: Int] = [:]
        for a in accelerators { countByLabel[healthyParts[a] ?? -1, default: 0] += 1 }
        var stranded = 0
        if let best = countByLabel.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) {
            let members = surviving.filter { healthyParts[$0] == best.key }
            var parts: [Int: Int] = [:]
            for a in members { parts[afterParts[a] ?? -1, default: 0] += 1 }
            stranded = members.count - (parts.values.max() ?? 0)
        }
        return ConnectivityImpact(
            failedAccelerators: accelerators.count - surviving.count,
            strandedAccelerators: stranded, disconnectedPairs: pairs)
    }

    /// Injection and first-hop uplink share per accelerator, straight from the links (per cable, both directions).
    static func capacities(_ topology: Topology, links removedLinks: Set<Int>, devices removed: Set<Int>) -> (injection: [Double], share: [Double]) {
        let n = topology.devices.count
        func up(_ link: Link, _ index: Int) -> Bool {
            !removedLinks.contains(index) && !removed.contains(Int(link.source)) && !removed.contains(Int(link.target))
        }
        func capacity(_ link: Link, from: Int32) -> Double {
            let bandwidth = link.bandwidth ?? 1
            if link.directed && link.source != from { return 0 }
            return bandwidth * Double(max(link.multiplicity, 1))
        }
        var injection = [Double](repeating: 0, count: n)
        var uplink = [Double](repeating: 0, count: n)
        var access = [Double](repeating: 0, count: n)
        var healthyAccess = [Double](repeating: 0, count: n)
        for (index, link) in topology.links.enumerated() where !link.isSelfLoop {
            for (from, to) in [(link.source, link.target), (link.target, link.source)] {
                let a = topology.devices[Int(from)]
                let b = topology.devices[Int(to)]
                let c = capacity(link, from: from)
                if a.isAccelerator {
                    if !b.isAccelerator { healthyAccess[Int(to)] += c }
                    if up(link, index) {
                        injection[Int(from)] += c
                        if !b.isAccelerator { access[Int(to)] += c }
                    }
                } else if !b.isAccelerator && up(link, index) {
                    if a.tier == nil || b.tier == nil || (b.tier ?? 0) > (a.tier ?? 0) { uplink[Int(from)] += c }
                }
            }
        }
        var share = [Double](repeating: 0, count: n)
        for (index, link) in topology.links.enumerated() where !link.isSelfLoop && up(link, index) {
            for (from, to) in [(link.source, link.target), (link.target, link.source)] {
                guard topology.devices[Int(from)].isAccelerator, !topology.devices[Int(to)].isAccelerator,
                    healthyAccess[Int(to)] > 0
                else { continue }
                share[Int(from)] += uplink[Int(to)] * capacity(link, from: from) / healthyAccess[Int(to)]
            }
        }
        return (injection, share)
    }

    /// Counts of accelerators losing injection and uplink share, and the totals lost.
    static func capacity(_ topology: Topology, links: Set<Int>, devices: Set<Int>) -> (Int, Double, Int, Double) {
        let before = capacities(topology, links: [], devices: [])
        let after = capacities(topology, links: links, devices: devices)
        var result = (0, 0.0, 0, 0.0)
        for a in topology.devices.indices where topology.devices[a].isAccelerator && !devices.contains(a) {
            let lostInjection = before.injection[a] - after.injection[a]
            let lostShare = before.share[a] - after.share[a]
            if lostInjection > 1e-9 * max(before.injection[a], 1) {
                result.0 += 1
                result.1 += lostInjection
            }
            if lostShare > 1e-9 * max(before.share[a], 1) {
                result.2 += 1
                result.3 += lostShare
            }
        }
        return result
    }
}

/// Small designs built here (the shipped generators are checked the same way in `SweepDesignTests`).
enum BlastDesigns {
    /// A k-ary fat-tree with tiers (hosts 0, edge 1, aggregation 2, core 3); unit bandwidth.
    static func fatTree(k: Int) throws -> Topology { try SmallDesigns.fatTree(k: k) }

    /// The dual-plane leaf-spine with a single-homed accelerator, a hub chain and an island (`SmallDesigns`).
    static func dualPlane() throws -> Topology { try SmallDesigns.dualPlane() }

    /// A seeded random multigraph with tiers on switches, parallel links, multiplicities and a few directed links.
    static func random(seed: UInt64, vertices: Int, links: Int) throws -> Topology {
        var random = GraphTestRandom(seed: seed)
        var topology = Topology(file: "random-\(seed)")
        for index in 0..<vertices {
            let isSwitch = random.below(3) == 0
            try topology.addDevice(
                Device(
                    id: "v\(index)", role: isSwitch ? .switch : .accelerator,
                    tier: isSwitch ? (random.below(4) == 0 ? nil : 1 + random.below(2)) : 0))
        }
        for _ in 0..<links {
            let source = Int32(random.below(vertices))
            let target = Int32(random.below(vertices))
            try topology.addLink(
                Link(
                    source: source, target: target, directed: random.below(10) == 0,
                    bandwidth: [1.0, 2.0, 4.0][random.below(3)], multiplicity: Int32(1 + random.below(4) / 3)))
        }
        return topology
    }

    static func all() throws -> [Topology] {
        var designs = [try fatTree(k: 4), try dualPlane()]
        for seed in 0..<12 { designs.append(try random(seed: UInt64(seed), vertices: 8 + Int(seed) * 2, links: 8 + Int(seed) * 3)) }
        return designs
    }
}

@Suite struct BlastRadiusTests {
    /// Every single link and every single device of every small design: the shortcuts equal brute force.
    @Test func singleFailuresMatchBruteForce() throws {
        for topology in try BlastDesigns.all() {
            let sweeper = FailureSweeper(topology: topology)
            for elementClass in [SweepElementClass.links, .devices] {
                let elements = sweepElements(topology, class: elementClass)
                let outcomes = sweeper.sweepSingles(elements)
                #expect(outcomes.count == elements.count)
                for (element, outcome) in zip(elements, outcomes) {
                    let links = Set(element.scenario.links.map(Int.init))
                    let devices = Set(element.scenario.devices.map(Int.init))
                    let expected = BlastBruteForce.connectivity(topology, links: links, devices: devices)
                    #expect(outcome.connectivity == expected, "\(topology.file) \(element.label)")
                    let scratch = sweeper.baseline.connectivityImpact(under: element.scenario.mask(for: sweeper.baseline.graph))
                    #expect(scratch == expected, "\(topology.file) \(element.label) (masked engine)")
                    let capacity = BlastBruteForce.capacity(topology, links: links, devices: devices)
                    #expect(outcome.capacity.acceleratorsLosingInjection == capacity.0, "\(topology.file) \(element.label)")
                    #expect(abs(outcome.capacity.injectionLostBps - capacity.1) <= 1e-9 * max(1, capacity.1))
                    #expect(outcome.capacity.acceleratorsLosingUplink == capacity.2, "\(topology.file) \(element.label)")
                    #expect(abs(outcome.capacity.uplinkLostBps - capacity.3) <= 1e-9 * max(1, capacity.3))
                }
            }
        }
    }

    /// Groups (SRLGs, planes) and arbitrary multi-element scenarios recompute from scratch: compare with brute force.
    @Test func groupFailuresMatchBruteForce() throws {
        var topology = try BlastDesigns.dualPlane()
        let red = topology.srlgIndex(named: "duct-red")
        let blue = topology.srlgIndex(named: "duct-blue")
        for index in topology.links.indices where index % 3 == 0 { topology.links[index].srlgs.append(red) }
        for index in topology.links.indices where index % 4 == 1 { topology.links[index].srlgs.append(blue) }
        let sweeper = FailureSweeper(topology: topology)
        for elementClass in [SweepElementClass.srlgs, .planes, .switches] {
            let elements = sweepElements(topology, class: elementClass)
            #expect(!elements.isEmpty)
            for (element, outcome) in zip(elements, sweeper.sweepSingles(elements)) {
                let links = Set(element.scenario.links.map(Int.init))
                let devices = Set(element.scenario.devices.map(Int.init))
                #expect(outcome.connectivity == BlastBruteForce.connectivity(topology, links: links, devices: devices), "\(element.label)")
                let capacity = BlastBruteForce.capacity(topology, links: links, devices: devices)
                #expect(outcome.capacity.acceleratorsLosingInjection == capacity.0 && outcome.capacity.acceleratorsLosingUplink == capacity.2)
            }
        }
        #expect(sweepElements(topology, class: .planes).map(\.label) == ["plane=A", "plane=B"])
    }

    /// k = 2: every pair that disconnects accelerators while neither element does alone, against all pairs by brute force.
    @Test func criticalPairsMatchBruteForce() throws {
        for topology in try BlastDesigns.all() {
            let sweeper = FailureSweeper(topology: topology)
            for elementClass in [SweepElementClass.links, .devices] {
                let elements = sweepElements(topology, class: elementClass)
                let harmless = elements.map { element in
                    !BlastBruteForce.connectivity(
                        topology, links: Set(element.scenario.links.map(Int.init)),
                        devices: Set(element.scenario.devices.map(Int.init))
                    ).critical
                }
                var expected: [String: ConnectivityImpact] = [:]
                for x in elements.indices where harmless[x] {
                    for y in elements.indices where y > x && harmless[y] {
                        let scenario = elements[x].scenario.union(elements[y].scenario)
                        let impact = BlastBruteForce.connectivity(
                            topology, links: Set(scenario.links.map(Int.init)),
                            devices: Set(scenario.devices.map(Int.init)))
                        if impact.critical { expected["\(elements[x].label) + \(elements[y].label)"] = impact }
                    }
                }
                let found = sweeper.sweepCriticalPairs(elements, firstElements: 0..<elements.count).outcomes
                var actual: [String: ConnectivityImpact] = [:]
                for outcome in found { actual[outcome.label] = outcome.connectivity }
                #expect(actual == expected, "\(topology.file) \(elementClass)")
            }
        }
    }

    /// The fat-tree closed forms: a host link strands 1 host (k³/4 − 1 pairs), an edge switch strands k/2 hosts.
    @Test func fatTreeClosedForms() throws {
        let k = 4
        let topology = try BlastDesigns.fatTree(k: k)
        let hosts = k * k * k / 4
        let report = FailureSweeper(topology: topology).run(SweepOptions(elements: .switches), designName: "ft")
        #expect(report.summary.scenarios == 5 * k * k / 4)
        #expect(report.summary.critical == k * k / 2)
        let top = try #require(report.results.first)
        #expect(top.strandedAccelerators == k / 2)
        #expect(top.disconnectedPairs == (k / 2) * (hosts - k / 2) + (k / 2) * (k / 2 - 1) / 2)
        #expect(top.failure.label == "device:edge-0-0")
        let links = FailureSweeper(topology: topology).run(SweepOptions(elements: .links, top: 3), designName: "ft")
        #expect(links.results.map(\.strandedAccelerators) == [1, 1, 1])
        #expect(links.results.map(\.disconnectedPairs) == [hosts - 1, hosts - 1, hosts - 1])
        #expect(links.summary.critical == hosts)
        #expect(links.summary.degrading == k * k * k / 4, "edge-aggregation links cost their hosts uplink share")
    }
}
