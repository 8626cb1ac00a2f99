import FabricModel

/// A generator family: its name, a one-line summary, its parameters with defaults, and how to build it.
public struct DesignFamily: Sendable {
    /// The family name used on the command line.
    public var name: String
    /// One line saying what the family generates.
    public var summary: String
    /// Parameters with their defaults.
    public var parameters: [ParameterSpec]
    let make: @Sendable (ParameterValues) throws(DesignError) -> any FabricDesign
}

/// A named reference design of `REFERENCE-DESIGNS.md`.
public struct NamedDesign: Sendable {
    /// The design name (`dgx-h100-4su`).
    public var name: String
    /// One line saying what it models.
    public var summary: String
    /// Whether the design is too large to ship in `topologies/` (generated on demand only).
    public var generateOnly: Bool
    let make: @Sendable () throws(DesignError) -> any FabricDesign
}

/// Every family and named design `fabcheck generate` knows.
public enum DesignCatalog {
    /// The version recorded in every generated file; bump it whenever any generator's output changes.
    public static let generatorVersion = "fabcheck-designs 1"
    /// The native GraphML schema version the designs are written in.
    public static let schemaVersion = 1

    /// The parameterized families.
    public static let families: [DesignFamily] = [
        DesignFamily(name: "fattree", summary: "k-ary fat-tree (Al-Fares et al. 2008)", parameters: FatTreeDesign.specs) { values throws(DesignError) in
            try FatTreeDesign(values, name: "fattree")
        },
        DesignFamily(name: "clos", summary: "2- or 3-tier Clos with rails, planes, oversubscription and radix", parameters: ClosDesign.specs) {
            values throws(DesignError) in try ClosDesign(values, name: "clos")
        },
        DesignFamily(name: "torus", summary: "k-ary n-cube torus with wrap-around links", parameters: TorusDesign.torusSpecs) {
            values throws(DesignError) in try TorusDesign(values, wrap: true, name: "torus")
        },
        DesignFamily(name: "mesh", summary: "k-ary n-cube mesh (no wrap-around)", parameters: TorusDesign.torusSpecs) {
            values throws(DesignError) in try TorusDesign(values, wrap: false, name: "mesh")
        },
        DesignFamily(
            name: "fullmesh", summary: "n-dimensional full mesh with per-dimension bandwidth and optional switched uplinks (UB-Mesh)",
            parameters: FullMeshDesign.specs
        ) { values throws(DesignError) in try FullMeshDesign(values, name: "fullmesh") },
        DesignFamily(name: "dragonfly", summary: "dragonfly (Kim et al. 2008) with one global link per group pair", parameters: DragonflyDesign.specs) {
            values throws(DesignError) in try DragonflyDesign(values, name: "dragonfly")
        },
        DesignFamily(
            name: "supercluster", summary: "N Atlas-950-like 8k SuperPoDs joined by a 3-tier scale-out Clos (supercluster-1m is 128)",
            parameters: SuperclusterDesign.specs
        ) { values throws(DesignError) in
            try SuperclusterDesign(superpods: values.int("superpods", in: 2...256), name: "supercluster")
        },
    ]

    /// The named reference designs, in the order of `REFERENCE-DESIGNS.md`.
    public static let designs: [NamedDesign] = ReferenceDesigns.all

    /// Every name `generate` accepts: families, then named designs.
    public static var names: [String] { families.map(\.name) + designs.map(\.name) }

    /// The family with this name, if any.
    public static func family(named name: String) -> DesignFamily? { families.first { $0.name == name } }

    /// The named design with this name, if any.
    public static func namedDesign(_ name: String) -> NamedDesign? { designs.first { $0.name == name } }

    /// Builds a family with parameters (`["k": "8"]`) or a named design (which takes no parameters).
    public static func design(named name: String, parameters: [String: String] = [:]) throws(DesignError) -> any FabricDesign {
        if let family = family(named: name) {
            return try family.make(ParameterValues(design: name, specs: family.parameters, given: parameters))
        }
        if let named = namedDesign(name) {
            if let first = parameters.keys.sorted().first {
                throw .unknownParameter(first, design: name, known: [])
            }
            return try named.make()
        }
        throw .unknownDesign(name, known: names)
    }

    /// Builds the in-memory topology of a design through `TopologyBuilder`.
    /// - Complexity: O(devices + links).
    public static func topology(of design: any FabricDesign, file: String? = nil) throws(ModelError) -> Topology {
        var builder = TopologyBuilder(file: file ?? "<generated \(design.properties.name)>")
        builder.reserveCapacity(devices: design.deviceCount, links: design.linkCount)
        try design.generate(into: &builder)
        return builder.topology
    }
}
