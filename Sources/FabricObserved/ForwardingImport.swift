import FabricModel
import Foundation

/// Forwarding tables read from files and mapped onto a design (`--forwarding-tables`).
public struct ForwardingImport: Sendable {
    /// The tables in design terms.
    public var state: ForwardingState
    /// Errors and warnings met while mapping: tables of switches that are not in the design, addresses that name no
    /// device of the design, entries on ports without a cable of the design (each located at its line).
    public var diagnostics: [Diagnostic]

    /// Reads `files` (forwarding-table dumps and `ibnetdiscover` output, told apart by content) and maps the tables
    /// onto `design`: switches by GUID through the `ibnetdiscover` output and `verify`'s matching (`DesignMatcher`),
    /// destination LIDs by the LIDs `ibnetdiscover` prints (else by the node description the dump prints), output ports
    /// through the cables `ibnetdiscover` reports.
    /// - Throws: `ObservedError` when a file cannot be read or parsed, or when no dump or no topology is given.
    /// - Complexity: O(bytes + design + rows × columns).
    public static func read(files: [String], design: Topology) throws(ObservedError) -> ForwardingImport {
        var dump = ForwardingDump()
        var fabric: ObservedFabric?
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw .unreadable(file, (error as NSError).localizedDescription)
            }
            try read(bytes, file: file, dump: &dump, fabric: &fabric)
        }
        guard !dump.tables.isEmpty else {
            throw .malformed(
                SourceLocation(file: files.first ?? "<none>", line: 0, column: 0),
                "no forwarding table among the --forwarding-tables files (give dump_lfts, ibroute or opensm-lfts.dump output)")
        }
        guard let fabric else {
            throw .malformed(
                SourceLocation(file: dump.files.first ?? "<none>", line: 0, column: 0),
                "the forwarding tables need the ibnetdiscover output of the same fabric to map ports onto cables; add it to --forwarding-tables")
        }
        return map(dump: dump, fabric: fabric, design: design)
    }

    /// Reads one buffer: a dump goes to `dump`, `ibnetdiscover` output (either form) to `fabric`.
    /// - Throws: `ObservedError` for a buffer of neither kind or one that does not parse.
    public static func read(_ bytes: [UInt8], file: String, dump: inout ForwardingDump, fabric: inout ObservedFabric?) throws(ObservedError) {
        if ForwardingTableParser.detect(bytes) {
            try ForwardingTableParser().parse(bytes, file: file, into: &dump)
            return
        }
        if LaneDataParser.detect(bytes) {
            try LaneDataParser().parse(bytes, file: file, into: &dump)
            return
        }
        switch ObservedReader.detect(bytes) {
        case .ibnetdiscover?, .ibnetdiscoverPorts?:
            try ObservedReader().read(bytes, file: file, into: &fabric)
        default:
            throw .malformed(
                SourceLocation(file: file, line: 1, column: 1),
                "neither a forwarding-table dump (dump_lfts, ibroute, opensm-lfts.dump), nor lane data (saquery -p path records,"
                    + " smpquery sl2vl, opensm-sl2vl.dump), nor ibnetdiscover output")
        }
    }

    /// Maps parsed tables onto a design (see `read(files:design:)`).
    /// - Complexity: O(design + observed + rows × columns).
    public static func map(dump: ForwardingDump, fabric: ObservedFabric, design: Topology) -> ForwardingImport {
        var mapper = Mapper(dump: dump, fabric: fabric, design: design)
        mapper.assignColumns()
        for table in dump.tables { mapper.addRow(table) }
        let rows = mapper.rowLocations.count
        let columns = mapper.destinations.count
        let lanes = dump.pathLanes.isEmpty && dump.laneTables.isEmpty ? nil : mapper.lanes()
        let laneText =
            lanes.map {
                "; lanes: \(dump.pathLanes.count) path record\(dump.pathLanes.count == 1 ? "" : "s"),"
                    + " SL-to-VL of \($0.hops.count) switch port pair\($0.hops.count == 1 ? "" : "s")\($0.hops.isEmpty ? " (SL s on VL s)" : "")"
            } ?? ""
        let summary =
            "forwarding tables of \(rows) switch\(rows == 1 ? "" : "es") toward \(columns) LID\(columns == 1 ? "" : "s")"
            + " from \(dump.files.joined(separator: ", "))\(laneText)"
        var state = ForwardingState(
            deviceCount: design.devices.count, linkCount: design.links.count, destinations: mapper.destinations,
            addresses: mapper.addresses, rowOf: mapper.rowOf, nextLink: mapper.nextLink,
            rowLocations: mapper.rowLocations, summary: summary)
        state.lanes = lanes
        return ForwardingImport(state: state, diagnostics: mapper.diagnostics)
    }

    static func guidText(_ guid: UInt64) -> String { "0x" + IBNetDiscoverParser.guidKey(guid) }
}

