import FabricModel

/// Writes a topology as the cabling sheets `CSVCablingImporter` reads (`fabcheck export --format csv`), so
/// CSV → GraphML → CSV gives back the same sheets. Columns that no device or link uses are left out; GraphML data
/// without a column of its own becomes a column named after its key (`data_KEY` when the key reads as one of the
/// schema's columns). Rows follow the model's order.
public enum CSVCablingWriter {
    /// The cables sheet: `a_device,a_port,z_device,z_port,speed` and the optional columns in use.
    /// - Complexity: O(V + E) output size.
    public static func cables(_ topology: Topology) -> String {
        typealias Column = CSVCablingSchema.CableColumn
        let links = topology.links
        var columns: [Column] = [.aDevice, .aPort, .zDevice, .zPort, .speed]
        if links.contains(where: { $0.medium != nil }) { columns.append(.medium) }
        if links.contains(where: { $0.attributes[Column.length.rawValue] != nil }) { columns.append(.length) }
        if links.contains(where: { !$0.srlgs.isEmpty }) { columns.append(.srlg) }
        if links.contains(where: { $0.id != nil }) { columns.append(.id) }
        if links.contains(where: { $0.multiplicity != 1 }) { columns.append(.count) }
        if links.contains(where: { $0.latencyNanoseconds != nil }) { columns.append(.latency) }
        if links.contains(where: \.directed) { columns.append(.directed) }
        let extras = Set(links.flatMap(\.attributes.keys)).subtracting([Column.length.rawValue]).sorted()
        let extraHeaders = extras.map { CSVCablingSchema.cableColumn(forHeader: $0) == nil ? $0 : "data_" + $0 }
        var out = (columns.map(\.rawValue) + extraHeaders).map { RFC4180.escape($0) }.joined(separator: ",") + "\n"
        for link in links {
            var row: [String] = []
            for column in columns {
                switch column {
                case .aDevice: row.append(topology.devices[Int(link.source)].id)
                case .aPort: row.append(link.sourcePort >= 0 ? topology.ports[Int(link.sourcePort)].name : "")
                case .zDevice: row.append(topology.devices[Int(link.target)].id)
                case .zPort: row.append(link.targetPort >= 0 ? topology.ports[Int(link.targetPort)].name : "")
                case .speed: row.append(link.bandwidth.map(CSVCablingSchema.exactBandwidthText) ?? "")
                case .medium: row.append(link.medium?.rawValue ?? "")
                case .length: row.append(link.attributes[Column.length.rawValue].map(\.description) ?? "")
                case .srlg: row.append(link.srlgs.map { topology.srlgs[Int($0)] }.sorted().joined(separator: ";"))
                case .id: row.append(link.id ?? "")
                case .count: row.append(String(link.multiplicity))
                case .latency: row.append(link.latencyNanoseconds.map { AttributeValue.double($0).description } ?? "")
                case .directed: row.append(link.directed ? "true" : "false")
                }
            }
            for key in extras { row.append(link.attributes[key]?.description ?? "") }
            out += row.map { RFC4180.escape($0) }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// What the two sheets cannot carry of `topology`, one line each, for the exporter to report as warnings (the
    /// sheets hold devices, cables and the ports cables use; everything else would be lost without a word):
    /// graph-level data (design properties such as `lossless`), nested graphs, ports no cable uses, port data,
    /// nested ports, and the types of data values (the import reads columns it does not know as text).
    /// Empty when CSV → GraphML gives back the same model.
    /// - Complexity: O(V + E + ports).
    /// - Parameter graphSheet: whether the graph sheet (`graphData`) is written too; it carries the graph-level data.
    public static func unexpressed(_ topology: Topology, graphSheet: Bool = false) -> [String] {
        var lines: [String] = []
        if !topology.properties.isEmpty, !graphSheet {
            let keys = topology.properties.keys.sorted()
            lines.append(
                "graph data \(quotedList(keys)) is not written: the cables and devices sheets have no place for design-level data "
                    + "(write the graph sheet too)")
        }
        if topology.graphs.count > 1 {
            lines.append(
                "\(topology.graphs.count - 1) nested graph\(topology.graphs.count == 2 ? "" : "s") flattened: devices and cables are written, not the graph they belong to"
            )
        }
        var usedPorts = [Bool](repeating: false, count: topology.ports.count)
        for link in topology.links {
            if link.sourcePort >= 0 { usedPorts[Int(link.sourcePort)] = true }
            if link.targetPort >= 0 { usedPorts[Int(link.targetPort)] = true }
        }
        let unused = usedPorts.filter { !$0 }.count
        if unused > 0 { lines.append("\(unused) port\(unused == 1 ? "" : "s") no cable uses not written: a port exists in the sheets only as a cable end") }
        let withData = topology.ports.filter { !$0.attributes.isEmpty }
        if !withData.isEmpty {
            let keys = Set(withData.flatMap(\.attributes.keys)).sorted()
            lines.append("data \(quotedList(keys)) of \(withData.count) port\(withData.count == 1 ? "" : "s") not written: the sheets have no port columns")
        }
        let nested = topology.ports.filter { $0.parent >= 0 }.count
        if nested > 0 { lines.append("\(nested) nested port\(nested == 1 ? "" : "s") written by name only: the port hierarchy is lost") }
        var typed = Set<String>()
        for device in topology.devices { for (key, value) in device.attributes where !Self.isText(value) { typed.insert("node:" + key) } }
        for link in topology.links {
            for (key, value) in link.attributes where !Self.isText(value) && key != CSVCablingSchema.CableColumn.length.rawValue { typed.insert("edge:" + key) }
        }
        if !typed.isEmpty {
            lines.append("data \(quotedList(typed.sorted())) written as text: import-csv reads columns it does not know as strings")
        }
        return lines
    }

    private static func isText(_ value: AttributeValue) -> Bool {
        if case .string = value { return true }
        return false
    }

    private static func quotedList(_ names: [String]) -> String {
        let shown = names.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
        return names.count > 8 ? "\(shown) and \(names.count - 8) more" : shown
    }

    /// The graph sheet: `key,type,value`, one row per design-level data key (`lossless`, `description`, ...), sorted
    /// by key; `import-csv --graph` reads it back with the same types.
    /// - Complexity: O(keys).
    public static func graphData(_ topology: Topology) -> String {
        var out = "key,type,value\n"
        for key in topology.properties.keys.sorted() {
            guard let value = topology.properties[key] else { continue }
            let type =
                switch value {
                case .bool: "bool"
                case .int: "int"
                case .double: "double"
                case .string: "string"
                }
            let text = if case .double(let number) = value { String(number) } else { value.description }
            out += [key, type, text].map { RFC4180.escape($0) }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The devices sheet: `device,role` and the optional columns in use.
    /// - Complexity: O(V) output size.
    public static func devices(_ topology: Topology) -> String {
        typealias Column = CSVCablingSchema.DeviceColumn
        let devices = topology.devices
        var columns: [Column] = [.device, .role]
        if devices.contains(where: { $0.tier != nil }) { columns.append(.tier) }
        if devices.contains(where: { $0.pod != nil }) { columns.append(.pod) }
        if devices.contains(where: { $0.rack != nil }) { columns.append(.rack) }
        if devices.contains(where: { $0.plane != nil }) { columns.append(.plane) }
        if devices.contains(where: { $0.rail != nil }) { columns.append(.rail) }
        if devices.contains(where: { $0.radix != nil }) { columns.append(.radix) }
        if devices.contains(where: { $0.label != nil }) { columns.append(.label) }
        if devices.contains(where: { !$0.coordinates.isEmpty }) { columns.append(.coords) }
        let extras = Set(devices.flatMap(\.attributes.keys)).sorted()
        let extraHeaders = extras.map { CSVCablingSchema.deviceColumn(forHeader: $0) == nil ? $0 : "data_" + $0 }
        var out = (columns.map(\.rawValue) + extraHeaders).map { RFC4180.escape($0) }.joined(separator: ",") + "\n"
        for device in devices {
            var row: [String] = []
            for column in columns {
                switch column {
                case .device: row.append(device.id)
                case .role: row.append(device.role.rawValue)
                case .tier: row.append(device.tier.map(String.init) ?? "")
                case .pod: row.append(device.pod ?? "")
                case .rack: row.append(device.rack ?? "")
                case .plane: row.append(device.plane ?? "")
                case .rail: row.append(device.rail.map(String.init) ?? "")
                case .radix: row.append(device.radix.map(String.init) ?? "")
                case .label: row.append(device.label ?? "")
                case .coords: row.append(device.coordinates.map(String.init).joined(separator: ","))
                }
            }
            for key in extras { row.append(device.attributes[key]?.description ?? "") }
            out += row.map { RFC4180.escape($0) }.joined(separator: ",") + "\n"
        }
        return out
    }
}
