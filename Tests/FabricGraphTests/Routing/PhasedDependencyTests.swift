import FabricGraphML
import FabricModel
import FabricTestSupport
import Testing

@testable import FabricGraph

/// The channel-dependency graph of Valiant routing against a brute force: every minimal path of each leg enumerated
/// one by one, laned by the rule written out here from its definition (dateline lanes for dimension order, valley
/// lanes for up/down ranks), legs in their lane shares, joined at the intermediate; same dependencies, same verdict.
@Suite struct PhasedDependencyTests {
    /// Every shortest path from `source` to `target` over vertices that relay (ends excepted), as arc lists; under
    /// dimension order only hops along the lowest differing coordinate.
    static func paths(_ graph: CSRGraph, _ source: Int32, _ target: Int32, transit: [Bool], coordinates: [[Int]]?) -> [[Int32]] {
        var distance = [Int](repeating: -1, count: graph.vertexCount)
        var queue = [Int(target)]
        distance[Int(target)] = 0
        var read = 0
        while read < queue.count {
            let v = queue[read]
            read += 1
            guard v == Int(target) || transit[v] else { continue }
            for arc in graph.arcs(from: Int32(v)) {
                let u = Int(graph.head[Int(arc)])
                if distance[u] < 0 {
                    distance[u] = distance[v] + 1
                    queue.append(u)
                }
            }
        }
        guard distance[Int(source)] > 0 else { return [] }
        var result: [[Int32]] = []
        func extend(_ v: Int, _ path: [Int32]) {
            if v == Int(target) {
                result.append(path)
                return
            }
            guard path.isEmpty || transit[v] else { return }
            var legal = -1
            if let coordinates {
                legal = coordinates[v].indices.first { coordinates[v][$0] != coordinates[Int(target)][$0] } ?? -1
            }
            for arc in graph.arcs(from: Int32(v)) {
                let w = Int(graph.head[Int(arc)])
                guard distance[w] == distance[v] - 1 else { continue }
                if let coordinates {
                    let moved = coordinates[v].indices.filter { coordinates[v][$0] != coordinates[w][$0] }
                    guard moved == [legal] else { continue }
                }
                extend(w, path + [arc])
            }
        }
        extend(Int(source), [])
        return result
    }

    /// Relative lanes of a path's arcs: dateline (back to 0 in a new dimension, +1 after a wrap link of the same
    /// ring) or valley (+1 when a hop up follows a hop down).
    static func lanes(_ graph: CSRGraph, _ path: [Int32], coordinates: [[Int]]?, rank: [Int64]) -> [Int] {
        var lanes = [0]
        for (a, b) in zip(path, path.dropFirst()) {
            let u = Int(graph.tail(ofArc: a))
            let v = Int(graph.head[Int(a)])
            let w = Int(graph.head[Int(b)])
            var lane = lanes[lanes.count - 1]
            if let coordinates {
                let inDimension = coordinates[u].indices.first { coordinates[u][$0] != coordinates[v][$0] }
                let outDimension = coordinates[v].indices.first { coordinates[v][$0] != coordinates[w][$0] }
                if inDimension != outDimension {
                    lane = 0
                } else if let dimension = inDimension, abs(coordinates[u][dimension] - coordinates[v][dimension]) > 1 {
                    lane += 1
                }
            } else if rank[v] < rank[u] && rank[w] > rank[v] {
                lane += 1
            }
            lanes.append(min(lane, 15))
        }
        return lanes
    }

