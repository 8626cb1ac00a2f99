import FabricModel

/// The key names of fabcheck's native GraphML schema (documented in `docs/graphml-schema.md`).
/// The reader maps these (and their dialect synonyms) onto the model; the writer declares exactly these.
public enum NativeSchema {
    /// Version of the native schema written into every generated file (`schema_version` graph data).
    public static let version = 1
    /// The GraphML namespace.
    public static let namespace = "http://graphml.graphdrawing.org/xmlns"

    /// Node keys.
    public enum NodeKey {
        /// `string`: accelerator | switch | cpu | ocs | nic | bus | other (synonyms accepted on import).
        public static let role = "role"
        /// `string`: human-readable label.
        public static let label = "label"
        /// `int`: 0 endpoints, 1 leaf/ToR, 2 spine/aggregation, 3 core.
        public static let tier = "tier"
        /// `string`: pod / scalable unit / segment.
        public static let pod = "pod"
        /// `string`: rack / chassis / node.
        public static let rack = "rack"
        /// `string`: plane name.
        public static let plane = "plane"
        /// `int`: rail index.
        public static let rail = "rail"
        /// `int`: number of ports.
        public static let radix = "radix"
        /// `string`: comma-separated integer coordinates (`3,0,7`).
        public static let coordinates = "coords"
    }

    /// Edge keys.
    public enum EdgeKey {
        /// `string`: per-direction bandwidth with an explicit unit (`400Gb/s`, `50GB/s`).
        public static let bandwidth = "bandwidth"
        /// `double`: one-way latency in nanoseconds.
        public static let latency = "latency_ns"
        /// `string`: electrical | optical.
        public static let medium = "medium"
        /// `string`: comma-separated shared-risk link group names.
        public static let srlg = "srlg"
        /// `int`: number of identical parallel cables this edge stands for (default 1).
        public static let multiplicity = "multiplicity"
        /// `boolean`: true when the edge is a one-way link, carrying traffic from source to target only. Without it
        /// every edge is a full-duplex cable, whatever GraphML's `edgedefault` or `directed` say.
        public static let oneWay = "one_way"
        /// `string`: `both` (full duplex, the default) or `forward` (one way, source to target); the same as `one_way`.
        public static let direction = "direction"
    }

    /// Graph-level keys (on the top-level `<graph>`).
    public enum GraphKey {
        /// `string`: generator family (`fattree`, `torus`, ...).
        public static let family = "family"
        /// `string`: the reference design's name (`dgx-h100-4su`), or the family name for a parameterized one.
        public static let design = "design"
        /// `string`: the generator parameters as `name=value` pairs separated by spaces, in a fixed order.
        public static let parameters = "parameters"
        /// `string`: the generator's version.
        public static let generatorVersion = "generator_version"
        /// `string`: a one-paragraph description of the design.
        public static let description = "description"
        /// `int`: the native schema version.
        public static let schemaVersion = "schema_version"
        /// `int`: declared number of accelerators (checked against the file's content).
        public static let accelerators = "accelerators"
        /// `string`: rule profile name (e.g. `superpod`).
        public static let profile = "profile"
        /// `boolean`: the fabric is lossless (PFC/credit-based): deadlock freedom is required.
        public static let lossless = "lossless"
        /// `boolean`: the design promises no single point of failure.
        public static let noSPOF = "no_spof"
        /// `boolean`: accelerators are single-homed by design (their own access link is an accepted SPOF).
        public static let singleHomed = "single_homed"
        /// `int`: number of virtual lanes available for deadlock avoidance.
        public static let virtualLanes = "virtual_lanes"
    }
}
