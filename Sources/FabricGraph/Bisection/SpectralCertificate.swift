import FabricModel
import Foundation

/// The spectral certificate: a lower bound on the minimum bisection from the second eigenvalue of the Laplacian of the
/// graph with every leaf accelerator folded into its switch, verified by a Cholesky factorization.
///
/// **Folding.** A *leaf* is a live accelerator whose usable cables all go to one switch (a host, a GPU of a leaf
/// switch). The folded graph keeps every other vertex of the main component, with weight w_v = leaves folded into v
/// (+1 when v is itself an accelerator), and the cables among them with the smaller of their two directional
/// capacities. Let L be its Laplacian, W = diag(w), n' = Σ w and t the certified value below.
///
/// **Bound.** For a split A of the folded vertices, x = 1_A and y = x − (w(A)/n')·1 satisfy wᵀy = 0 and Ly = Lx, so
/// cut(A) = xᵀLx = yᵀLy ≥ t·yᵀWy = t·w(A)(n' − w(A))/n' whenever yᵀLy ≥ t·yᵀWy for all y with wᵀy = 0 (t ≤ λ₂ of the
/// pencil (L, W); zero-weight switches are eliminated implicitly, Fiedler 1973, Donath & Hoffman 1973). A balanced
/// split of the original graph with a main-component accelerators on its side 0 folds to A = its non-leaf side 0;
/// every leaf on the other side of its switch crosses a cable of at least r_min, and w(A) differs from a by at most
/// the number of such leaves m, so the cut is ≥ t·q(n' − q)/n' + r_min·|q − a| with q = w(A). That is concave in q
/// plus a V-shaped term, so its minimum is at q ∈ {0, a, n'}; and a ranges over an interval (stranded accelerators
/// may fall on either side), whose ends are the worst cases.
///
/// **Certification.** M(t) = L + σ·wwᵀ/n' − t·W − δI is positive definite (a Cholesky factorization succeeds) iff
/// yᵀLy > t·yᵀWy + δ|y|² on wᵀy = 0 (given σ > t); δ covers the factorization's rounding (Demmel 1989: backward error
/// ≤ m(m + 1)ε·max Mᵢᵢ). The value t to try comes from Lanczos with full reorthogonalization on W^{-1/2}·S·W^{-1/2}
/// (S the Schur complement of the zero-weight vertices); the Ritz value approaches λ₂ from above, so t starts just
/// below it and is lowered until the factorization succeeds.
///
/// On expanders (random-regular switch graphs with hosts) this beats every routing certificate of uniform
/// all-to-all, which cannot exceed half the full bisection.
enum SpectralCertificate {
    /// Largest folded graph (vertices) factorized densely.
    static let maxVertices = 1_600

