/// What a device is in the fabric. Accelerators are the endpoints every analysis is about.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// A GPU, NPU, TPU or any compute endpoint; also every device of a file that declares no roles.
    case accelerator
    /// A packet or cell switch (leaf, spine, ToR, NVSwitch, UB switch, router).
    case `switch`
    /// A host CPU.
    case cpu
    /// An optical circuit switch.
    case ocs
    /// A network interface card modelled as its own device.
    case nic
    /// A virtual device standing for a GraphML hyperedge: every endpoint of the hyperedge links to it.
    case bus
    /// Anything else (storage, management, patch panel, ...).
    case other

    /// Parses a role name and its common synonyms (`gpu`, `npu`, `tpu`, `leaf`, `spine`, `tor`, `router`, ...), case-insensitively.
    /// Returns nil for a name it does not know.
    public init?(parsing text: String) {
        let key = text.trimmingASCIIWhitespace().lowercased()
        if let role = Role(rawValue: key) {
            self = role
            return
        }
        switch key {
        case "gpu", "npu", "tpu", "xpu", "apu", "host", "server", "endpoint", "compute", "chip":
            self = .accelerator
        case "router", "leaf", "spine", "tor", "core", "aggregation", "agg", "superspine", "nvswitch",
            "l1", "l2", "l3", "ubswitch", "fabric-switch", "rack-switch", "cluster-switch":
            self = .switch
        case "host-cpu", "processor":
            self = .cpu
        case "optical-switch", "optical circuit switch":
            self = .ocs
        case "hyperedge":
            self = .bus
        default:
            return nil
        }
    }

    /// Every name `init(parsing:)` accepts, lowercase: the raw values and their synonyms (for "did you mean").
    public static let acceptedNames: [String] =
        Role.allCases.map(\.rawValue) + [
            "gpu", "npu", "tpu", "xpu", "apu", "host", "server", "endpoint", "compute", "chip",
            "router", "leaf", "spine", "tor", "core", "aggregation", "agg", "superspine", "nvswitch",
            "l1", "l2", "l3", "ubswitch", "fabric-switch", "rack-switch", "cluster-switch",
            "host-cpu", "processor", "optical-switch", "optical circuit switch", "hyperedge",
        ]

    /// Orders roles by their declaration order above (accelerator first).
    public static func < (lhs: Role, rhs: Role) -> Bool {
        let all = Role.allCases
        return (all.firstIndex(of: lhs) ?? 0) < (all.firstIndex(of: rhs) ?? 0)
    }
}

/// The physical medium of a link.
public enum Medium: String, Sendable, Codable, CaseIterable {
    /// Copper: backplane, DAC, PCB trace, NVLink cable cartridge.
    case electrical
    /// Fibre: AOC, transceivers, optical circuit.
    case optical
    /// Anything else the file names.
    case other

    /// Parses `electrical`/`copper`/`dac`, `optical`/`fiber`/`fibre`/`aoc`, case-insensitively; nil otherwise.
    public init?(parsing text: String) {
        switch text.trimmingASCIIWhitespace().lowercased() {
        case "electrical", "copper", "dac", "backplane", "pcb", "electric": self = .electrical
        case "optical", "fiber", "fibre", "aoc", "optic", "optics": self = .optical
        case "other": self = .other
        default: return nil
        }
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs and newlines.
    public func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !Self.isASCIISpace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !Self.isASCIISpace($0) }) ?? first
        return String(self[first...last])
    }

    @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
