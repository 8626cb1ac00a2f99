import FabricModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Import of the point-to-point cabling sheet planners keep (columns A-device, A-port, Z-device, Z-port, speed, and
/// optionally medium, length, SRLG, cable id, count, latency, directed), with an optional devices sheet (device, role, and optionally
/// tier, pod, rack, plane, rail, radix, label, coordinates). See `CSVCablingSchema` for the accepted headers.
///
/// Every bad row is reported as an error diagnostic at the line and column of the offending field, naming its
/// column; nothing is dropped silently: a row with an error is left out of the model and reported, a column the
/// schema does not know is kept as GraphML data. Devices are positioned at the first cable that names them.
public enum CSVCablingImporter {
    /// Reads the cables sheet at `cablesPath` and, when given, the devices sheet at `devicesPath`.
    ///
    /// The limits of `options` apply as to GraphML: a sheet larger than `maxFileBytes` is refused before it is read,
    /// and reading stops with `GraphMLError.limitExceeded` at the row that would make more than `maxNodes` devices
    /// or `maxLinks` links.
    /// The optional graph sheet at `graphPath` (columns key, value and optionally type) gives the design-level data
    /// (`lossless`, `description`, ...) that the cables and devices sheets have no place for.
    public static func read(
        cables cablesPath: String, devices devicesPath: String? = nil, graph graphPath: String? = nil,
        options: ReaderOptions = .default
    ) throws(GraphMLError) -> ImportResult {
        let cables = try readText(cablesPath, maxBytes: options.maxFileBytes)
        let devices: String?
        if let devicesPath { devices = try readText(devicesPath, maxBytes: options.maxFileBytes) } else { devices = nil }
        let graph: String?
        if let graphPath { graph = try readText(graphPath, maxBytes: options.maxFileBytes) } else { graph = nil }
        return try read(
            cablesText: cables, cablesFile: cablesPath, devicesText: devices, devicesFile: devicesPath,
            graphText: graph, graphFile: graphPath, options: options)
    }

    /// Reads the sheets from memory; the file names are used in locations. Default limits; a limit exceeded is
    /// reported as an error diagnostic.
    /// - Complexity: O(size of the sheets), with one dictionary lookup per device name and per port.
    public static func read(cablesText: String, cablesFile: String, devicesText: String? = nil, devicesFile: String? = nil) -> ImportResult {
        let (result, fatal) = readSheets(
            cablesText: cablesText, cablesFile: cablesFile, devicesText: devicesText, devicesFile: devicesFile,
            options: .default)
        guard let fatal else { return result }
        return ImportResult(
            topology: result.topology,
            diagnostics: result.diagnostics + [
                Diagnostic(.error, fatal.description, at: fatal.location ?? SourceLocation(file: cablesFile, line: 0, column: 0), code: "csv.limit")
            ])
    }

    /// Reads the sheets from memory under the limits of `options` (see `read(cables:devices:options:)`).
    /// - Complexity: O(size of the sheets), with one dictionary lookup per device name and per port.
    public static func read(
        cablesText: String, cablesFile: String, devicesText: String?, devicesFile: String?,
        graphText: String? = nil, graphFile: String? = nil, options: ReaderOptions
    ) throws(GraphMLError) -> ImportResult {
        for (text, file) in [(cablesText, cablesFile), (devicesText ?? "", devicesFile ?? "devices.csv"), (graphText ?? "", graphFile ?? "graph.csv")]
        where Int64(text.utf8.count) > options.maxFileBytes {
            throw .fileTooLarge(path: file, bytes: Int64(text.utf8.count), limit: options.maxFileBytes)
        }
        let (result, fatal) = readSheets(
            cablesText: cablesText, cablesFile: cablesFile, devicesText: devicesText, devicesFile: devicesFile,
            graphText: graphText, graphFile: graphFile, options: options)
        if let fatal { throw fatal }
        return result
    }

    private static func readSheets(
        cablesText: String, cablesFile: String, devicesText: String?, devicesFile: String?,
        graphText: String? = nil, graphFile: String? = nil, options: ReaderOptions
    ) -> (ImportResult, GraphMLError?) {
        var importer = Importer(cablesFile: cablesFile, options: options)
        if let graphText {
            importer.readGraphData(graphText, file: graphFile ?? "graph.csv")
        }
        if let devicesText {
            importer.readDevices(devicesText, file: devicesFile ?? "devices.csv")
        }
        if importer.fatal == nil { importer.readCables(cablesText, devicesSheet: devicesText != nil) }
        return (ImportResult(topology: importer.topology, diagnostics: importer.diagnostics), importer.fatal)
    }

    static func readText(_ path: String, maxBytes: Int64 = ReaderOptions.defaultMaxFileBytes) throws(GraphMLError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .cannotOpen(path: path, reason: "is a directory") }
        if (info.st_mode & S_IFMT) == S_IFREG, Int64(info.st_size) > maxBytes {
            throw .fileTooLarge(path: path, bytes: Int64(info.st_size), limit: maxBytes)
        }
        guard let handle = fopen(path, "rb") else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            // Pipes and devices have no size up front: stop as soon as the limit is passed.
            if Int64(bytes.count) > maxBytes { throw .fileTooLarge(path: path, bytes: Int64(bytes.count), limit: maxBytes) }
            if count < buffer.count {
                if ferror(handle) != 0 { throw .cannotOpen(path: path, reason: "read error") }
                break
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .cannotOpen(path: path, reason: "not UTF-8 text (save the sheet as CSV UTF-8)")
        }
        return text
    }
}

