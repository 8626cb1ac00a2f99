import FabricModel

extension ForwardingDump {
    /// The service level of the route from `sourceLID` to `destinationLID` (a path record).
    public struct PathLane: Sendable, Equatable {
        /// Source LID.
        public var sourceLID: Int32
        /// Destination LID.
        public var destinationLID: Int32
        /// Service level 0-15.
        public var serviceLevel: UInt8
        /// Where the record was read.
        public var location: SourceLocation
    }

    /// One SL-to-VL table: at the switch with `lid`, packets from `inPort` to `outPort` take lane `lanes[sl]`.
    public struct LaneTable: Sendable, Equatable {
        /// The switch's LID.
        public var lid: Int32
        /// Input port (0: the switch itself).
        public var inPort: Int32
        /// Output port.
        public var outPort: Int32
        /// The lane of each of the 16 SLs.
        public var lanes: [UInt8]
        /// Where the row was read.
        public var location: SourceLocation
    }
}

/// Reads the lane data of routes: path records as `saquery -p` prints them (`PathRecord dump:` then `slid…`, `dlid…`,
/// `sl…` fields; one record per host pair with `--src-to-dst SLID:DLID`), SL-to-VL tables as `smpquery sl2vl LID PORT`
/// prints them (`# SL2VL table: Lid 3`, rows `ports: in  1, out  2: | 0| 1|…|`) and OpenSM's `opensm-sl2vl.dump`
/// (`Switch 0x… , base LID 3, "name"`, rows `1   2   : 0  1  2 …`; written with `-D 0x43` when QoS or the routing
/// engine sets SL-to-VL tables). All three are from infiniband-diags and OpenSM (osm_dump.c `dump_sl2vl_tbl`).
public struct LaneDataParser: Sendable {
    /// Longest line accepted, in bytes.
    public var maximumLineLength = 1 << 16
    /// Most records and rows accepted over all files.
    public var maximumRecords = 1 << 26

    /// Creates a parser.
    public init() {}

    /// Whether a buffer holds lane data: its first line that is not blank opens a path record or an SL-to-VL table.
    public static func detect(_ bytes: [UInt8]) -> Bool {
        var lines = LineCursor(bytes)
        while lines.advance(), lines.number <= 10_000 {
            var cursor = TokenCursor(bytes, from: lines.start, to: lines.end)
            cursor.skipSpaces()
            guard cursor.current != nil else { continue }
            for word in ["PathRecord dump:", "# SL2VL table:", "Switch 0x", "Channel Adapter 0x", "Router 0x"] {
                var probe = cursor
                if probe.take(word: word) { return true }
            }
            return false
        }
        return false
    }

    /// Parses one file's path records and SL-to-VL rows into `dump`.
    /// - Throws: `ObservedError.malformed` at the first line that is not part of the formats, `.tooLarge` beyond the limits.
    /// - Complexity: O(bytes).
    public func parse(_ bytes: [UInt8], file: String, into dump: inout ForwardingDump) throws(ObservedError) {
        var lines = LineCursor(bytes)
        var record = PartialRecord()
        var tableLID: Int32?
        var count = dump.pathLanes.count + dump.laneTables.count
        while lines.advance() {
            let location = SourceLocation(file: file, line: lines.number, column: 1)
            guard lines.end - lines.start <= maximumLineLength else { throw .tooLarge(location, "line longer than \(maximumLineLength) bytes") }
            guard count <= maximumRecords else { throw .tooLarge(location, "more than \(maximumRecords) path records and SL-to-VL rows") }
            var cursor = TokenCursor(bytes, from: lines.start, to: lines.end)
            cursor.skipSpaces()
            guard cursor.current != nil else { continue }
            if cursor.take(word: "PathRecord dump:") {
                record = PartialRecord()
                continue
            }
            if let lid = try Self.tableHeader(&cursor, location: location) {
                tableLID = lid
                continue
            }
            if cursor.current == 0x23 { continue }  // column headings and separators
            if try record.field(&cursor, location: location, lineStart: lines.start) {
                if let lane = record.complete(at: location) {
                    dump.pathLanes.append(lane)
                    count += 1
                }
                continue
            }
            guard let lid = tableLID else {
                var probe = cursor
                throw .malformed(
                    location,
                    "expected a path record ('PathRecord dump:', 'slid…', 'dlid…', 'sl…') or an SL-to-VL table"
                        + " ('# SL2VL table: Lid N' or 'Switch 0x…, base LID N'), found '\(ForwardingTableParser.clip(probe.word()))'")
            }
            dump.laneTables.append(try Self.row(&cursor, lid: lid, location: location, lineStart: lines.start))
            count += 1
        }
        dump.files.append(file)
    }

