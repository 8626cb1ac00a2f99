import FabricModel

/// Reads `ibnetdiscover` output (the default topology text and `-p`/`--ports`) into an `ObservedFabric`.
///
/// Default output: node records separated by blank lines; each record has `vendid=`/`devid=`/`sysimgguid=`/
/// `switchguid=`|`caguid=`|`routerguid=` lines, a header `Switch|Ca|Rt PORTS "S-…|H-…|R-…" # "description" … lid N`,
/// then one line per connected port: `[1](portguid) "H-…"[1](portguid) # "remote description" lid N 4xNDR`
/// (`[ext N]` after a port number is accepted). ibsim net files (`Hca`, names instead of GUID ids) read the same way.
/// A cable printed from both ends is one link. The `-p` form has lines
/// `SW LID PORT GUID 4x NDR - CA LID PORT GUID ( 'local' - 'remote' )`.
public struct IBNetDiscoverParser: Sendable {
    /// Longest line accepted, in bytes (hostile input gets a located error instead of unbounded work).
    public var maximumLineLength = 1 << 16

    /// Creates a parser.
    public init() {}

    /// Parses default (topology) output. `fabric` receives devices and links; its `files` gets `file` appended.
    /// - Complexity: O(bytes) expected (one dictionary look-up per port line).
    public func parseTopology(_ bytes: [UInt8], file: String, into fabric: inout ObservedFabric) throws(ObservedError) {
        var state = Builder(fabric: fabric, file: file)
        var lines = LineCursor(bytes)
        var current: Int32 = -1
        var pendingGUID: UInt64 = 0
        while lines.advance() {
            let location = SourceLocation(file: file, line: lines.number, column: 1)
            guard lines.end - lines.start <= maximumLineLength else {
                throw .tooLarge(location, "line longer than \(maximumLineLength) bytes")
            }
            var cursor = TokenCursor(bytes, from: lines.start, to: lines.end)
            cursor.skipSpaces()
            guard let first = cursor.current else {
                current = -1
                continue
            }
            if first == 0x23 { continue }  // '#'
            if first == 0x5B {  // '['
                guard current >= 0 else { throw .malformed(location, "port line outside a Switch/Ca/Rt record") }
                try state.portLine(&cursor, device: current, lineStart: lines.start, line: lines.number)
                continue
            }
            if cursor.take(word: "vendid=") || cursor.take(word: "devid=") || cursor.take(word: "sysimgguid=") { continue }
            if cursor.take(word: "switchguid=") || cursor.take(word: "caguid=") || cursor.take(word: "routerguid=") {
                guard let guid = cursor.hex() else {
                    throw .malformed(SourceLocation(file: file, line: lines.number, column: cursor.column(from: lines.start)), "expected a hexadecimal GUID")
                }
                pendingGUID = guid
                continue
            }
            let kind: ObservedNodeKind
            if cursor.take(word: "Switch") {
                kind = .switch
            } else if cursor.take(word: "Hca") || cursor.take(word: "Ca") {
                kind = .channelAdapter
            } else if cursor.take(word: "Rt") {
                kind = .router
            } else {
                let word = cursor.word()
                throw .malformed(location, "expected a node header (Switch, Ca, Rt), a [port] line or a GUID line, found '\(Self.clip(word))'")
            }
            cursor.skipSpaces()
            guard let ports = cursor.decimal(), ports <= 65535 else {
                throw .malformed(
                    SourceLocation(file: file, line: lines.number, column: cursor.column(from: lines.start)), "expected the port count after the node type")
            }
            cursor.skipSpaces()
            guard let key = cursor.quoted() else {
                throw .malformed(
                    SourceLocation(file: file, line: lines.number, column: cursor.column(from: lines.start)), "expected the quoted node id (\"S-…\" or \"H-…\")"
                )
            }
            var description: String?
            var lid: Int32 = -1
            cursor.skipSpaces()
            if cursor.take(0x23) {
                cursor.skipSpaces()
                description = cursor.quoted()
                lid = Self.lid(after: &cursor)
            }
            current = state.device(
                key: key, description: description, kind: kind, guid: pendingGUID, lid: lid,
                ports: Int32(ports), line: lines.number, header: true)
            pendingGUID = 0
        }
        fabric = state.fabric
        fabric.files.append(file)
    }