    /// Dependencies of Valiant by enumeration (channel = arc × 16 + lane), with the builder's lane shares.
    static func bruteForce(_ graph: CSRGraph, members: [Int32], via: [Int32], lanes: Int, transit: [Bool], coordinates: [[Int]]?, rank: [Int64]) -> Set<UInt64>
    {
        var legs: [[([Int32], [Int])]] = [[], []]
        for (index, (sources, targets)) in [(members, via), (via, members)].enumerated() {
            for source in sources {
                for target in targets where source != target {
                    for path in paths(graph, source, target, transit: transit, coordinates: coordinates) {
                        legs[index].append((path, Self.lanes(graph, path, coordinates: coordinates, rank: rank)))
                    }
                }
            }
        }
        let needed1 = legs[0].map { ($0.1.max() ?? 0) + 1 }.max() ?? 1
        let share1 = lanes >= 2 ? max(1, min(needed1, lanes - 1)) : 1
        let base2 = lanes >= 2 ? share1 : 0
        func channel(_ arc: Int32, _ lane: Int, leg: Int) -> UInt64 {
            UInt64(arc) * 16 + UInt64(leg == 0 ? min(lane, share1 - 1) : min(base2 + lane, lanes - 1))
        }
        var pairs = Set<UInt64>()
        for leg in 0...1 {
            for (path, laneList) in legs[leg] {
                for index in path.indices.dropFirst() {
                    pairs.insert(channel(path[index - 1], laneList[index - 1], leg: leg) << 32 | channel(path[index], laneList[index], leg: leg))
                }
            }
        }
        // The lane switch of each packet (source ≠ destination) whose both legs are non-empty.
        for (first, firstLanes) in legs[0] {
            let source = graph.tail(ofArc: first[0])
            for (second, _) in legs[1] where graph.head[Int(first[first.count - 1])] == graph.tail(ofArc: second[0]) {
                guard graph.head[Int(second[second.count - 1])] != source else { continue }
                pairs.insert(channel(first[first.count - 1], firstLanes[firstLanes.count - 1], leg: 0) << 32 | channel(second[0], 0, leg: 1))
            }
        }
        return pairs
    }

    static func hasCycle(_ pairs: Set<UInt64>) -> Bool {
        var next: [UInt64: [UInt64]] = [:]
        for pair in pairs { next[pair >> 32, default: []].append(pair & 0xffff_ffff) }
        var colour: [UInt64: Int] = [:]
        func visit(_ node: UInt64) -> Bool {
            colour[node] = 1
            for child in next[node] ?? [] {
                if colour[child] == 1 { return true }
                if colour[child] == nil, visit(child) { return true }
            }
            colour[node] = 2
            return false
        }
        return next.keys.sorted().contains { colour[$0] == nil && visit($0) }
    }