    /// The certificate, or nil when the folded graph is too large or has fewer than two weighted vertices.
    /// - Parameters:
    ///   - main: whether each vertex is in the component the bracket counts (the others are stranded).
    ///   - total: live accelerators n (stranded included); `main` holds n − stranded of them.
    /// - Complexity: O(m³) for m folded vertices (a few dense factorizations), plus O(V + E).
    static func compute(graph: CSRGraph, mask: FailureMask?, main: [Bool], total: Int, maxVertices: Int = maxVertices) -> BisectionCertificate? {
        // Leaves: live accelerators of the main component with all usable cables to one neighbour.
        var leafOf = [Int32](repeating: -1, count: graph.vertexCount)
        var leafCapacity = [Double](repeating: 0, count: graph.vertexCount)
        func usableArcs(_ vertex: Int32) -> [Int32] {
            graph.arcs(from: vertex).filter {
                graph.isUsable(arc: $0, tail: vertex, under: mask) && min(graph.capacity[Int($0)], graph.capacity[Int(graph.reverse[Int($0)])]) > 0
            }
        }
        var weighted = 0
        for accelerator in graph.accelerators where main[Int(accelerator)] {
            weighted += 1
            let arcs = usableArcs(accelerator)
            guard let first = arcs.first else { continue }
            let neighbour = graph.head[Int(first)]
            guard arcs.allSatisfy({ graph.head[Int($0)] == neighbour }), !graph.isAccelerator[Int(neighbour)] else { continue }
            leafOf[Int(accelerator)] = neighbour
            leafCapacity[Int(accelerator)] = arcs.reduce(0) { $0 + min(graph.capacity[Int($1)], graph.capacity[Int(graph.reverse[Int($1)])]) }
        }
        guard weighted >= 2 else { return nil }
        // Folded vertices: weighted ones first (x), then zero-weight ones (z).
        var weight = [Double](repeating: 0, count: graph.vertexCount)
        var rMin = Double.infinity
        for vertex in 0..<graph.vertexCount where main[vertex] {
            if leafOf[vertex] >= 0 {
                weight[Int(leafOf[vertex])] += 1
                rMin = min(rMin, leafCapacity[vertex])
            } else if graph.isAccelerator[vertex] {
                weight[vertex] += 1
            }
        }
        var index = [Int](repeating: -1, count: graph.vertexCount)
        var folded: [Int32] = []
        for vertex in 0..<graph.vertexCount where main[vertex] && leafOf[vertex] < 0 && weight[vertex] > 0 {
            index[vertex] = folded.count
            folded.append(Int32(vertex))
        }
        let weightedCount = folded.count
        for vertex in 0..<graph.vertexCount where main[vertex] && leafOf[vertex] < 0 && weight[vertex] == 0 {
            index[vertex] = folded.count
            folded.append(Int32(vertex))
        }
        let m = folded.count
        guard weightedCount >= 2, m <= maxVertices else { return nil }
        // Dense Laplacian, capacities scaled by the largest one.
        var scale = 0.0
        for vertex in folded {
            for arc in graph.arcs(from: vertex) { scale = max(scale, graph.capacity[Int(arc)]) }
        }
        guard scale > 0 else { return nil }
        var laplacian = [Double](repeating: 0, count: m * m)
        for (row, vertex) in folded.enumerated() {
            for arc in graph.arcs(from: vertex) where graph.isUsable(arc: arc, tail: vertex, under: mask) {
                let column = index[Int(graph.head[Int(arc)])]
                guard column >= 0, column != row else { continue }
                let capacity = min(graph.capacity[Int(arc)], graph.capacity[Int(graph.reverse[Int(arc)])]) / scale
                laplacian[row * m + column] -= capacity
                laplacian[row * m + row] += capacity
            }
        }
        let w = folded.map { weight[Int($0)] }
        let nPrime = w.reduce(0, +)
        guard let estimate = lanczosSecondEigenvalue(laplacian: laplacian, m: m, weighted: weightedCount, weights: w) else { return nil }
        // The bound for a certified t (scaled units).
        let stranded = total - Int(nPrime)
        let low = total / 2
        let aRange = [max(0, low - stranded), min(Int(nPrime), low)]
        func bound(_ t: Double) -> Double {
            var best = Double.infinity
            for a in aRange {
                let q = Double(a)
                var value = t * q * (nPrime - q) / nPrime
                if rMin.isFinite { value = min(value, rMin / scale * q, rMin / scale * (nPrime - q)) }
                best = min(best, value)
            }
            return max(0, best) * scale
        }
        var t = estimate * (1 - 1e-6)
        var certified = 0.0
        var attempts = 0
        let maxDiagonal = (0..<m).reduce(0.0) { max($0, laplacian[$1 * m + $1]) }
        while attempts < 12, t > 0 {
            attempts += 1
            if positiveDefinite(laplacian: laplacian, m: m, weights: w, total: nPrime, t: t, maxDiagonal: maxDiagonal) {
                certified = t
                break
            }
            t *= attempts < 4 ? 0.995 : 0.95
        }
        guard certified > 0 else { return nil }
        let value = bound(certified)
        guard value > 0 else { return nil }
        let leaves = leafOf.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        return BisectionCertificate(
            kind: .spectral, bound: value,
            detail:
                "λ₂ ≥ \(bisectionNumberText(certified * scale / 1e9)) Gb/s per accelerator (Laplacian of \(m) vertices, \(leaves) leaf accelerators folded into their switches, verified by Cholesky); cut ≥ λ₂·a(n'−a)/n'"
                + (rMin.isFinite ? ", leaves across their switch cost ≥ \(bisectionRateText(rMin)) each" : ""))
    }