    /// Parses `ibnetdiscover -p` output.
    /// - Complexity: O(bytes) expected.
    public func parsePorts(_ bytes: [UInt8], file: String, into fabric: inout ObservedFabric) throws(ObservedError) {
        var state = Builder(fabric: fabric, file: file)
        var lines = LineCursor(bytes)
        while lines.advance() {
            let location = SourceLocation(file: file, line: lines.number, column: 1)
            guard lines.end - lines.start <= maximumLineLength else {
                throw .tooLarge(location, "line longer than \(maximumLineLength) bytes")
            }
            var cursor = TokenCursor(bytes, from: lines.start, to: lines.end)
            cursor.skipSpaces()
            guard let first = cursor.current, first != 0x23 else { continue }
            func column() -> SourceLocation { SourceLocation(file: file, line: lines.number, column: cursor.column(from: lines.start)) }
            func end(_ cursor: inout TokenCursor) throws(ObservedError) -> (kind: ObservedNodeKind, lid: Int32, port: Int, guid: UInt64) {
                let type = cursor.word()
                let kind: ObservedNodeKind
                switch type {
                case "SW": kind = .switch
                case "CA": kind = .channelAdapter
                case "RT": kind = .router
                default:
                    throw .malformed(
                        SourceLocation(file: file, line: lines.number, column: cursor.column(from: lines.start)),
                        "expected SW, CA or RT, found '\(Self.clip(type))'")
                }
                cursor.skipSpaces()
                guard let lid = cursor.decimal() else {
                    throw .malformed(SourceLocation(file: file, line: lines.number, column: cursor.column(from: lines.start)), "expected the LID")
                }
                cursor.skipSpaces()
                guard let port = cursor.decimal(), port <= 65535 else {
                    throw .malformed(SourceLocation(file: file, line: lines.number, column: cursor.column(from: lines.start)), "expected the port number")
                }
                cursor.skipSpaces()
                guard let guid = cursor.hex() else {
                    throw .malformed(SourceLocation(file: file, line: lines.number, column: cursor.column(from: lines.start)), "expected the GUID")
                }
                cursor.skipSpaces()
                return (kind, Int32(truncatingIfNeeded: lid), port, guid)
            }
            let local = try end(&cursor)
            // Width and speed: `4x NDR` (or `4xNDR`).
            var widthWord = cursor.word()
            cursor.skipSpaces()
            if widthWord.hasSuffix("x") { widthWord += cursor.word() }
            cursor.skipSpaces()
            let rate = InfiniBandRate.parse(widthWord)
            guard cursor.take(0x2D) else {
                // Unconnected port: `'description'` follows.
                let description = cursor.quoted(0x27)
                _ = state.device(
                    key: Self.guidKey(local.guid), description: description, kind: local.kind, guid: local.guid,
                    lid: local.lid, ports: -1, line: lines.number, header: true)
                continue
            }
            cursor.skipSpaces()
            let remote = try end(&cursor)
            guard cursor.take(0x28) else { throw .malformed(column(), "expected ( 'local' - 'remote' ) after the remote GUID") }
            cursor.skipSpaces()
            let localDescription = cursor.quoted(0x27)
            cursor.skipSpaces()
            _ = cursor.take(0x2D)
            cursor.skipSpaces()
            let remoteDescription = cursor.quoted(0x27)
            let a = state.device(
                key: Self.guidKey(local.guid), description: localDescription, kind: local.kind, guid: local.guid,
                lid: local.lid, ports: -1, line: lines.number, header: true)
            let b = state.device(
                key: Self.guidKey(remote.guid), description: remoteDescription, kind: remote.kind, guid: remote.guid,
                lid: remote.lid, ports: -1, line: lines.number, header: true)
            state.link(a: a, aPort: local.port, b: b, bPort: remote.port, rate: rate, line: lines.number)
        }
        fabric = state.fabric
        fabric.files.append(file)
    }

