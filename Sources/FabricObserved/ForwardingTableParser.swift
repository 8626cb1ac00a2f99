import FabricModel

/// Unicast linear forwarding tables as the InfiniBand tools print them, before they are mapped onto a design.
public struct ForwardingDump: Sendable {
    /// One entry: packets to `lid` leave on `port` (0: the switch itself).
    public struct Entry: Sendable, Equatable {
        /// Destination LID.
        public var lid: Int32
        /// Output port.
        public var port: Int32
        /// The destination's node description as the dump names it (empty when absent).
        public var destinationName: String
        /// The line of the entry.
        public var line: Int32
    }

    /// One switch's table.
    public struct Table: Sendable {
        /// The switch's node GUID.
        public var guid: UInt64
        /// The switch's LID when the header names it, -1 otherwise.
        public var lid: Int32
        /// The switch's node description (empty when absent).
        public var name: String
        /// The table header's location.
        public var location: SourceLocation
        /// Entries in file order.
        public var entries: [Entry]
    }

    /// Tables in file order.
    public var tables: [Table] = []
    /// Files read.
    public var files: [String] = []
    /// Path records (route service levels) in file order.
    public var pathLanes: [PathLane] = []
    /// SL-to-VL table rows in file order.
    public var laneTables: [LaneTable] = []

    /// Creates an empty dump.
    public init() {}
}

/// Reads unicast forwarding tables: `dump_lfts` / `ibroute` output (infiniband-diags: a header `Unicast lids [0x0-0x24]
/// of switch Lid 21 guid 0x… (name):` or `… of switch DR path slid 0; dlid 0; 0,1 guid 0x… (name):`, then lines
/// `0x0001 003 : (Channel Adapter portguid 0x…: 'name')`), OpenSM's dump file `opensm-lfts.dump` (header `Unicast lids
/// [0-36] of switch Lid 2 guid 0x… ('name'):`, lines `0x0001 003 # Channel Adapter portguid 0x…: 'name'`) and OpenSM's
/// older `opensm.fdbs` (`dump_ucast_routes: Switch 0x…`, lines `0x0001 : 003 : 04 : yes`). Port 255 is no entry.
public struct ForwardingTableParser: Sendable {
    /// Longest line accepted, in bytes.
    public var maximumLineLength = 1 << 16
    /// Most entries accepted over all files (a hostile file gets a located error, not unbounded memory).
    public var maximumEntries = 1 << 28

    /// Creates a parser.
    public init() {}

    /// Whether a buffer is a forwarding-table dump: its first line that is neither blank nor a `#` comment opens a
    /// table or is the `dump_lfts` deprecation banner.
    public static func detect(_ bytes: [UInt8]) -> Bool {
        var lines = LineCursor(bytes)
        var checked = 0
        while lines.advance(), checked < 10_000 {
            checked += 1
            var cursor = TokenCursor(bytes, from: lines.start, to: lines.end)
            cursor.skipSpaces()
            guard let first = cursor.current, first != 0x23 else { continue }
            for word in ["Unicast lids", "dump_ucast_routes:", "*** WARNING ***"] {
                var probe = cursor
                if probe.take(word: word) { return true }
            }
            return false
        }
        return false
    }