    /// The smallest Ritz value of W^{-1/2}·S·W^{-1/2} on the complement of W^{1/2}·1 after Lanczos with full
    /// reorthogonalization (S: Schur complement of the zero-weight block); an upper estimate of λ₂.
    /// - Complexity: O(m³) to factor the zero-weight block, then O(k·m² + k²·m) for k ≤ 80 steps.
    static func lanczosSecondEigenvalue(laplacian: [Double], m: Int, weighted: Int, weights: [Double]) -> Double? {
        let x = weighted
        let z = m - x
        // Cholesky of L_zz for the Schur complement (lower triangle, row-major).
        var lzz = [Double](repeating: 0, count: z * z)
        for i in 0..<z { for j in 0..<z { lzz[i * z + j] = laplacian[(x + i) * m + x + j] } }
        if z > 0, !choleskyInPlace(&lzz, z, shift: 0) { return nil }
        let rootW = (0..<x).map { weights[$0].squareRoot() }
        // y = W^{-1/2} S W^{-1/2} v.
        func apply(_ v: [Double]) -> [Double] {
            var u = [Double](repeating: 0, count: x)
            for i in 0..<x { u[i] = v[i] / rootW[i] }
            var out = [Double](repeating: 0, count: x)
            laplacian.withUnsafeBufferPointer { l in
                for i in 0..<x {
                    var sum = 0.0
                    let row = i * m
                    for j in 0..<x { sum += l[row + j] * u[j] }
                    out[i] = sum
                }
                if z > 0 {
                    var b = [Double](repeating: 0, count: z)
                    for i in 0..<z {
                        var sum = 0.0
                        let row = (x + i) * m
                        for j in 0..<x { sum += l[row + j] * u[j] }
                        b[i] = sum
                    }
                    choleskySolve(lzz, z, &b)
                    for i in 0..<x {
                        var sum = 0.0
                        let row = i * m + x
                        for j in 0..<z { sum += l[row + j] * b[j] }
                        out[i] -= sum
                    }
                }
            }
            for i in 0..<x { out[i] /= rootW[i] }
            return out
        }
        let nullNorm = weights.prefix(x).reduce(0, +).squareRoot()
        let null = rootW.map { $0 / nullNorm }
        func project(_ v: inout [Double], _ basis: [[Double]]) {
            for vector in [null] + basis {
                var dot = 0.0
                for i in 0..<x { dot += v[i] * vector[i] }
                for i in 0..<x { v[i] -= dot * vector[i] }
            }
        }
        var random = SplitMix64(seed: 0x5BEC_7AA1)
        var v = (0..<x).map { _ in Double(random.next() % 1_000_000) / 1_000_000 - 0.5 }
        project(&v, [])
        var norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return nil }
        for i in 0..<x { v[i] /= norm }
        var basis: [[Double]] = [v]
        var alpha: [Double] = []
        var beta: [Double] = []
        let steps = min(80, x - 1)
        var smallest = Double.infinity
        for step in 0..<steps {
            var w = apply(basis[step])
            var a = 0.0
            for i in 0..<x { a += w[i] * basis[step][i] }
            alpha.append(a)
            // Full reorthogonalization (twice) against the basis and the null vector.
            project(&w, basis)
            project(&w, basis)
            norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if step % 10 == 9 || step == steps - 1 || norm < 1e-12 {
                let value = smallestTridiagonalEigenvalue(alpha, beta)
                if abs(value - smallest) <= 1e-9 * abs(value) {
                    smallest = value
                    break
                }
                smallest = value
            }
            if norm < 1e-12 { break }
            beta.append(norm)
            for i in 0..<x { w[i] /= norm }
            basis.append(w)
        }
        return smallest.isFinite && smallest > 0 ? smallest : nil
    }

    /// Smallest eigenvalue of the symmetric tridiagonal matrix (diagonal `alpha`, off-diagonal `beta`) by Sturm
    /// bisection.
    /// - Complexity: O(k · 100).
    static func smallestTridiagonalEigenvalue(_ alpha: [Double], _ beta: [Double]) -> Double {
        let k = alpha.count
        guard k > 0 else { return .infinity }
        var lower = Double.infinity
        var upper = -Double.infinity
        for i in 0..<k {
            let radius = (i > 0 ? abs(beta[i - 1]) : 0) + (i < k - 1 && i < beta.count ? abs(beta[i]) : 0)
            lower = min(lower, alpha[i] - radius)
            upper = max(upper, alpha[i] + radius)
        }
        // Number of eigenvalues below s.
        func below(_ s: Double) -> Int {
            var count = 0
            var d = 1.0
            for i in 0..<k {
                let off = i > 0 ? beta[i - 1] * beta[i - 1] : 0
                d = alpha[i] - s - (i > 0 ? off / d : 0)
                if d == 0 { d = -1e-300 }
                if d < 0 { count += 1 }
            }
            return count
        }
        for _ in 0..<100 {
            let middle = (lower + upper) / 2
            if below(middle) >= 1 { upper = middle } else { lower = middle }
            if upper - lower <= 1e-13 * max(1, abs(upper)) { break }
        }
        return upper
    }

    /// Whether L + σ·wwᵀ/n' − t·W − δI is positive definite (σ = 2t + 1, δ the rounding allowance).
    /// - Complexity: O(m³/3).
    static func positiveDefinite(laplacian: [Double], m: Int, weights: [Double], total: Double, t: Double, maxDiagonal: Double) -> Bool {
        let sigma = 2 * t + 1
        var matrix = laplacian
        for i in 0..<m where weights[i] > 0 {
            for j in 0..<m where weights[j] > 0 { matrix[i * m + j] += sigma * weights[i] * weights[j] / total }
            matrix[i * m + i] -= t * weights[i]
        }
        var largest = maxDiagonal
        for i in 0..<m { largest = max(largest, matrix[i * m + i]) }
        let delta = Double(m) * Double(m + 1) * 2.3e-16 * 2 * largest
        return choleskyInPlace(&matrix, m, shift: delta)
    }

    /// In-place Cholesky (lower triangle) of the row-major m×m matrix minus shift·I; false at a non-positive pivot.
    /// - Complexity: O(m³/3).
    static func choleskyInPlace(_ a: inout [Double], _ m: Int, shift: Double) -> Bool {
        a.withUnsafeMutableBufferPointer { a in
            for j in 0..<m {
                var diagonal = a[j * m + j] - shift
                let rowJ = j * m
                for k in 0..<j { diagonal -= a[rowJ + k] * a[rowJ + k] }
                guard diagonal > 0, diagonal.isFinite else { return false }
                let pivot = diagonal.squareRoot()
                a[rowJ + j] = pivot
                for i in (j + 1)..<max(j + 1, m) {
                    let rowI = i * m
                    var sum = a[rowI + j]
                    for k in 0..<j { sum -= a[rowI + k] * a[rowJ + k] }
                    a[rowI + j] = sum / pivot
                }
            }
            return true
        }
    }

    /// Solves (G·Gᵀ) y = b in place for the lower-triangular factor G of `choleskyInPlace`.
    /// - Complexity: O(m²).
    static func choleskySolve(_ g: [Double], _ m: Int, _ b: inout [Double]) {
        for i in 0..<m {
            var sum = b[i]
            for k in 0..<i { sum -= g[i * m + k] * b[k] }
            b[i] = sum / g[i * m + i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            var sum = b[i]
            for k in (i + 1)..<max(i + 1, m) { sum -= g[k * m + i] * b[k] }
            b[i] = sum / g[i * m + i]
        }
    }
}
