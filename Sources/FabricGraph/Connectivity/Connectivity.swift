import FabricModel

/// A bridge of the simple view of the graph: a device pair whose cables are the only connection between two parts.
public struct Bridge: Hashable, Sendable {
    /// The DFS-tree parent end of the bridge.
    public let parent: Int32
    /// The DFS-tree child end; `childSideAccelerators` counts the accelerators on its side.
    public let child: Int32
    /// The first cable's arc from `parent` to `child`.
    public let arc: Int32
    /// The topology link of the first cable between the two devices.
    public let link: Int32
    /// Usable cables between the two devices (parallel links and multiplicity counted).
    public let cables: Int
    /// True when all those cables belong to the one link `link`, so failing that link disconnects the parts.
    public let singleLink: Bool
    /// Accelerators on the child side of the bridge.
    public let childSideAccelerators: Int
    /// Accelerators of the bridge's component that end up outside the larger remaining part when it is cut.
    public let separatedAccelerators: Int
    /// Accelerators separated from the largest accelerator component: `separatedAccelerators` when the bridge
    /// lies in that component, otherwise 0.
    public let strandedAccelerators: Int

    /// True when one cable carries the bridge: a single point of failure of the multigraph (`bridges_multigraph`).
    @inlinable public var isMultigraphBridge: Bool { cables == 1 }
}

/// An articulation point (cut vertex): a device whose failure splits its component.
public struct ArticulationPoint: Hashable, Sendable {
    /// The device.
    public let vertex: Int32
    /// Number of parts its component falls into when it fails.
    public let parts: Int
    /// Accelerators of its component (other than itself) outside the largest remaining part when it fails.
    public let separatedAccelerators: Int
    /// Accelerators separated from the largest accelerator component: `separatedAccelerators` when the device
    /// lies in that component, otherwise 0.
    public let strandedAccelerators: Int
    /// Pairs of its component's other accelerators that its failure disconnects: (S² − Σ pᵢ²) / 2 over the
    /// accelerator counts pᵢ of the parts it leaves, S = Σ pᵢ.
    public let disconnectedPairs: Int
}

/// Components, bridges, articulation points and 2-edge-connected components of a graph under a failure mask.
///
/// Computed by one iterative depth-first search (Tarjan 1972, "Depth-first search and linear graph algorithms";
/// Hopcroft–Tarjan 1973 for articulation points) that also accumulates accelerator counts per DFS subtree, so
/// the accelerators every bridge and articulation point separates come out of the same pass.
/// Links are undirected for connectivity (weak connectivity for directed links); failed arcs and devices are skipped.
public struct ConnectivityAnalysis: Sendable {
    /// Component index of each vertex, -1 for failed devices. Components are numbered in ascending order of their
    /// lowest vertex.
    public let componentOf: [Int32]
    /// Number of vertices in each component.
    public let componentSizes: [Int]
    /// Number of accelerators in each component.
    public let componentAccelerators: [Int]
    /// The component with the most accelerators (lowest index on ties), -1 when there is no accelerator.
    public let largestAcceleratorComponent: Int32
    /// Bridges of the simple view (parallel cables merged), in DFS finishing order sorted by (parent, child).
    public let bridges: [Bridge]
    /// Articulation points, ascending by vertex.
    public let articulationPoints: [ArticulationPoint]
    /// 2-edge-connected component of each vertex in the multigraph (cables counted: a doubled link holds a component
    /// together), -1 for failed devices.
    public let twoEdgeComponentOf: [Int32]
    /// Number of 2-edge-connected components.
    public let twoEdgeComponentCount: Int

    /// Number of connected components (isolated devices count, failed devices do not).
    @inlinable public var componentCount: Int { componentSizes.count }

    /// Number of components holding at least one accelerator.
    public var acceleratorComponentCount: Int { componentAccelerators.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }

    /// The bridges carried by exactly one cable (true single points of failure of the multigraph).
    public var multigraphBridges: [Bridge] { bridges.filter(\.isMultigraphBridge) }

