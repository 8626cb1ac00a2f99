import FabricModel

/// A k-ary n-cube: a torus (with wrap-around links) or a mesh (without), one accelerator per position
/// (Dally and Towles, *Principles and Practices of Interconnection Networks*, ch. 5).
///
/// Positions are numbered with the first dimension fastest. Positions are grouped into racks ("cubes") of
/// `cube` positions per dimension (a dimension not divisible by `cube` stays in one rack), as TPU v4 groups
/// 4×4×4 chips per rack: links inside a rack are electrical and carry the rack's SRLG; links between racks are
/// optical and carry both racks' SRLGs plus the cable bundle of that rack pair.
public struct TorusDesign: FabricDesign {
    /// Size of each dimension.
    public let dims: [Int]
    /// True for a torus (wrap-around links), false for a mesh.
    public let wrap: Bool
    /// Per-direction bandwidth of every link in bit/s.
    public let bandwidth: Double
    /// Rack extent per dimension.
    public let cube: Int
    /// Graph-level properties.
    public let properties: DesignProperties

    static let torusSpecs = [
        ParameterSpec("k", "4", "positions per dimension (at least 3 for a torus, 2 for a mesh)"),
        ParameterSpec("n", "3", "number of dimensions, 1 to 6"),
        ParameterSpec("dims", "", "explicit sizes per dimension, e.g. 16,16,8 (overrides k and n)"),
        ParameterSpec("bandwidth", "50GB/s", "per-direction bandwidth of every link"),
        ParameterSpec("cube", "4", "positions per dimension in one rack (a dimension not divisible stays in one rack)"),
    ]

    /// Creates a torus or mesh over `dims`.
    public init(
        dims: [Int], wrap: Bool, bandwidth: Double = 400e9, cube: Int = 4, name: String? = nil,
        description: String? = nil, lossless: Bool? = nil, virtualLanes: Int? = nil
    ) throws(DesignError) {
        let minimum = wrap ? 3 : 2
        guard (1...6).contains(dims.count) else {
            throw .invalidParameter(name: "n", value: String(dims.count), hint: "the number of dimensions must be from 1 to 6")
        }
        for size in dims where size < minimum || size > 1024 {
            throw .invalidParameter(
                name: "k", value: String(size),
                hint: wrap
                    ? "a torus needs at least 3 positions per dimension (k=2 is a hypercube: use the mesh family)"
                    : "a mesh needs at least 2 positions per dimension")
        }
        let total = dims.reduce(1, *)
        guard total <= 1 << 24 else {
            throw .infeasible(
                "a \(dims.map(String.init).joined(separator: "x")) \(wrap ? "torus" : "mesh") has \(total) positions; at most 16,777,216 are supported")
        }
        guard cube >= 1 else { throw .invalidParameter(name: "cube", value: String(cube), hint: "expected at least 1") }
        self.dims = dims
        self.wrap = wrap
        self.bandwidth = bandwidth
        self.cube = cube
        let shape = dims.map(String.init).joined(separator: "x")
        let family = wrap ? "torus" : "mesh"
        properties = DesignProperties(
            family: family, name: name ?? family,
            parameters: [
                ("dims", dims.map(String.init).joined(separator: ",")), ("bandwidth", Bandwidth.format(bitsPerSecond: bandwidth)),
                ("cube", String(cube)),
            ],
            description: description ?? "\(dims.count)-dimensional \(family) \(shape) (k-ary n-cube, Dally and Towles ch. 5): \(total) accelerators, "
                + "each linked to its neighbours in every dimension\(wrap ? " with wrap-around" : "") at "
                + "\(Bandwidth.format(bitsPerSecond: bandwidth)) per direction; racks of \(cube) positions per dimension, electrical inside "
                + "a rack, optical between racks.",
            accelerators: total, lossless: lossless, noSPOF: wrap ? true : nil, virtualLanes: virtualLanes)
    }

    init(_ values: ParameterValues, wrap: Bool, name: String) throws(DesignError) {
        let dimsText = values.text("dims").trimmingASCIIWhitespace()
        let dims: [Int]
        if dimsText.isEmpty {
            let k = try values.int("k", in: (wrap ? 3 : 2)...1024)
            let n = try values.int("n", in: 1...6)
            dims = Array(repeating: k, count: n)
        } else {
            dims = try values.intList("dims", in: (wrap ? 3 : 2)...1024)
        }
        try self.init(dims: dims, wrap: wrap, bandwidth: values.bandwidth("bandwidth"), cube: values.int("cube", in: 1...1024), name: name)
    }