private struct Importer {
    var topology: Topology
    var diagnostics: [Diagnostic] = []
    let cablesFile: String
    /// Devices declared in the devices sheet whose position is still unknown (set at their first cable).
    var positioned: [Bool] = []
    var portIndex: [String: (port: Int32, line: Int)] = [:]
    var cableIDs: [String: Int] = [:]
    let options: ReaderOptions
    /// Set when a limit of `options` is exceeded; reading stops there.
    var fatal: GraphMLError?

    init(cablesFile: String, options: ReaderOptions) {
        self.cablesFile = cablesFile
        self.options = options
        topology = Topology(file: cablesFile)
        topology.graphs = [Subgraph(id: "G")]
    }

    mutating func error(_ file: String, _ line: Int, _ column: Int, _ message: String, code: String) {
        diagnostics.append(Diagnostic(.error, message, at: SourceLocation(file: file, line: line, column: column), code: code))
    }

    /// The header row: which column each field is, plus the data key of every unknown column.
    struct Header<Column: Hashable> {
        var columns: [Column?]
        var extraKeys: [String?]
        var fieldIndex: [Column: Int]
        var names: [String]
    }

    mutating func header<Column: Hashable & RawRepresentable>(
        _ record: CSVRecord, file: String, sheet: String, lookup: (String) -> Column?, required: [Column]
    ) -> Header<Column>? where Column.RawValue == String {
        var header = Header<Column>(columns: [], extraKeys: [], fieldIndex: [:], names: [])
        var usedExtra = Set<String>()
        var ok = true
        for (index, field) in record.fields.enumerated() {
            let name = field.text.trimmingASCIIWhitespace()
            header.names.append(name)
            if name.isEmpty {
                error(file, field.line, field.column, "column \(index + 1) of the \(sheet) header has no name", code: "csv.header")
                ok = false
                header.columns.append(nil)
                header.extraKeys.append(nil)
                continue
            }
            if let column = lookup(name) {
                if let first = header.fieldIndex[column] {
                    error(
                        file, field.line, field.column,
                        "columns '\(header.names[first])' and '\(name)' both give the \(column.rawValue) of the \(sheet); keep one", code: "csv.header")
                    ok = false
                    header.columns.append(nil)
                    header.extraKeys.append(nil)
                    continue
                }
                header.fieldIndex[column] = index
                header.columns.append(column)
                header.extraKeys.append(nil)
            } else {
                let key = CSVCablingSchema.attributeKey(forHeader: name)
                if key.isEmpty || !usedExtra.insert(key).inserted {
                    error(file, field.line, field.column, "column '\(name)' of the \(sheet) header repeats or has no usable name", code: "csv.header")
                    ok = false
                    header.columns.append(nil)
                    header.extraKeys.append(nil)
                    continue
                }
                header.columns.append(nil)
                header.extraKeys.append(key)
            }
        }
        let missing = required.filter { header.fieldIndex[$0] == nil }
        if !missing.isEmpty {
            error(
                file, record.line, 1,
                "the \(sheet) header lacks the column\(missing.count == 1 ? "" : "s") "
                    + missing.map { "'\($0.rawValue)'" }.joined(separator: ", ") + " (found " + header.names.map { "'\($0)'" }.joined(separator: ", ") + ")",
                code: "csv.missing-column")
            ok = false
        }
        return ok ? header : nil
    }

