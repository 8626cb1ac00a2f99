import FabricDesigns
import FabricModel

/// Built reference designs for tests: `try Designs.topology(named: "fattree-k4")`.
public enum Designs {
    /// The in-memory topology of a named reference design or a family with parameters (`["k": "8"]`).
    /// Its `file` is `<generated NAME>`.
    public static func topology(named name: String, parameters: [String: String] = [:]) throws -> Topology {
        let design = try DesignCatalog.design(named: name, parameters: parameters)
        return try DesignCatalog.topology(of: design)
    }

    /// Names of the reference designs small enough for debug-build unit tests (at most ~50k links).
    public static let small = ["fattree-k4", "leafspine-64", "torus-4x4x4", "ubmesh-pod-1k", "cloudmatrix384", "gb200-nvl72-su", "dgx-h100-4su"]
}