    /// The LID of an SL-to-VL table header (`# SL2VL table: Lid N` or `Switch 0x…, base LID N, "name"`), nil for
    /// another line.
    private static func tableHeader(_ cursor: inout TokenCursor, location: SourceLocation) throws(ObservedError) -> Int32? {
        var probe = cursor
        if probe.take(word: "# SL2VL table:") {
            probe.skipSpaces()
            let named = probe.take(word: "Lid")
            probe.skipSpaces()
            guard named, let lid = probe.decimal(), lid <= 0xffff else { throw .malformed(location, "SL-to-VL table header without 'Lid N'") }
            return Int32(lid)
        }
        guard probe.take(word: "Switch 0x") || probe.take(word: "Channel Adapter 0x") || probe.take(word: "Router 0x") else { return nil }
        while !probe.atEnd, !probe.take(word: "base LID") { probe.index += 1 }
        probe.skipSpaces()
        guard let lid = probe.decimal(), lid <= 0xffff else { throw .malformed(location, "SL-to-VL table header without 'base LID N'") }
        return Int32(lid)
    }

    /// One SL-to-VL row: `ports: in I, out O: | v| v|…|` or `I O : v v …` (16 lanes).
    private static func row(_ cursor: inout TokenCursor, lid: Int32, location: SourceLocation, lineStart: Int) throws(ObservedError)
        -> ForwardingDump.LaneTable
    {
        func here() -> SourceLocation { SourceLocation(file: location.file, line: location.line, column: cursor.column(from: lineStart)) }
        let smp = cursor.take(word: "ports:")
        cursor.skipSpaces()
        if smp { _ = cursor.take(word: "in") }
        cursor.skipSpaces()
        guard let inPort = cursor.decimal(), inPort <= 254 else { throw .malformed(here(), "expected the input port (0-254) of an SL-to-VL row") }
        cursor.skipSpaces()
        if smp {
            _ = cursor.take(0x2C)
            cursor.skipSpaces()
            _ = cursor.take(word: "out")
            cursor.skipSpaces()
        }
        guard let outPort = cursor.decimal(), outPort <= 254 else { throw .malformed(here(), "expected the output port (0-254) of an SL-to-VL row") }
        cursor.skipSpaces()
        guard cursor.take(0x3A) else { throw .malformed(here(), "expected ':' before the 16 lanes of an SL-to-VL row") }
        var lanes: [UInt8] = []
        while lanes.count < 16 {
            while cursor.current == 0x20 || cursor.current == 0x09 || cursor.current == 0x7C { cursor.index += 1 }
            guard let lane = cursor.decimal(), lane <= 15 else {
                throw .malformed(here(), "expected 16 lanes (0-15) in the SL-to-VL row, found \(lanes.count)")
            }
            lanes.append(UInt8(lane))
        }
        return ForwardingDump.LaneTable(lid: lid, inPort: Int32(inPort), outPort: Int32(outPort), lanes: lanes, location: location)
    }
}

/// The fields of a path record read so far.
private struct PartialRecord {
    var sourceLID: Int32?
    var destinationLID: Int32?
    var serviceLevel: UInt8?
    var done = false

    /// Reads a `name....value` field line; false when the line is not one.
    mutating func field(_ cursor: inout TokenCursor, location: SourceLocation, lineStart: Int) throws(ObservedError) -> Bool {
        let from = cursor.index
        let name = cursor.wordUntilDots()
        guard !name.isEmpty, cursor.current == 0x2E else {
            cursor.index = from
            return false
        }
        while cursor.current == 0x2E { cursor.index += 1 }
        let at = SourceLocation(file: location.file, line: location.line, column: cursor.column(from: lineStart))
        switch name {
        case "slid", "dlid":
            guard let value = cursor.numberValue(), value <= 0xffff else { throw .malformed(at, "expected a LID (0-65535) for '\(name)'") }
            if name == "slid" { sourceLID = Int32(value) } else { destinationLID = Int32(value) }
        case "sl":
            guard let value = cursor.numberValue(), value <= 15 else { throw .malformed(at, "expected a service level (0-15) for 'sl'") }
            if serviceLevel == nil { serviceLevel = UInt8(value) }
        default:
            break
        }
        return true
    }

    /// The record once its LIDs and SL are known (once per record).
    mutating func complete(at location: SourceLocation) -> ForwardingDump.PathLane? {
        guard !done, let sourceLID, let destinationLID, let serviceLevel else { return nil }
        done = true
        return ForwardingDump.PathLane(sourceLID: sourceLID, destinationLID: destinationLID, serviceLevel: serviceLevel, location: location)
    }
}

extension TokenCursor {
    /// Letters, digits and underscores up to the first dot.
    mutating func wordUntilDots() -> String {
        let from = index
        while index < end, bytes[index] != 0x2E, bytes[index] != 0x20, bytes[index] != 0x09 { index += 1 }
        return String(decoding: bytes[from..<index], as: UTF8.self)
    }

    /// A decimal number, or a hex one after `0x`.
    mutating func numberValue() -> UInt64? {
        if index + 1 < end, bytes[index] == 0x30, bytes[index + 1] == 0x78 || bytes[index + 1] == 0x58 { return hex() }
        return decimal().map { UInt64($0) }
    }
}