/// The state of one mapping: look-ups from the observed fabric and the matched design, and the table built so far.
private struct Mapper {
    let dump: ForwardingDump
    let design: Topology
    let match: VerifyResult
    var diagnostics: [Diagnostic] = []
    var observedByGUID: [UInt64: Int32] = [:]
    var observedByLID: [Int32: Int32] = [:]
    var observedByName: [String: Int32] = [:]
    /// (observed device << 20 | port) -> design link, or `outsideDesign` for a cable the design does not have.
    var linkOfPort: [Int64: Int32] = [:]
    var columnOfLID: [Int32: Int32] = [:]
    var destinations: [Int32] = []
    var addresses: [Int32] = []
    var rowOf: [Int32]
    var rowLocations: [SourceLocation] = []
    var nextLink: [Int32] = []

    init(dump: ForwardingDump, fabric: ObservedFabric, design: Topology) {
        self.dump = dump
        self.design = design
        match = DesignMatcher().match(design: design, observed: fabric)
        rowOf = [Int32](repeating: -1, count: design.devices.count)
        for (index, device) in fabric.devices.enumerated() {
            if device.guid != 0 { observedByGUID[device.guid] = Int32(index) }
            if device.lid > 0 { observedByLID[device.lid] = Int32(index) }
            if !device.name.isEmpty, observedByName[device.name] == nil { observedByName[device.name] = Int32(index) }
        }
        for (index, link) in fabric.links.enumerated() {
            let designLink = match.designLinkOfObserved[index]
            for end in [link.a, link.b] {
                guard let port = Int64(end.port) else { continue }
                linkOfPort[Int64(end.device) << 20 | port] = designLink >= 0 ? designLink : ForwardingState.outsideDesign
            }
        }
    }

    /// The design device of a LID: by the LID ibnetdiscover printed, else by the node description in the dump.
    func designDevice(lid: Int32, name: String) -> Int32 {
        if let observed = observedByLID[lid] { return match.designDeviceOfObserved[Int(observed)] }
        if !name.isEmpty, let observed = observedByName[name] { return match.designDeviceOfObserved[Int(observed)] }
        if !name.isEmpty, let device = design.deviceIndex(forID: name) { return device }
        return -1
    }

    func at(_ table: ForwardingDump.Table, _ entry: ForwardingDump.Entry) -> SourceLocation {
        SourceLocation(file: table.location.file, line: Int(entry.line), column: 1)
    }

    /// One column per LID that some entry names and that maps onto a design device.
    mutating func assignColumns() {
        var unknown = Set<Int32>()
        for table in dump.tables {
            for entry in table.entries where columnOfLID[entry.lid] == nil && !unknown.contains(entry.lid) {
                let device = designDevice(lid: entry.lid, name: entry.destinationName)
                guard device >= 0 else {
                    unknown.insert(entry.lid)
                    let named = entry.destinationName.isEmpty ? "" : " ('\(entry.destinationName)')"
                    let message = "LID \(ForwardingTableParser.hex(entry.lid))\(named) is no device of the design: routes to it are not analysed"
                    diagnostics.append(Diagnostic(.error, message, at: at(table, entry), code: "forwarding.unknown-destination"))
                    continue
                }
                columnOfLID[entry.lid] = Int32(destinations.count)
                destinations.append(device)
                addresses.append(entry.lid)
            }
        }
    }

    /// The row of one switch's table: each entry's design link, `local`, or `outsideDesign` with an error.
    mutating func addRow(_ table: ForwardingDump.Table) {
        guard let observed = observedByGUID[table.guid], match.designDeviceOfObserved[Int(observed)] >= 0 else {
            let named = table.name.isEmpty ? "" : " ('\(table.name)')"
            diagnostics.append(
                Diagnostic(
                    .error,
                    "switch \(ForwardingImport.guidText(table.guid))\(named) is not a device of the design"
                        + " (not in the ibnetdiscover output, or matched to none): its table is ignored",
                    at: table.location, code: "forwarding.unknown-switch"))
            return
        }
        let device = Int(match.designDeviceOfObserved[Int(observed)])
        let id = design.devices[device].id
        guard rowOf[device] < 0 else {
            diagnostics.append(
                Diagnostic(
                    .error, "a second table for switch '\(id)': the first one is used",
                    at: table.location, code: "forwarding.duplicate-table"))
            return
        }
        rowOf[device] = Int32(rowLocations.count)
        rowLocations.append(table.location)
        let base = nextLink.count
        nextLink += [Int32](repeating: ForwardingState.noEntry, count: destinations.count)
        for entry in table.entries {
            guard let column = columnOfLID[entry.lid] else { continue }
            if entry.port == 0 {
                nextLink[base + Int(column)] = ForwardingState.local
                continue
            }
            let link = linkOfPort[Int64(observed) << 20 | Int64(entry.port)]
            nextLink[base + Int(column)] = link ?? ForwardingState.outsideDesign
            guard link == nil || link == ForwardingState.outsideDesign else { continue }
            let why = link == nil ? "which has no cable" : "whose cable is not in the design"
            diagnostics.append(
                Diagnostic(
                    .error,
                    "switch '\(id)' forwards LID \(ForwardingTableParser.hex(entry.lid)) on port \(entry.port), \(why):"
                        + " the route leaves the design", at: at(table, entry), code: "forwarding.leaves-design"))
        }
    }
}

