import FabricModel

/// The columns of the cabling sheets `fabcheck import-csv` reads and `fabcheck export --format csv` writes.
///
/// Headers are matched case-insensitively, ignoring spaces, `-`, `_` and `.`, with common synonyms (`A-device`,
/// `a_device`, `source`, `from`; `speed`, `bandwidth`). A unit in the header (`speed (Gb/s)`, `speed_gbps`)
/// applies to bare numbers in that column. Columns the schema does not know are kept as GraphML data under their
/// header name in snake case, so nothing in the sheet is dropped.
public enum CSVCablingSchema {
    /// The columns of the cables sheet.
    public enum CableColumn: String, CaseIterable, Sendable {
        case aDevice = "a_device"
        case aPort = "a_port"
        case zDevice = "z_device"
        case zPort = "z_port"
        case speed
        case medium
        case length = "length_m"
        case srlg
        case id = "cable_id"
        case count
        case latency = "latency_ns"
        case directed

        /// Header spellings, normalized (lowercase letters and digits only).
        var synonyms: [String] {
            switch self {
            case .aDevice: ["adevice", "devicea", "aend", "aenddevice", "asidedevice", "sourcedevice", "source", "fromdevice", "from", "a", "ahost", "adev"]
            case .aPort: ["aport", "porta", "aendport", "sourceport", "fromport", "ainterface", "aif"]
            case .zDevice:
                [
                    "zdevice", "devicez", "zend", "zenddevice", "zsidedevice", "targetdevice", "target", "todevice", "to", "z", "zhost", "zdev",
                    "bdevice", "b", "deviceb",
                ]
            case .zPort: ["zport", "portz", "zendport", "targetport", "toport", "zinterface", "zif", "bport"]
            case .speed: ["speed", "bandwidth", "rate", "linkspeed", "portspeed", "bw", "capacity"]
            case .medium: ["medium", "media", "cabletype", "mediatype"]
            case .length: ["lengthm", "length", "cablelength", "len", "lengthmeters", "lengthmetres"]
            case .srlg: ["srlg", "srlgs", "riskgroup", "riskgroups", "sharedrisk", "sharedriskgroup", "sharedriskgroups"]
            case .id: ["cableid", "id", "linkid", "cablename", "link"]
            case .count: ["count", "multiplicity", "cables", "quantity", "qty"]
            case .latency: ["latencyns", "latency"]
            case .directed: ["directed", "oneway", "unidirectional"]
            }
        }

        /// True for the columns every cables sheet must have.
        public var isRequired: Bool { self == .aDevice || self == .zDevice || self == .speed }
    }

    /// The columns of the optional devices sheet.
    public enum DeviceColumn: String, CaseIterable, Sendable {
        case device
        case role
        case tier
        case pod
        case rack
        case plane
        case rail
        case radix
        case label
        case coords

        var synonyms: [String] {
            switch self {
            case .device: ["device", "name", "id", "hostname", "devicename", "node", "deviceid"]
            case .role: ["role", "type", "devicetype", "kind"]
            case .tier: ["tier", "level", "layer"]
            case .pod: ["pod", "su", "scalableunit", "segment"]
            case .rack: ["rack", "chassis"]
            case .plane: ["plane"]
            case .rail: ["rail"]
            case .radix: ["radix", "ports", "portcount"]
            case .label: ["label", "description"]
            case .coords: ["coords", "coordinates"]
            }
        }

        /// True for the columns every devices sheet must have.
        public var isRequired: Bool { self == .device || self == .role }
    }

    /// The columns of the optional graph sheet (design-level data).
    public enum GraphColumn: String, CaseIterable, Sendable {
        case key
        case value
        case type

        /// The column a header names, if any.
        init?(header: String) {
            switch CSVCablingSchema.normalized(header) {
            case "key", "name", "property": self = .key
            case "value": self = .value
            case "type", "attrtype": self = .type
            default: return nil
            }
        }
    }

    /// A header reduced to lowercase ASCII letters and digits, without a unit in parentheses or brackets.
    static func normalized(_ header: String) -> String {
        var text = header
        if let open = text.firstIndex(where: { $0 == "(" || $0 == "[" }) { text = String(text[..<open]) }
        return String(text.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// The bandwidth unit a header names: `speed (Gb/s)`, `speed [GB/s]` or `speed_gbps`.
    static func unit(inHeader header: String) -> BandwidthUnit? {
        if let open = header.firstIndex(where: { $0 == "(" || $0 == "[" }) {
            let inside = header[header.index(after: open)...].prefix { $0 != ")" && $0 != "]" }
            return Bandwidth.unit(forSuffix: String(inside).trimmingASCIIWhitespace())
        }
        return Bandwidth.unit(forKeyName: header.trimmingASCIIWhitespace())
    }

    /// The cable column a header names, if any; a unit suffix (`speed_gbps`) is allowed on the speed column.
    static func cableColumn(forHeader header: String) -> CableColumn? {
        let key = normalized(header)
        if let column = CableColumn.allCases.first(where: { $0.synonyms.contains(key) }) { return column }
        if unit(inHeader: header) != nil, let separator = header.lastIndex(where: { $0 == "_" || $0 == "-" || $0 == "." }) {
            let stem = normalized(String(header[..<separator]))
            if CableColumn.speed.synonyms.contains(stem) { return .speed }
        }
        return nil
    }

    /// The device column a header names, if any.
    static func deviceColumn(forHeader header: String) -> DeviceColumn? {
        let key = normalized(header)
        return DeviceColumn.allCases.first { $0.synonyms.contains(key) }
    }

    /// The GraphML data key for a column the schema does not know: the header in snake case.
    static func attributeKey(forHeader header: String) -> String {
        var out = ""
        var lastWasSeparator = false
        for scalar in header.trimmingASCIIWhitespace().lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
                lastWasSeparator = false
            } else if !lastWasSeparator, !out.isEmpty {
                out += "_"
                lastWasSeparator = true
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out
    }

    /// `true`/`false` (also yes/no, y/n, 1/0, any case) of the directed column; nil for anything else.
    static func flag(_ text: String) -> Bool? {
        switch text.trimmingASCIIWhitespace().lowercased() {
        case "true", "yes", "y", "1": true
        case "false", "no", "n", "0": false
        default: nil
        }
    }

    /// The tier a role word implies (`leaf`, `tor` → 1; `spine`, `aggregation` → 2; `core`, `superspine` → 3;
    /// accelerator words → 0), nil for a word that implies none (`switch`).
    static func impliedTier(ofRoleWord word: String) -> Int? {
        switch word.trimmingASCIIWhitespace().lowercased() {
        case "accelerator", "gpu", "npu", "tpu", "xpu", "apu", "chip": 0
        case "leaf", "tor", "l1", "rack-switch": 1
        case "spine", "aggregation", "agg", "l2", "cluster-switch": 2
        case "core", "superspine", "l3": 3
        default: nil
        }
    }

    /// A bandwidth as exact text: the largest of Tb/s, Gb/s, Mb/s, kb/s whose number (at most three decimals) reads
    /// back to the same value, else whole b/s.
    public static func exactBandwidthText(_ bitsPerSecond: Double) -> String {
        for (scale, symbol) in [(1e12, "Tb/s"), (1e9, "Gb/s"), (1e6, "Mb/s"), (1e3, "kb/s")] where bitsPerSecond >= scale {
            let text = Bandwidth.trimmedNumber(bitsPerSecond / scale)
            if let value = Double(text), value * scale == bitsPerSecond { return "\(text)\(symbol)" }
        }
        return "\(Bandwidth.trimmedNumber(bitsPerSecond))b/s"
    }
}