    public var deviceCount: Int { dims.reduce(1, *) }

    public var linkCount: Int {
        let total = deviceCount
        return dims.reduce(0) { $0 + (wrap ? total : total / $1 * ($1 - 1)) }
    }

    /// Rack extent of dimension `j`.
    var extents: [Int] { dims.map { $0 % cube == 0 ? cube : $0 } }

    public func generate<Sink: TopologySink>(into sink: inout Sink) throws(Sink.Failure) {
        let n = dims.count
        let extent = extents
        let racksAlong = zip(dims, extent).map { $0 / $1 }
        let rackCount = racksAlong.reduce(1, *)
        try sink.begin(properties: properties.graphData)
        // Rack SRLGs, then one bundle per (rack, dimension) whose +1 neighbour rack is a different rack.
        func rackCoordinates(_ rack: Int) -> [Int] {
            var rest = rack
            return racksAlong.map { size in
                defer { rest /= size }
                return rest % size
            }
        }
        func rackName(_ coordinates: [Int]) -> String { coordinates.map(String.init).joined(separator: "-") }
        for rack in 0..<rackCount { try sink.declareSRLG("rack:cube-\(rackName(rackCoordinates(rack)))") }
        var bundle = [Int32](repeating: -1, count: rackCount * n)
        var next = Int32(rackCount)
        for rack in 0..<rackCount {
            let coordinates = rackCoordinates(rack)
            for dim in 0..<n where racksAlong[dim] > 1 {
                let last = coordinates[dim] == racksAlong[dim] - 1
                if last && (!wrap || racksAlong[dim] == 2) { continue }
                var other = coordinates
                other[dim] = (coordinates[dim] + 1) % racksAlong[dim]
                try sink.declareSRLG("bundle:cube-\(rackName(coordinates))~cube-\(rackName(other))")
                bundle[rack * n + dim] = next
                next += 1
            }
        }
        let total = deviceCount
        var strides = [Int](repeating: 1, count: n)
        var rackStrides = [Int](repeating: 1, count: n)
        for dim in 1..<max(n, 1) where dim < n {
            strides[dim] = strides[dim - 1] * dims[dim - 1]
            rackStrides[dim] = rackStrides[dim - 1] * racksAlong[dim - 1]
        }
        var coordinates = [Int](repeating: 0, count: n)
        for _ in 0..<total {
            let rack = (0..<n).map { coordinates[$0] / extent[$0] }
            try sink.device(
                Device(
                    id: "n-" + coordinates.map(String.init).joined(separator: "-"), role: .accelerator, tier: 0,
                    rack: "cube-\(rackName(rack))", radix: 2 * n, coordinates: coordinates))
            increment(&coordinates)
        }
        coordinates = [Int](repeating: 0, count: n)
        for index in 0..<total {
            var rack = 0
            for dim in 0..<n { rack += coordinates[dim] / extent[dim] * rackStrides[dim] }
            for dim in 0..<n {
                let here = coordinates[dim]
                if !wrap && here == dims[dim] - 1 { continue }
                let there = (here + 1) % dims[dim]
                let neighbour = index + (there - here) * strides[dim]
                let otherRack = rack + (there / extent[dim] - here / extent[dim]) * rackStrides[dim]
                if otherRack == rack {
                    try sink.link(
                        StreamedLink(
                            source: Int32(index), target: Int32(neighbour), bandwidth: bandwidth, medium: .electrical,
                            srlg0: Int32(rack)))
                } else {
                    // The bundle is declared on the rack whose +1 neighbour is the other one.
                    let forward = bundle[rack * n + dim]
                    let lower = forward >= 0 ? forward : bundle[otherRack * n + dim]
                    try sink.link(
                        StreamedLink(
                            source: Int32(index), target: Int32(neighbour), bandwidth: bandwidth, medium: .optical,
                            srlg0: Int32(rack), srlg1: Int32(otherRack), srlg2: lower))
                }
            }
            increment(&coordinates)
        }
        try sink.finish()
    }

    private func increment(_ coordinates: inout [Int]) {
        for dim in 0..<dims.count {
            coordinates[dim] += 1
            if coordinates[dim] < dims[dim] { return }
            coordinates[dim] = 0
        }
    }
}