    @Test(
        "Valiant on rings, tori and full meshes (dimension order legs): builder = enumeration of every path",
        arguments: [
            ([6], false, 4, false), ([6], false, 2, true), ([6], false, 1, true), ([3, 3], false, 4, false),
            ([3, 3], false, 1, true), ([4], true, 2, false), ([4], true, 1, true), ([3, 3], true, 2, false),
        ])
    func directNetworks(_ sizes: [Int], _ fullMesh: Bool, _ lanes: Int, _ cycle: Bool) throws {
        let topology = try TestFabrics.torus(sizes, fullMesh: fullMesh)
        let graph = CSRGraph(topology)
        let coordinates = topology.devices.map(\.coordinates)
        let members = graph.accelerators
        let built = graph.phasedDependencies(
            routing: .dimensionOrder(coordinates: coordinates), virtualLanes: lanes, members: members, intermediates: members,
            forwarding: graph.relays, minimalPaths: false)
        let reference = Self.bruteForce(
            graph, members: members, via: members, lanes: lanes, transit: graph.relays, coordinates: coordinates, rank: [])
        #expect(Set(built.pairs) == reference)
        #expect(Self.hasCycle(reference) == cycle)
        let analysis = try #require(
            graph.phasedChannelDependencies(
                routing: .dimensionOrder(coordinates: coordinates), virtualLanes: lanes, members: members, forwarding: graph.relays,
                minimalPaths: false))
        #expect((analysis.cycle != nil) == cycle)
    }

    @Test("Valiant on a k=4 fat-tree through the switches (valley lanes): builder = enumeration; 2 lanes suffice, 1 does not")
    func fatTree() throws {
        let topology = try TestFabrics.fatTree(k: 4)
        let graph = CSRGraph(topology)
        let rank = topology.devices.indices.map { Int64(topology.devices[$0].tier ?? 0) << 32 | Int64($0) }
        let via = NonMinimalRouting.intermediates(graph: graph, members: graph.accelerators, mask: nil)
        for (lanes, cycle) in [(2, false), (1, true)] {
            let built = graph.phasedDependencies(
                routing: .minimal(rank: rank), virtualLanes: lanes, members: graph.accelerators, intermediates: via,
                forwarding: graph.relays, minimalPaths: false)
            let reference = Self.bruteForce(
                graph, members: graph.accelerators, via: via, lanes: lanes, transit: graph.relays, coordinates: nil, rank: rank)
            #expect(Set(built.pairs) == reference)
            #expect(Self.hasCycle(reference) == cycle, "\(lanes) lanes")
            #expect(built.needed == (1, 1))
        }
    }

    /// Dependencies of detour routing by enumeration: every minimal path of every pair in the first lanes; every detour
    /// (the hop s → m to a neighbour no farther from d, then every minimal path m → d in the second lanes), joined at m.
    static func detourBruteForce(_ graph: CSRGraph, lanes: Int, coordinates: [[Int]]) -> Set<UInt64> {
        let members = graph.accelerators
        let transit = graph.relays
        func distance(_ a: Int32, _ b: Int32) -> Int { paths(graph, a, b, transit: transit, coordinates: nil).first?.count ?? 0 }
        var minimal: [([Int32], [Int])] = []
        var detours: [(Int32, [Int32], [Int])] = []
        for source in members {
            for target in members where source != target {
                for path in paths(graph, source, target, transit: transit, coordinates: coordinates) {
                    minimal.append((path, Self.lanes(graph, path, coordinates: coordinates, rank: [])))
                }
                for hop in graph.arcs(from: source) {
                    let via = graph.head[Int(hop)]
                    guard via != target, distance(via, target) == distance(source, target) else { continue }
                    for path in paths(graph, via, target, transit: transit, coordinates: coordinates) {
                        detours.append((hop, path, Self.lanes(graph, path, coordinates: coordinates, rank: [])))
                    }
                }
            }
        }
        let needed1 = minimal.map { ($0.1.max() ?? 0) + 1 }.max() ?? 1
        let share1 = lanes >= 2 ? max(1, min(needed1, lanes - 1)) : 1
        let base2 = lanes >= 2 ? share1 : 0
        func channel(_ arc: Int32, _ lane: Int, leg: Int) -> UInt64 {
            UInt64(arc) * 16 + UInt64(leg == 0 ? min(lane, share1 - 1) : min(base2 + lane, lanes - 1))
        }
        var pairs = Set<UInt64>()
        for (path, laneList) in minimal {
            for index in path.indices.dropFirst() {
                pairs.insert(channel(path[index - 1], laneList[index - 1], leg: 0) << 32 | channel(path[index], laneList[index], leg: 0))
            }
        }
        for (hop, path, laneList) in detours {
            pairs.insert(channel(hop, 0, leg: 0) << 32 | channel(path[0], 0, leg: 1))
            for index in path.indices.dropFirst() {
                pairs.insert(channel(path[index - 1], laneList[index - 1], leg: 1) << 32 | channel(path[index], laneList[index], leg: 1))
            }
        }
        return pairs
    }

    @Test(
        "detour on the hand-written 2D full mesh 3x4 and a full mesh of 5: builder = enumeration; 2 lanes suffice, 1 does not",
        arguments: [(true, 2, false), (true, 1, true), (false, 2, false), (false, 1, true)])
    func detour(_ handWritten: Bool, _ lanes: Int, _ cycle: Bool) throws {
        let topology = try handWritten ? DetourRoutingTests.handWritten() : TestFabrics.torus([5], fullMesh: true)
        let graph = CSRGraph(topology)
        let coordinates = topology.devices.map(\.coordinates)
        let members = graph.accelerators
        let built = graph.phasedDependencies(
            routing: .dimensionOrder(coordinates: coordinates), virtualLanes: lanes, members: members, intermediates: members,
            forwarding: graph.relays, minimalPaths: true, detour: true)
        let reference = Self.detourBruteForce(graph, lanes: lanes, coordinates: coordinates)
        #expect(Set(built.pairs) == reference)
        #expect(Self.hasCycle(reference) == cycle)
        let analysis = try #require(
            graph.phasedChannelDependencies(
                routing: .dimensionOrder(coordinates: coordinates), virtualLanes: lanes, members: members, forwarding: graph.relays,
                minimalPaths: false, detour: true))
        #expect((analysis.cycle != nil) == cycle)
        #expect(analysis.lanesNeeded == 2)
    }

    @Test("the work budget: beyond it no graph is built (the caller falls back to the lane count)")
    func budget() throws {
        let topology = try TestFabrics.torus([6])
        let graph = CSRGraph(topology)
        let none = graph.phasedChannelDependencies(
            routing: .dimensionOrder(coordinates: topology.devices.map(\.coordinates)), virtualLanes: 4,
            members: graph.accelerators, forwarding: nil, minimalPaths: false, workBudget: 10)
        #expect(none == nil)
    }
}