    /// Accelerators outside the largest accelerator component.
    public var acceleratorsOutsideLargest: Int {
        guard largestAcceleratorComponent >= 0 else { return 0 }
        return componentAccelerators.reduce(0, +) - componentAccelerators[Int(largestAcceleratorComponent)]
    }
}

extension CSRGraph {
    /// Components, bridges (simple and multigraph), articulation points, 2-edge-connected components and, for every
    /// bridge and articulation point, the accelerators it separates, in one iterative DFS.
    /// - Complexity: O(V + E) time, O(V + E) memory (Tarjan 1972).
    public func connectivity(under mask: FailureMask? = nil) -> ConnectivityAnalysis {
        let alive = aliveArcs(under: mask)
        let vertexAlive = aliveVertices(under: mask)
        let vertexCount = self.vertexCount
        var discovery = [Int32](repeating: -1, count: vertexCount)
        var low = [Int32](repeating: 0, count: vertexCount)
        var parent = [Int32](repeating: -1, count: vertexCount)
        var nextArc = [Int32](repeating: 0, count: vertexCount)
        var subtreeAccelerators = [Int32](repeating: 0, count: vertexCount)
        var parentCables = [Int32](repeating: 0, count: vertexCount)
        var parentFirstArc = [Int32](repeating: -1, count: vertexCount)
        var parentSingleLink = [Bool](repeating: true, count: vertexCount)
        var childCount = [Int32](repeating: 0, count: vertexCount)
        var separatingChildren = [Int32](repeating: 0, count: vertexCount)
        var separatedSum = [Int32](repeating: 0, count: vertexCount)
        var separatedSquares = [Int](repeating: 0, count: vertexCount)
        var largestSeparatedPiece = [Int32](repeating: 0, count: vertexCount)
        var componentOf = [Int32](repeating: -1, count: vertexCount)
        var componentSizes: [Int] = []
        var componentAccelerators: [Int] = []
        var stack: [Int32] = []
        stack.reserveCapacity(1024)
        // Bridges as (parent, child) collected during the DFS; separation filled once the component total is known.
        var rawBridges: [(parent: Int32, child: Int32, component: Int32)] = []
        var rawPoints: [(vertex: Int32, component: Int32)] = []
        var time: Int32 = 0

        for root in 0..<vertexCount where vertexAlive[root] && discovery[root] < 0 {
            let component = Int32(componentSizes.count)
            var size = 0
            discovery[root] = time
            low[root] = time
            time += 1
            nextArc[root] = arcStart[root]
            subtreeAccelerators[root] = isAccelerator[root] ? 1 : 0
            componentOf[root] = component
            size += 1
            stack.append(Int32(root))
            while let vertex = stack.last {
                let v = Int(vertex)
                let arc = Int(nextArc[v])
                if arc < Int(arcStart[v + 1]) {
                    nextArc[v] += 1
                    guard alive[arc] else { continue }
                    let w = Int(head[arc])
                    if Int32(w) == parent[v] {
                        // Every cable to the DFS parent: counted for the multigraph view, ignored for low-links.
                        parentCables[v] += 1
                        if parentFirstArc[v] < 0 {
                            parentFirstArc[v] = reverse[arc]
                        } else if link[arc] != link[Int(parentFirstArc[v])] {
                            parentSingleLink[v] = false
                        }
                        continue
                    }
                    if discovery[w] < 0 {
                        discovery[w] = time
                        low[w] = time
                        time += 1
                        parent[w] = vertex
                        nextArc[w] = arcStart[w]
                        subtreeAccelerators[w] = isAccelerator[w] ? 1 : 0
                        componentOf[w] = component
                        size += 1
                        childCount[v] += 1
                        stack.append(Int32(w))
                    } else if discovery[w] < low[v] {
                        low[v] = discovery[w]
                    }
                } else {
                    stack.removeLast()
                    let p = Int(parent[v])
                    guard p >= 0 else { continue }
                    if low[v] < low[p] { low[p] = low[v] }
                    subtreeAccelerators[p] += subtreeAccelerators[v]
                    if low[v] > discovery[p] {
                        rawBridges.append((Int32(p), vertex, component))
                    }
                    if low[v] >= discovery[p] {
                        separatingChildren[p] += 1
                        separatedSum[p] += subtreeAccelerators[v]
                        separatedSquares[p] += Int(subtreeAccelerators[v]) * Int(subtreeAccelerators[v])
                        if subtreeAccelerators[v] > largestSeparatedPiece[p] { largestSeparatedPiece[p] = subtreeAccelerators[v] }
                        if separatingChildren[p] == 1 && p != root { rawPoints.append((Int32(p), component)) }
                        if separatingChildren[p] == 2 && p == root { rawPoints.append((Int32(p), component)) }
                    }
                }
            }
            componentSizes.append(size)
            componentAccelerators.append(Int(subtreeAccelerators[root]))
        }

        var largest: Int32 = -1
        for (index, count) in componentAccelerators.enumerated() where count > 0 {
            if largest < 0 || count > componentAccelerators[Int(largest)] { largest = Int32(index) }
        }

        var bridges: [Bridge] = []
        bridges.reserveCapacity(rawBridges.count)
        for raw in rawBridges {
            let total = componentAccelerators[Int(raw.component)]
            let childSide = Int(subtreeAccelerators[Int(raw.child)])
            let separated = total - max(childSide, total - childSide)
            let first = parentFirstArc[Int(raw.child)]
            bridges.append(
                Bridge(
                    parent: raw.parent, child: raw.child, arc: first, link: link[Int(first)],
                    cables: Int(parentCables[Int(raw.child)]), singleLink: parentSingleLink[Int(raw.child)],
                    childSideAccelerators: childSide, separatedAccelerators: separated,
                    strandedAccelerators: raw.component == largest ? separated : 0
                ))
        }
        bridges.sort { ($0.parent, $0.child) < ($1.parent, $1.child) }

        var points: [ArticulationPoint] = []
        points.reserveCapacity(rawPoints.count)
        for raw in rawPoints {
            let v = Int(raw.vertex)
            let total = componentAccelerators[Int(raw.component)] - (isAccelerator[v] ? 1 : 0)
            let isRoot = parent[v] < 0
            let rest = isRoot ? 0 : total - Int(separatedSum[v])
            let largestPart = max(Int(largestSeparatedPiece[v]), rest)
            let separated = total - largestPart
            let parts = Int(separatingChildren[v]) + (isRoot ? 0 : 1)
            let squares = separatedSquares[v] + rest * rest
            points.append(
                ArticulationPoint(
                    vertex: raw.vertex, parts: parts, separatedAccelerators: separated,
                    strandedAccelerators: raw.component == largest ? separated : 0,
                    disconnectedPairs: (total * total - squares) / 2
                ))
        }
        points.sort { $0.vertex < $1.vertex }

        // 2-edge-connected components of the multigraph: flood fill that never crosses a one-cable bridge.
        var bridgeArc = [Bool](repeating: false, count: arcCount)
        for bridge in bridges where bridge.isMultigraphBridge {
            bridgeArc[Int(bridge.arc)] = true
            bridgeArc[Int(reverse[Int(bridge.arc)])] = true
        }
        var twoEdge = [Int32](repeating: -1, count: vertexCount)
        var twoEdgeCount: Int32 = 0
        for start in 0..<vertexCount where vertexAlive[start] && twoEdge[start] < 0 {
            twoEdge[start] = twoEdgeCount
            stack.removeAll(keepingCapacity: true)
            stack.append(Int32(start))
            while let vertex = stack.popLast() {
                let v = Int(vertex)
                for arc in Int(arcStart[v])..<Int(arcStart[v + 1]) where alive[arc] && !bridgeArc[arc] {
                    let w = Int(head[arc])
                    if twoEdge[w] < 0 {
                        twoEdge[w] = twoEdgeCount
                        stack.append(Int32(w))
                    }
                }
            }
            twoEdgeCount += 1
        }

        return ConnectivityAnalysis(
            componentOf: componentOf, componentSizes: componentSizes, componentAccelerators: componentAccelerators,
            largestAcceleratorComponent: largest, bridges: bridges, articulationPoints: points,
            twoEdgeComponentOf: twoEdge, twoEdgeComponentCount: Int(twoEdgeCount)
        )
    }
}