    /// Parses one file's tables into `dump`.
    /// - Throws: `ObservedError.malformed` with the line and column of the first line that is not part of the format.
    /// - Complexity: O(bytes).
    public func parse(_ bytes: [UInt8], file: String, into dump: inout ForwardingDump) throws(ObservedError) {
        var lines = LineCursor(bytes)
        var current: Int?
        var total = dump.tables.reduce(0) { $0 + $1.entries.count }
        while lines.advance() {
            let location = SourceLocation(file: file, line: lines.number, column: 1)
            guard lines.end - lines.start <= maximumLineLength else { throw .tooLarge(location, "line longer than \(maximumLineLength) bytes") }
            var cursor = TokenCursor(bytes, from: lines.start, to: lines.end)
            cursor.skipSpaces()
            guard let first = cursor.current, first != 0x23 else { continue }
            func here() -> SourceLocation { SourceLocation(file: file, line: lines.number, column: cursor.column(from: lines.start)) }
            if cursor.take(word: "Unicast lids") || cursor.take(word: "dump_ucast_routes:") {
                dump.tables.append(try header(&cursor, location: location, lineStart: lines.start))
                current = dump.tables.count - 1
                continue
            }
            if cursor.take(word: "0x") || cursor.take(word: "0X") {
                guard let table = current else {
                    throw .malformed(location, "forwarding entry outside a switch's table (no 'Unicast lids … of switch' header before it)")
                }
                guard let lid = cursor.hex(), lid <= 0xffff else { throw .malformed(here(), "expected a LID of at most 4 hex digits") }
                cursor.skipSpaces()
                _ = cursor.take(0x3A)
                cursor.skipSpaces()
                guard let port = cursor.decimal(), port <= 255 else {
                    throw .malformed(here(), "expected the output port (0-254, 255 for none) after LID \(Self.hex(Int32(lid)))")
                }
                total += 1
                guard total <= maximumEntries else { throw .tooLarge(location, "more than \(maximumEntries) forwarding entries") }
                if port == 255 { continue }
                dump.tables[table].entries.append(
                    ForwardingDump.Entry(
                        lid: Int32(lid), port: Int32(port), destinationName: Self.quotedName(&cursor),
                        line: Int32(truncatingIfNeeded: lines.number)))
                continue
            }
            if Self.isChatter(&cursor) { continue }
            var probe = cursor
            throw .malformed(
                location,
                "expected a forwarding table header ('Unicast lids … of switch … guid 0x…') or an entry ('0x0001 003 …'),"
                    + " found '\(Self.clip(probe.word()))'")
        }
        dump.files.append(file)
    }

    /// The rest of a table header: `guid 0x…`, optionally `Lid N` before it and the name after it.
    /// (`lineStart` locates errors; a closure reading the cursor while it is borrowed here would violate exclusivity,
    /// as a fuzzed header without a GUID showed.)
    private func header(_ cursor: inout TokenCursor, location: SourceLocation, lineStart: Int) throws(ObservedError) -> ForwardingDump.Table {
        var guid: UInt64?
        var lid: Int32 = -1
        var name = ""
        while !cursor.atEnd {
            cursor.skipSpaces()
            if cursor.take(word: "Lid ") {
                cursor.skipSpaces()
                lid = cursor.decimal().map { Int32($0) } ?? -1
            } else if cursor.take(word: "guid ") || cursor.take(word: "Switch ") {
                cursor.skipSpaces()
                guard let value = cursor.hex() else {
                    throw .malformed(
                        SourceLocation(file: location.file, line: location.line, column: cursor.column(from: lineStart)),
                        "expected the switch GUID (0x…)")
                }
                guid = value
                cursor.skipSpaces()
                if cursor.take(0x28) {
                    name = cursor.quoted(0x27) ?? Self.untilClose(&cursor)
                }
                break
            } else {
                _ = cursor.word()
            }
        }
        guard let guid else { throw .malformed(location, "table header without the switch's 'guid 0x…'") }
        return ForwardingDump.Table(guid: guid, lid: lid, name: name, location: location, entries: [])
    }

    /// Lines the tools print around tables: column headings, totals, warnings.
    private static func isChatter(_ cursor: inout TokenCursor) -> Bool {
        for word in ["Lid ", "Port ", "LID ", "*** WARNING ***"] {
            var probe = cursor
            if probe.take(word: word) { return true }
        }
        var probe = cursor
        if probe.decimal() != nil {
            probe.skipSpaces()
            if probe.take(word: "valid lids dumped") || probe.take(word: "lids dumped") { return true }
        }
        return false
    }

    /// The destination's name: the text between the last pair of single quotes on the line, empty when none.
    private static func quotedName(_ cursor: inout TokenCursor) -> String {
        var open = -1
        var close = -1
        var index = cursor.index
        while index < cursor.end {
            if cursor.bytes[index] == 0x27 {
                if open < 0 || close >= 0 {
                    open = index
                    close = -1
                } else {
                    close = index
                }
            }
            index += 1
        }
        guard open >= 0, close > open else { return "" }
        return String(decoding: cursor.bytes[(open + 1)..<close], as: UTF8.self)
    }

    /// Text up to a closing parenthesis (dump_lfts prints names unquoted).
    private static func untilClose(_ cursor: inout TokenCursor) -> String {
        let from = cursor.index
        var last = cursor.end
        var index = cursor.index
        while index < cursor.end {
            if cursor.bytes[index] == 0x29 { last = index }
            index += 1
        }
        cursor.index = cursor.end
        return String(decoding: cursor.bytes[from..<last], as: UTF8.self)
    }

    static func hex(_ lid: Int32) -> String {
        let digits = String(lid, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func clip(_ text: String) -> String { text.count > 40 ? String(text.prefix(40)) + "…" : text }
}