    /// Parses a sheet and returns its data records (blank lines skipped) after checking field counts.
    mutating func records(_ text: String, file: String) -> (header: CSVRecord, rows: [CSVRecord])? {
        let parsed = RFC4180.parse(text, delimiter: RFC4180.guessDelimiter(text))
        for syntax in parsed.errors {
            error(file, syntax.line, syntax.column, syntax.message, code: "csv.syntax")
        }
        let records = parsed.records.filter { !$0.isBlank }
        guard let header = records.first else {
            error(file, 1, 1, "the sheet is empty: expected a header row", code: "csv.empty")
            return nil
        }
        var rows: [CSVRecord] = []
        for record in records.dropFirst() {
            if record.fields.count < header.fields.count {
                let missing = header.fields[record.fields.count].text.trimmingASCIIWhitespace()
                error(
                    file, record.line, record.endColumn,
                    "row has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s") but the header has \(header.fields.count): "
                        + "'\(missing)' is missing", code: "csv.field-count")
            } else if record.fields.count > header.fields.count {
                let extra = record.fields[header.fields.count]
                error(
                    file, extra.line, extra.column,
                    "row has \(record.fields.count) fields but the header has \(header.fields.count): field \(header.fields.count + 1) has no column",
                    code: "csv.field-count")
            } else {
                rows.append(record)
            }
        }
        return (header, rows)
    }

    /// The graph sheet: `key,value` and optionally `type` (bool, int, double, string; default string), one row per
    /// design-level data key.
    mutating func readGraphData(_ text: String, file: String) {
        guard let (headerRecord, rows) = records(text, file: file),
            let header = header(
                headerRecord, file: file, sheet: "graph sheet", lookup: CSVCablingSchema.GraphColumn.init(header:),
                required: [.key, .value])
        else { return }
        for (index, key) in header.extraKeys.enumerated() where key != nil {
            let field = headerRecord.fields[index]
            error(file, field.line, field.column, "column '\(header.names[index])' of the graph sheet is not key, value or type", code: "csv.header")
        }
        var firstLine: [String: Int] = [:]
        for row in rows {
            guard let keyIndex = header.fieldIndex[.key], let valueIndex = header.fieldIndex[.value] else { return }
            let keyField = row.fields[keyIndex]
            let key = keyField.text.trimmingASCIIWhitespace()
            if key.isEmpty {
                error(file, keyField.line, keyField.column, "column 'key' is empty: every row names a graph data key", code: "csv.missing-value")
                continue
            }
            if let first = firstLine[key] {
                error(file, keyField.line, keyField.column, "graph data key '\(key)' is listed twice (first on line \(first))", code: "csv.duplicate-key")
                continue
            }
            let valueField = row.fields[valueIndex]
            let text = valueField.text
            let typeField = header.fieldIndex[.type].map { row.fields[$0] }
            let type = typeField?.text.trimmingASCIIWhitespace().lowercased() ?? ""
            let value: AttributeValue?
            switch type {
            case "", "string": value = .string(text)
            case "bool", "boolean": value = CSVCablingSchema.flag(text).map(AttributeValue.bool)
            case "int", "long": value = Int64(text.trimmingASCIIWhitespace()).map(AttributeValue.int)
            case "double", "float": value = Double(text.trimmingASCIIWhitespace()).map(AttributeValue.double)
            default:
                let cell = typeField ?? valueField
                error(file, cell.line, cell.column, "type '\(type)' of '\(key)' is unknown (use bool, int, double or string)", code: "csv.bad-value")
                continue
            }
            guard let value else {
                error(file, valueField.line, valueField.column, "value '\(text)' of '\(key)' is not of type '\(type)'", code: "csv.bad-value")
                continue
            }
            firstLine[key] = row.line
            topology.properties[key] = value
        }
    }

    mutating func readDevices(_ text: String, file: String) {
        guard let (headerRecord, rows) = records(text, file: file),
            let header = header(
                headerRecord, file: file, sheet: "devices sheet", lookup: CSVCablingSchema.deviceColumn(forHeader:),
                required: CSVCablingSchema.DeviceColumn.allCases.filter(\.isRequired))
        else { return }
        var firstLine: [String: Int] = [:]
        rowLoop: for row in rows {
            if topology.devices.count >= options.maxNodes {
                fatal = .limitExceeded(what: "nodes", limit: options.maxNodes, location: SourceLocation(file: file, line: row.line, column: 1))
                break
            }
            func field(_ column: CSVCablingSchema.DeviceColumn) -> CSVField? {
                header.fieldIndex[column].map { row.fields[$0] }
            }
            func value(_ column: CSVCablingSchema.DeviceColumn) -> String? {
                guard let text = field(column)?.text.trimmingASCIIWhitespace(), !text.isEmpty else { return nil }
                return text
            }
            var bad = false
            guard let idField = field(.device) else { continue }
            let id = idField.text.trimmingASCIIWhitespace()
            if id.isEmpty {
                error(file, idField.line, idField.column, "column 'device' is empty: every device needs a name", code: "csv.missing-value")
                continue
            }
            if let first = firstLine[id] {
                error(file, idField.line, idField.column, "device '\(id)' is listed twice (first on line \(first))", code: "csv.duplicate-device")
                continue
            }
            var device = Device(id: id, role: .other)
            if let roleField = field(.role) {
                let word = roleField.text.trimmingASCIIWhitespace()
                if word.isEmpty {
                    error(file, roleField.line, roleField.column, "column 'role' of '\(id)' is empty", code: "csv.missing-value")
                    bad = true
                } else if let role = Role(parsing: word) {
                    device.role = role
                    if header.fieldIndex[.tier] == nil { device.tier = CSVCablingSchema.impliedTier(ofRoleWord: word) }
                } else {
                    error(
                        file, roleField.line, roleField.column,
                        "unknown role '\(word)' of '\(id)'"
                            + (Suggestions.role(for: word).map { "; did you mean '\($0)'?" }
                                ?? " (use accelerator, switch, cpu, ocs, nic, bus, other or a synonym such as gpu, leaf, spine)"),
                        code: "csv.bad-value")
                    bad = true
                }
            }
            for (column, target) in [(CSVCablingSchema.DeviceColumn.tier, "tier"), (.rail, "rail"), (.radix, "radix")] {
                guard let text = value(column), let cell = field(column) else { continue }
                guard let number = Int(text), number >= 0 else {
                    error(file, cell.line, cell.column, "\(target) '\(text)' of '\(id)' is not a whole number ≥ 0", code: "csv.bad-value")
                    bad = true
                    continue
                }
                switch column {
                case .tier: device.tier = number
                case .rail: device.rail = number
                default: device.radix = number
                }
            }
            device.pod = value(.pod)
            device.rack = value(.rack)
            device.plane = value(.plane)
            device.label = value(.label)
            if let text = value(.coords), let cell = field(.coords) {
                let parts = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" || $0 == "x" })
                let numbers = parts.compactMap { Int($0) }
                if numbers.count != parts.count || numbers.isEmpty {
                    error(file, cell.line, cell.column, "coordinates '\(text)' of '\(id)' are not whole numbers separated by commas", code: "csv.bad-value")
                    bad = true
                } else {
                    device.coordinates = numbers
                }
            }
            for (index, key) in header.extraKeys.enumerated() {
                guard let key else { continue }
                let text = row.fields[index].text.trimmingASCIIWhitespace()
                if !text.isEmpty { device.attributes[key] = .string(text) }
            }
            if bad { continue rowLoop }
            firstLine[id] = row.line
            do {
                try topology.addDevice(device)
                positioned.append(false)
            } catch {
                self.error(file, idField.line, idField.column, error.description, code: "csv.duplicate-device")
            }
        }
        topology.rolesDeclared = true
    }

    mutating func readCables(_ text: String, devicesSheet: Bool) {
        let file = cablesFile
        if !devicesSheet { topology.rolesDeclared = false }
        guard let (headerRecord, rows) = records(text, file: file),
            let header = header(
                headerRecord, file: file, sheet: "cables sheet", lookup: CSVCablingSchema.cableColumn(forHeader:),
                required: CSVCablingSchema.CableColumn.allCases.filter(\.isRequired))
        else { return }
        let speedUnit = header.fieldIndex[.speed].flatMap { CSVCablingSchema.unit(inHeader: header.names[$0]) }
        for row in rows {
            if topology.links.count >= options.maxLinks {
                fatal = .limitExceeded(what: "links", limit: options.maxLinks, location: SourceLocation(file: file, line: row.line, column: 1))
                return
            }
            readCable(row, header: header, speedUnit: speedUnit, devicesSheet: devicesSheet)
            if fatal != nil { return }
        }
        for slip in BandwidthSlips.find(in: topology) {
            let position = topology.links[Int(slip.link)].position
            diagnostics.append(
                Diagnostic(
                    .warning, slip.message, at: SourceLocation(file: file, line: Int(position.line), column: Int(position.column)),
                    code: "csv.bandwidth-ratio"))
        }
        if !devicesSheet {
            topology.setRoleOfAllDevices(.accelerator)
            diagnostics.append(
                Diagnostic(
                    .warning, "no devices sheet: roles are unknown, so every device counts as an accelerator (give --devices with a role column)",
                    at: SourceLocation(file: file, line: 1, column: 1), code: "csv.no-roles"))
        }
    }

    mutating func readCable(_ row: CSVRecord, header: Header<CSVCablingSchema.CableColumn>, speedUnit: BandwidthUnit?, devicesSheet: Bool) {
        let file = cablesFile
        func field(_ column: CSVCablingSchema.CableColumn) -> CSVField? {
            header.fieldIndex[column].map { row.fields[$0] }
        }
        func value(_ column: CSVCablingSchema.CableColumn) -> String? {
            guard let text = field(column)?.text.trimmingASCIIWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        var bad = false
        var ends: [Int32] = []
        for (column, side) in [(CSVCablingSchema.CableColumn.aDevice, "A"), (.zDevice, "Z")] {
            guard let cell = field(column) else { return }
            let name = cell.text.trimmingASCIIWhitespace()
            if name.isEmpty {
                error(
                    file, cell.line, cell.column, "column '\(header.names[header.fieldIndex[column] ?? 0])' is empty: the cable needs its \(side)-device",
                    code: "csv.missing-value")
                bad = true
                continue
            }
            if let index = topology.deviceIndex(forID: name) {
                ends.append(index)
                if Int(index) < positioned.count, !positioned[Int(index)] {
                    positioned[Int(index)] = true
                    topology.updateDevice(at: index) { $0.position = SourcePosition(line: Int32(cell.line), column: Int32(cell.column)) }
                }
            } else if devicesSheet {
                error(file, cell.line, cell.column, "\(side)-device '\(name)' is not in the devices sheet" + suggestion(for: name), code: "csv.unknown-device")
                bad = true
            } else if topology.devices.count >= options.maxNodes {
                fatal = .limitExceeded(what: "nodes", limit: options.maxNodes, location: SourceLocation(file: file, line: cell.line, column: cell.column))
                return
            } else {
                let device = Device(id: name, role: .accelerator, position: SourcePosition(line: Int32(cell.line), column: Int32(cell.column)))
                do {
                    ends.append(try topology.addDevice(device))
                    positioned.append(true)
                } catch {
                    self.error(file, cell.line, cell.column, error.description, code: "csv.duplicate-device")
                    bad = true
                }
            }
        }
        if ends.count == 2, ends[0] == ends[1], let cell = field(.zDevice) {
            error(file, cell.line, cell.column, "cable from '\(topology.devices[Int(ends[0])].id)' to itself", code: "csv.self-loop")
            bad = true
        }
        var link = Link(source: ends.first ?? 0, target: ends.last ?? 0, position: SourcePosition(line: Int32(row.line), column: 1))
        if let cell = field(.speed) {
            let text = cell.text.trimmingASCIIWhitespace()
            if text.isEmpty {
                error(
                    file, cell.line, cell.column, "column '\(header.names[header.fieldIndex[.speed] ?? 0])' is empty: the cable needs a speed such as 400Gb/s",
                    code: "csv.missing-value")
                bad = true
            } else {
                do {
                    link.bandwidth = try Bandwidth.parse(text, bareUnit: speedUnit)
                } catch {
                    self.error(
                        file, cell.line, cell.column,
                        "speed: \(error.description)"
                            + (speedUnit == nil && isBareNumber(text)
                                ? ", or put the unit in the header, e.g. 'speed (Gb/s)'" : ""),
                        code: "csv.bad-value")
                    bad = true
                }
            }
        }
        if let text = value(.medium), let cell = field(.medium) {
            if let medium = Medium(parsing: text) {
                link.medium = medium
            } else {
                error(file, cell.line, cell.column, "medium '\(text)' is unknown (use electrical, copper, dac, optical, fiber or aoc)", code: "csv.bad-value")
                bad = true
            }
        }
        if let text = value(.length), let cell = field(.length) {
            var number = text
            if number.hasSuffix("m") { number = String(number.dropLast()).trimmingASCIIWhitespace() }
            if let meters = Double(number), meters.isFinite, meters >= 0 {
                link.attributes[CSVCablingSchema.CableColumn.length.rawValue] = .double(meters)
            } else {
                error(file, cell.line, cell.column, "length '\(text)' is not a length in metres ≥ 0", code: "csv.bad-value")
                bad = true
            }
        }
        if let text = value(.latency), let cell = field(.latency) {
            // A unit in the cell wins (`25ns`, `1.2 us`); a bare number is in nanoseconds, the column's documented unit.
            do {
                link.latencyNanoseconds = try Latency.parse(text, bareScale: 1)
            } catch {
                self.error(file, cell.line, cell.column, error.description, code: "csv.bad-value")
                bad = true
            }
        }
        if let text = value(.directed), let cell = field(.directed) {
            if let directed = CSVCablingSchema.flag(text) {
                link.directed = directed
            } else {
                error(file, cell.line, cell.column, "directed '\(text)' is not true or false", code: "csv.bad-value")
                bad = true
            }
        }
        if let text = value(.count), let cell = field(.count) {
            if let count = Int32(text), count >= 1 {
                link.multiplicity = count
            } else {
                error(file, cell.line, cell.column, "count '\(text)' is not a whole number ≥ 1", code: "csv.bad-value")
                bad = true
            }
        }
        if let text = value(.id), let cell = field(.id) {
            if let first = cableIDs[text] {
                error(file, cell.line, cell.column, "cable id '\(text)' is used twice (first on line \(first))", code: "csv.duplicate-cable")
                bad = true
            } else {
                link.id = text
            }
        }
        var newPorts: [(device: Int32, name: String, key: String, isSource: Bool)] = []
        for (column, end, isSource) in [(CSVCablingSchema.CableColumn.aPort, 0, true), (.zPort, 1, false)] {
            guard let name = value(column), let cell = field(column), ends.count == 2 else { continue }
            let device = ends[end]
            let key = "\(device)\u{0}\(name)"
            if let used = portIndex[key] {
                error(
                    file, cell.line, cell.column, "port '\(name)' of '\(topology.devices[Int(device)].id)' already has the cable on line \(used.line)",
                    code: "csv.port-reused")
                bad = true
            } else if newPorts.contains(where: { $0.key == key }) {
                error(file, cell.line, cell.column, "cable uses port '\(name)' of '\(topology.devices[Int(device)].id)' at both ends", code: "csv.port-reused")
                bad = true
            } else {
                newPorts.append((device, name, key, isSource))
            }
        }
        if bad || ends.count != 2 { return }
        for (index, key) in header.extraKeys.enumerated() {
            guard let key else { continue }
            let text = row.fields[index].text.trimmingASCIIWhitespace()
            if !text.isEmpty { link.attributes[key] = .string(text) }
        }
        if let text = value(.srlg) {
            let names = text.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "|" }).map { String($0).trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
            link.srlgs = Array(Set(names.map { topology.srlgIndex(named: $0) })).sorted()
        }
        for port in newPorts {
            let index = Int32(topology.ports.count)
            topology.ports.append(Port(device: port.device, name: port.name, position: SourcePosition(line: Int32(row.line), column: 1)))
            portIndex[port.key] = (index, row.line)
            if port.isSource { link.sourcePort = index } else { link.targetPort = index }
        }
        if let id = link.id { cableIDs[id] = row.line }
        do {
            try topology.addLink(link)
        } catch {
            self.error(file, row.line, 1, error.description, code: "csv.bad-link")
        }
    }

    func isBareNumber(_ text: String) -> Bool { Double(text) != nil }

    /// `; did you mean 'leaf-07'?` for the closest device name within edit distance 2, else nothing.
    func suggestion(for name: String) -> String {
        var best: (distance: Int, id: String)?
        let target = Array(name.unicodeScalars)
        for device in topology.devices {
            let candidate = Array(device.id.unicodeScalars)
            if abs(candidate.count - target.count) > 2 { continue }
            let distance = editDistance(target, candidate)
            if distance <= 2, best.map({ distance < $0.distance || (distance == $0.distance && device.id < $0.id) }) ?? true {
                best = (distance, device.id)
            }
        }
        return best.map { "; did you mean '\($0.id)'?" } ?? ""
    }
}

/// Levenshtein distance (Wagner–Fischer 1974), two rows.
/// - Complexity: O(|a|·|b|) time, O(|b|) memory.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