extension Mapper {
    /// The routes' SLs (path records) and the switches' SL-to-VL rows in design terms. Records and rows naming LIDs or
    /// ports outside the design are left out with one warning each kind; pairs without a record get a warning (SL 0).
    /// - Complexity: O(records + rows log rows + endpoints × columns).
    mutating func lanes() -> ForwardingLanes {
        let columns = destinations.count
        var sourceRow = [Int32](repeating: -1, count: design.devices.count)
        var endpoints: [Int32] = []
        for device in destinations where rowOf[Int(device)] < 0 && sourceRow[Int(device)] < 0 {
            sourceRow[Int(device)] = Int32(endpoints.count)
            endpoints.append(device)
        }
        var levels = [UInt16](repeating: 0, count: endpoints.count * columns)
        var outside: ForwardingDump.PathLane?
        for record in dump.pathLanes {
            let source = designDevice(lid: record.sourceLID, name: "")
            guard source >= 0, sourceRow[Int(source)] >= 0, let column = columnOfLID[record.destinationLID] else {
                outside = outside ?? record
                continue
            }
            levels[Int(sourceRow[Int(source)]) * columns + Int(column)] |= 1 << UInt16(record.serviceLevel)
        }
        if let outside {
            diagnostics.append(
                Diagnostic(
                    .warning,
                    "path record from LID \(ForwardingTableParser.hex(outside.sourceLID)) to \(ForwardingTableParser.hex(outside.destinationLID))"
                        + " names an endpoint outside the design (or a switch): such records are ignored",
                    at: outside.location, code: "forwarding.lanes-unknown-path"))
        }
        if !dump.pathLanes.isEmpty { warnMissingRecords(levels, endpoints: endpoints) }
        let (hops, hopLanes) = laneHops()
        return ForwardingLanes(sourceRow: sourceRow, serviceLevels: levels, hops: hops, hopLanes: hopLanes)
    }

    /// One warning counting endpoint pairs without a path record.
    private mutating func warnMissingRecords(_ levels: [UInt16], endpoints: [Int32]) {
        let columns = destinations.count
        var missing = 0
        for (row, source) in endpoints.enumerated() {
            for column in 0..<columns where destinations[column] != source && rowOf[Int(destinations[column])] < 0 {
                if levels[row * columns + column] == 0 { missing += 1 }
            }
        }
        guard missing > 0, let first = dump.pathLanes.first else { return }
        diagnostics.append(
            Diagnostic(
                .warning, "\(missing) route\(missing == 1 ? "" : "s") between endpoints have no path record: SL 0 is assumed for them",
                at: SourceLocation(file: first.location.file, line: 0, column: 0), code: "forwarding.lanes-missing-path"))
    }

    /// The SL-to-VL rows of switches of the design, keyed by (device, in link, out link), sorted; the first row of a
    /// duplicate key is kept.
    private mutating func laneHops() -> ([ForwardingLanes.Hop], [UInt8]) {
        var keyed: [(ForwardingLanes.Hop, Int)] = []
        var outside: ForwardingDump.LaneTable?
        for (index, row) in dump.laneTables.enumerated() {
            guard let observed = observedByLID[row.lid] else {
                outside = outside ?? row
                continue
            }
            // Rows of endpoints (a host's own SL-to-VL table) and of switches without a table do not route.
            let device = match.designDeviceOfObserved[Int(observed)]
            guard device >= 0, rowOf[Int(device)] >= 0 else { continue }
            let inLink = row.inPort == 0 ? -1 : linkOfPort[Int64(observed) << 20 | Int64(row.inPort)] ?? ForwardingState.outsideDesign
            let outLink = linkOfPort[Int64(observed) << 20 | Int64(row.outPort)] ?? ForwardingState.outsideDesign
            guard inLink != ForwardingState.outsideDesign, outLink >= 0 else { continue }
            keyed.append((ForwardingLanes.Hop(device: device, inLink: inLink, outLink: outLink), index))
        }
        if let outside {
            diagnostics.append(
                Diagnostic(
                    .warning, "SL-to-VL table of LID \(ForwardingTableParser.hex(outside.lid)), which no device of the ibnetdiscover output has: ignored",
                    at: outside.location, code: "forwarding.lanes-unknown-switch"))
        }
        keyed.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var hops: [ForwardingLanes.Hop] = []
        var lanes: [UInt8] = []
        for (hop, index) in keyed where hops.last != hop {
            hops.append(hop)
            lanes += dump.laneTables[index].lanes
        }
        return (hops, lanes)
    }
}
