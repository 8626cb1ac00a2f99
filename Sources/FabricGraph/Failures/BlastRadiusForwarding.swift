import FabricModel

/// The healthy design's reach under the forwarding model, for designs where components do not tell who reaches
/// whom (a GPU dual-homed to two planes, on two rails, or to NVSwitches and a leaf): failures are judged by which
/// accelerator pairs still share a relay component, not by components of the whole graph.
struct ForwardingBaseline: Sendable {
    /// Reach of the healthy design, every accelerator counted.
    let healthy: ForwardingReach
    /// Whether each link is a bridge of the relay subgraph (failing it may split a relay component).
    let relayBridge: [Bool]

    /// - Complexity: O(V + E).
    init(graph: CSRGraph) {
        healthy = graph.forwardingReach()
        // Bridges of the subgraph of relaying vertices: the connectivity analysis with every other vertex failed.
        var mask = FailureMask(for: graph)
        for vertex in 0..<graph.vertexCount where !graph.mayRelay(vertex) { mask.failDevice(Int32(vertex)) }
        let relayOnly = graph.connectivity(under: mask)
        var bridge = [Bool](repeating: false, count: graph.linkCount)
        for item in relayOnly.bridges { bridge[Int(item.link)] = true }
        relayBridge = bridge
    }
}

extension BlastRadiusBaseline {
    /// The connectivity diff of a scenario under the forwarding model: pairs of surviving accelerators that reach
    /// each other in the healthy design (paths through relaying vertices only) and not in the scenario; stranded
    /// accelerators are the survivors of the healthy largest part (`ForwardingReach.partOf`) outside the scenario's
    /// part holding most of them.
    /// - Complexity: O(V + E) plus the signature counting of `CSRGraph.forwardingReach`, twice.
    func forwardingImpact(under mask: FailureMask) -> ConnectivityImpact {
        guard let forwarding else { return connectivityImpact(under: mask) }
        let healthy = forwarding.healthy
        var failed = 0
        var survivors = [Bool](repeating: false, count: graph.vertexCount)
        for accelerator in graph.accelerators {
            if mask.devices[Int(accelerator)] { failed += 1 } else { survivors[Int(accelerator)] = true }
        }
        let before = failed == 0 ? healthy : graph.forwardingReach(counted: survivors)
        let after = graph.forwardingReach(under: mask)
        assert(before.connectedPairs >= after.connectedPairs, "a failure cannot join accelerators")
        var stranded = 0
        let largest = healthy.largestPart
        if largest >= 0 {
            var count: [Int32: Int] = [:]
            var total = 0
            for accelerator in graph.accelerators where survivors[Int(accelerator)] && healthy.partOf[Int(accelerator)] == largest {
                count[after.partOf[Int(accelerator)], default: 0] += 1
                total += 1
            }
            stranded = total - (count.values.max() ?? 0)
        }
        return ConnectivityImpact(
            failedAccelerators: failed, strandedAccelerators: stranded,
            disconnectedPairs: before.connectedPairs - after.connectedPairs)
    }

    /// The surviving accelerators stranded by a scenario under the forwarding model (see `forwardingImpact`),
    /// ascending; nil when the design's components are exact.
    /// - Complexity: O(V + E) plus the signature counting of `CSRGraph.forwardingReach`.
    public func forwardingStranded(under mask: FailureMask) -> [Int32]? {
        guard let forwarding else { return nil }
        let healthy = forwarding.healthy
        let after = graph.forwardingReach(under: mask)
        let largest = healthy.largestPart
        guard largest >= 0 else { return [] }
        var count: [Int32: Int] = [:]
        for accelerator in graph.accelerators where !mask.devices[Int(accelerator)] && healthy.partOf[Int(accelerator)] == largest {
            count[after.partOf[Int(accelerator)], default: 0] += 1
        }
        let best = count.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? -1
        return graph.accelerators.filter {
            !mask.devices[Int($0)] && healthy.partOf[Int($0)] == largest && after.partOf[Int($0)] != best
        }
    }

    /// The forwarding impact of a single link or device failure without recomputing reach, nil when it needs a
    /// recomputation (`forwardingImpact`). Exact cases, each checked against recomputation in the tests:
    /// - a link between two relaying devices that is no bridge of the relay subgraph: no signature changes;
    /// - a link from an accelerator a that does not relay to a relaying device r, when a keeps another cable into
    ///   r's relay component: nothing changes; otherwise, when a's signature loses only that component, stays
    ///   non-empty and is shared with another accelerator (so the parts stay as they were), the pairs lost are the
    ///   accelerators b whose signature meets a's in that one component;
    /// - a device that does not relay: other pairs keep their paths; the parts stay unless it alone joined relay
    ///   components (its signature, with two or more components, held by no other accelerator).
    /// - Complexity: O(degree) for links and devices; for an access link losing a component, O(Σ signatures
    ///   holding that component × signature length).
    func forwardingSingleImpact(links: [Int32], devices: [Int32], under mask: FailureMask) -> ConnectivityImpact? {
        guard let forwarding else { return nil }
        let healthy = forwarding.healthy
        if devices.isEmpty && links.count == 1 {
            let linkIndex = Int(links[0])
            let s = Int(linkSource[linkIndex])
            let t = Int(linkTarget[linkIndex])
            let relayS = graph.mayRelay(s)
            let relayT = graph.mayRelay(t)
            if s == t { return ConnectivityImpact() }
            if relayS && relayT { return forwarding.relayBridge[linkIndex] ? nil : ConnectivityImpact() }
            if !relayS && !relayT { return nil }
            let a = relayS ? t : s
            let r = relayS ? s : t
            guard graph.isAccelerator[a] else { return ConnectivityImpact() }
            let lost = healthy.component[r]
            for arc in graph.arcs(from: Int32(a)) where !mask.links[Int(graph.link[Int(arc)])] {
                let w = Int(graph.head[Int(arc)])
                if !mask.devices[w] && graph.mayRelay(w) && healthy.component[w] == lost { return ConnectivityImpact() }
            }
            let own = Int(healthy.signatureOf[a])
            let signature = healthy.signatures[own]
            guard !healthy.directCables, signature.count >= 2, healthy.signatureSize[own] >= 2 else { return nil }
            var pairs = 0
            for h in healthy.holders[Int(lost)] where Int(h) != own {
                // Pairs lost: signatures meeting a's only in the lost component.
                var meetsElsewhere = false
                for c in healthy.signatures[Int(h)] where c != lost && signature.contains(c) {
                    meetsElsewhere = true
                    break
                }
                if !meetsElsewhere { pairs += healthy.signatureSize[Int(h)] }
            }
            return ConnectivityImpact(disconnectedPairs: pairs)
        }
        if links.isEmpty && devices.count == 1 {
            let v = Int(devices[0])
            guard !graph.mayRelay(v) else { return nil }
            guard graph.isAccelerator[v] else { return ConnectivityImpact() }
            let own = Int(healthy.signatureOf[v])
            guard !healthy.directCables, healthy.signatures[own].count <= 1 || healthy.signatureSize[own] >= 2 else { return nil }
            return ConnectivityImpact(failedAccelerators: 1)
        }
        return nil
    }
}