    static func guidKey(_ guid: UInt64) -> String {
        let hex = String(guid, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    static func clip(_ text: String) -> String { text.count > 40 ? String(text.prefix(40)) + "…" : text }

    /// Reads `lid N` somewhere after the cursor (the first one), -1 when absent.
    static func lid(after cursor: inout TokenCursor) -> Int32 {
        while !cursor.atEnd {
            cursor.skipSpaces()
            if cursor.take(word: "lid") {
                cursor.skipSpaces()
                return cursor.decimal().map { Int32($0) } ?? -1
            }
            _ = cursor.word()
        }
        return -1
    }

    /// Accumulates devices and de-duplicated links while a file is read.
    struct Builder {
        var fabric: ObservedFabric
        let file: String
        var deviceByKey: [String: Int32] = [:]
        /// (device << 20 | port) -> link index, for both ends of every link.
        var linkByEnd: [Int64: Int32] = [:]

        init(fabric: ObservedFabric, file: String) {
            self.fabric = fabric
            self.file = file
            for (index, device) in fabric.devices.enumerated() { deviceByKey[device.key] = Int32(index) }
            for (index, link) in fabric.links.enumerated() {
                if let a = Int64(link.a.port), let b = Int64(link.b.port) {
                    linkByEnd[Int64(link.a.device) << 20 | a] = Int32(index)
                    linkByEnd[Int64(link.b.device) << 20 | b] = Int32(index)
                }
            }
        }

        /// The index of the device with this id, creating it; a header's description and GUID win over a port line's.
        mutating func device(
            key: String, description: String?, kind: ObservedNodeKind, guid: UInt64, lid: Int32, ports: Int32,
            line: Int, header: Bool
        ) -> Int32 {
            if let index = deviceByKey[key] {
                if header {
                    let slot = Int(index)
                    if let description { fabric.devices[slot].name = description }
                    if guid != 0 { fabric.devices[slot].guid = guid }
                    if lid >= 0, fabric.devices[slot].lid < 0 { fabric.devices[slot].lid = lid }
                    if ports >= 0 { fabric.devices[slot].portCount = ports }
                    if kind != .unknown { fabric.devices[slot].kind = kind }
                    if fabric.devices[slot].location.line == 0 { fabric.devices[slot].location = SourceLocation(file: file, line: line, column: 1) }
                }
                return index
            }
            var identity = guid
            if identity == 0 {
                // `S-2c5eab0300b87b40`: the GUID is in the id.
                var probe = TokenCursor(Array(key.utf8), from: 0, to: key.utf8.count)
                if probe.take(word: "S-") || probe.take(word: "H-") || probe.take(word: "R-"), let value = probe.hex(), probe.atEnd { identity = value }
            }
            let index = Int32(fabric.devices.count)
            fabric.devices.append(
                ObservedDevice(
                    name: description ?? "", key: key, guid: identity, kind: kind, lid: header ? lid : -1,
                    portCount: ports, location: SourceLocation(file: file, line: header ? line : 0, column: header ? 1 : 0)))
            deviceByKey[key] = index
            return index
        }

        /// Records the cable `a:aPort — b:bPort` unless the other end already reported it.
        mutating func link(a: Int32, aPort: Int, b: Int32, bPort: Int, rate: (width: Int32, speed: String)?, line: Int) {
            let aKey = Int64(a) << 20 | Int64(aPort)
            let bKey = Int64(b) << 20 | Int64(bPort)
            if let existing = linkByEnd[bKey] {
                let record = fabric.links[Int(existing)]
                let other = record.a.device == b && record.a.port == String(bPort) ? record.b : record.a
                if other.device == a, other.port == String(aPort) { return }
                fabric.warnings.append(
                    Diagnostic(
                        .warning, "port \(bPort) of '\(label(b))' is reported with two neighbours",
                        at: SourceLocation(file: file, line: line, column: 1), code: "observed.conflicting-neighbour"))
            }
            let bandwidth = rate.flatMap { value in InfiniBandRate.laneGigabits(value.speed).map { Double(value.width) * $0 * 1e9 } }
            let index = Int32(fabric.links.count)
            fabric.links.append(
                ObservedLink(
                    a: ObservedEnd(device: a, port: String(aPort)), b: ObservedEnd(device: b, port: String(bPort)),
                    bandwidth: bandwidth, width: rate?.width ?? 0, speed: rate?.speed ?? "",
                    location: SourceLocation(file: file, line: line, column: 1)))
            if linkByEnd[aKey] == nil { linkByEnd[aKey] = index }
            if linkByEnd[bKey] == nil { linkByEnd[bKey] = index }
        }

        func label(_ device: Int32) -> String {
            let record = fabric.devices[Int(device)]
            return record.name.isEmpty ? record.key : record.name
        }

        /// `[1]` or `[1][ext 1]`, then an optional `(guid)`.
        static func port(_ cursor: inout TokenCursor) -> Int? {
            guard cursor.take(0x5B), let number = cursor.decimal(), number <= 65535, cursor.take(0x5D) else { return nil }
            if cursor.take(word: "[ext") {
                cursor.skipSpaces()
                _ = cursor.decimal()
                guard cursor.take(0x5D) else { return nil }
            }
            if cursor.take(0x28) {
                _ = cursor.hex()
                guard cursor.take(0x29) else { return nil }
            }
            return number
        }

        /// `[1](guid) "H-…"[1](guid) # … "description" lid N 4xNDR`.
        mutating func portLine(_ cursor: inout TokenCursor, device: Int32, lineStart: Int, line: Int) throws(ObservedError) {
            func here() -> SourceLocation { SourceLocation(file: file, line: line, column: cursor.column(from: lineStart)) }
            guard let localPort = Self.port(&cursor) else { throw .malformed(here(), "expected a port number such as [1]") }
            cursor.skipSpaces()
            guard let remoteKey = cursor.quoted() else { throw .malformed(here(), "expected the quoted remote node id") }
            let portStart = cursor.index
            guard let remotePort = Self.port(&cursor) else {
                throw .malformed(
                    SourceLocation(file: file, line: line, column: portStart - lineStart + 1),
                    "expected the remote port number such as [1] after \"\(IBNetDiscoverParser.clip(remoteKey))\"")
            }
            cursor.skipSpaces()
            var description: String?
            var rate: (width: Int32, speed: String)?
            var remoteLID: Int32 = -1
            if cursor.take(0x23) {
                // The remote description is the first quoted string; `lid N` and the rate follow it.
                while !cursor.atEnd {
                    cursor.skipSpaces()
                    if cursor.current == 0x22 {
                        description = cursor.quoted()
                        if description == nil { throw .malformed(here(), "unterminated quoted description") }
                        continue
                    }
                    let word = cursor.word()
                    if word == "lid", description != nil {
                        cursor.skipSpaces()
                        remoteLID = cursor.decimal().map { Int32($0) } ?? -1
                    } else if let parsed = InfiniBandRate.parse(word) {
                        rate = parsed
                    }
                }
            }
            let kind: ObservedNodeKind =
                remoteKey.hasPrefix("S-")
                ? .switch
                : remoteKey.hasPrefix("H-")
                    ? .channelAdapter
                    : remoteKey.hasPrefix("R-") ? .router : .unknown
            let remote = self.device(key: remoteKey, description: description, kind: kind, guid: 0, lid: remoteLID, ports: -1, line: line, header: false)
            if fabric.devices[Int(remote)].name.isEmpty, let description { fabric.devices[Int(remote)].name = description }
            if fabric.devices[Int(remote)].lid < 0, remoteLID >= 0 { fabric.devices[Int(remote)].lid = remoteLID }
            link(a: device, aPort: localPort, b: remote, bPort: remotePort, rate: rate, line: line)
        }
    }
}
