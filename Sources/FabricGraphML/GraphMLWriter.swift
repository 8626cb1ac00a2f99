internal import CLibXML2
import FabricModel

/// Writes fabcheck's native GraphML: every key declared and typed, deterministic bytes, streamed through a
/// fixed 1 MiB buffer into libxml2's output layer (plain, or gzip through zlib for `.gz`; zlib writes a gzip
/// header with mtime 0, so compressed bytes are deterministic too).
///
/// Use it as a `TopologySink` to stream a generated design of any size (only device ids and SRLG names are
/// kept, ~20 bytes each), or call `write(_:to:)` for a `Topology` in memory. Devices are written as `<node>`
/// in order, links as `<edge>` without ids unless the model has them; a link's SRLGs are written by name in
/// ascending index order, so the reader rebuilds the same SRLG numbering (first use).
///
/// Nested graphs are flattened into the one top-level graph (each device keeps its attributes; the nesting
/// itself is not written). Ports are written under their device, nested ports under their parent.
public struct GraphMLWriter: TopologySink {
    public typealias Failure = GraphMLError

    /// Where bytes go: a libxml2 output buffer behind our own buffer.
    final class Output {
        let path: String
        var handle: xmlOutputBufferPtr?
        let buffer: UnsafeMutablePointer<UInt8>
        let capacity = 1 << 20
        var count = 0
        var failed = false

        /// Flushes when fewer than `length` bytes are free; false when `length` exceeds the buffer.
        @inline(__always)
        func reserve(_ length: Int) -> Bool {
            if length > capacity { return false }
            if count + length > capacity { flush() }
            return true
        }

        init(path: String, handle: xmlOutputBufferPtr) {
            self.path = path
            self.handle = handle
            buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        }

        deinit {
            if let handle { xmlOutputBufferClose(handle) }
            buffer.deallocate()
        }

        @inline(__always)
        func byte(_ value: UInt8) {
            if count == capacity { flush() }
            buffer[count] = value
            count += 1
        }

        @inline(__always)
        func bytes(_ source: UnsafeBufferPointer<UInt8>) {
            guard let base = source.baseAddress else { return }
            if count + source.count > capacity {
                flush()
                if source.count > capacity {
                    write(base, source.count)
                    return
                }
            }
            (buffer + count).update(from: base, count: source.count)
            count += source.count
        }

        @inline(__always)
        func ascii(_ text: StaticString) {
            text.withUTF8Buffer { bytes($0) }
        }

        /// Appends a string with XML escaping of `&`, `<`, `>`, `"` and `'`.
        func escaped(_ text: String) {
            var copy = text
            copy.withUTF8 { utf8 in
                var start = 0
                for index in 0..<utf8.count {
                    let replacement: StaticString? =
                        switch utf8[index] {
                        case UInt8(ascii: "&"): "&amp;"
                        case UInt8(ascii: "<"): "&lt;"
                        case UInt8(ascii: ">"): "&gt;"
                        case UInt8(ascii: "\""): "&quot;"
                        case UInt8(ascii: "'"): "&apos;"
                        default: nil
                        }
                    if let replacement {
                        bytes(UnsafeBufferPointer(rebasing: utf8[start..<index]))
                        ascii(replacement)
                        start = index + 1
                    }
                }
                bytes(UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
            }
        }

        /// Appends a decimal integer.
        @inline(__always)
        func integer(_ value: Int) {
            if value < 0 {
                byte(UInt8(ascii: "-"))
                integer(0 &- value)
                return
            }
            var digits:
                (
                    UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                    UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
                ) =
                    (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var rest = UInt(value)
            var length = 0
            withUnsafeMutableBytes(of: &digits) { raw in
                repeat {
                    raw[19 - length] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                    length += 1
                } while rest > 0
                bytes(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[(20 - length)...]))
            }
        }

        func write(_ base: UnsafePointer<UInt8>, _ length: Int) {
            guard let handle, !failed else { return }
            var offset = 0
            while offset < length {
                let chunk = Int32(min(length - offset, 1 << 30))
                let written = (base + offset).withMemoryRebound(to: CChar.self, capacity: Int(chunk)) {
                    xmlOutputBufferWrite(handle, chunk, $0)
                }
                if written < 0 {
                    failed = true
                    return
                }
                offset += Int(chunk)
            }
        }

        func flush() {
            if count > 0 { write(buffer, count) }
            count = 0
        }

        func close() -> Bool {
            flush()
            guard let handle else { return !failed }
            self.handle = nil
            let result = xmlOutputBufferClose(handle)
            return result >= 0 && !failed
        }
    }

    /// Byte strings stored back to back (device ids, SRLG names), already XML-escaped.
    struct ByteTable {
        var bytes: [UInt8] = []
        var ends: [Int] = []

        mutating func append(escaping text: String) {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): bytes.append(contentsOf: "&apos;".utf8)
                default: bytes.append(byte)
                }
            }
            ends.append(bytes.count)
        }

        var count: Int { ends.count }

        @inline(__always)
        func length(_ index: Int) -> Int { ends[index] - (index == 0 ? 0 : ends[index - 1]) }

        @inline(__always)
        func copy(_ index: Int, to cursor: inout Cursor) {
            let start = index == 0 ? 0 : ends[index - 1]
            bytes.withUnsafeBufferPointer { cursor.put(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
        }

        func write(_ index: Int, to output: Output) {
            let start = index == 0 ? 0 : ends[index - 1]
            bytes.withUnsafeBufferPointer { output.bytes(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
        }
    }

    let output: Output
    var deviceIDs = ByteTable()
    var srlgNames = ByteTable()
    var srlgRank: [Int32] = []
    var bandwidthTexts: [(value: Double, text: [UInt8])] = []
    var nextRank: Int32 = 0
    var extraKeys: [ExtraKey] = []
    var began = false
    var finished = false

    /// The bytes of the output so far are not observable; this is the path written (`-` for standard output).
    public var path: String { output.path }

    /// Opens `path` for writing (standard output when `path` is nil or `-`); gzip-compressed when the path ends
    /// with `.gz` (or `compression` is 1–9).
    public init(path: String?, compression: Int? = nil) throws(GraphMLError) {
        let target = path ?? "-"
        let level = compression ?? (target.hasSuffix(".gz") ? 6 : 0)
        let handle: xmlOutputBufferPtr?
        if target == "-" {
            handle = xmlOutputBufferCreateFd(1, nil)
        } else {
            handle = xmlOutputBufferCreateFilename(target, nil, Int32(max(0, min(9, level))))
        }
        guard let handle else {
            throw .cannotOpen(path: target, reason: "cannot create the file for writing")
        }
        output = Output(path: target, handle: handle)
    }

    // MARK: - TopologySink

    public mutating func begin(properties: [String: AttributeValue]) throws(GraphMLError) {
        try begin(properties: properties, extraKeys: [])
    }

    public mutating func declareSRLG(_ name: String) throws(GraphMLError) {
        srlgNames.append(escaping: name)
        srlgRank.append(-1)
    }

    public mutating func device(_ device: Device) throws(GraphMLError) {
        deviceIDs.append(escaping: device.id)
        writeNode(device, ports: [])
    }

    public mutating func link(_ link: StreamedLink) throws(GraphMLError) {
        // Groups get ranks in order of first use (each link's groups in ascending stream order), and a link's
        // names are written by ascending rank: the numbering the reader and `TopologyBuilder` both rebuild.
        var a = link.srlg0
        var b = link.srlg1
        var c = link.srlg2
        if a > b { swap(&a, &b) }
        if b > c { swap(&b, &c) }
        if a > b { swap(&a, &b) }
        for value in Triple(a, b, c) where value >= 0 && Int(value) < srlgRank.count && srlgRank[Int(value)] < 0 {
            srlgRank[Int(value)] = nextRank
            nextRank += 1
        }
        var ra = a >= 0 ? srlgRank[Int(a)] : -1
        var rb = b >= 0 ? srlgRank[Int(b)] : -1
        var rc = c >= 0 ? srlgRank[Int(c)] : -1
        if ra > rb {
            swap(&ra, &rb)
            swap(&a, &b)
        }
        if rb > rc {
            swap(&rb, &rc)
            swap(&b, &c)
        }
        if ra > rb {
            swap(&ra, &rb)
            swap(&a, &b)
        }
        // Drop unused slots (rank -1 sorts first) and repeats, keeping rank order.
        var kept: (Int32, Int32, Int32) = (-1, -1, -1)
        var keptCount = 0
        for value in Triple(a, b, c) where value >= 0 && value != kept.0 && value != kept.1 {
            switch keptCount {
            case 0: kept.0 = value
            case 1: kept.1 = value
            default: kept.2 = value
            }
            keptCount += 1
        }
        (a, b, c) = kept
        let bandwidth = bandwidthText(link.bandwidth)
        let out = output
        // One bound check per link, then plain pointer writes (the hot path of a 10⁷-link design).
        let bound =
            160 + deviceIDs.length(Int(link.source)) + deviceIDs.length(Int(link.target)) + bandwidth.count
            + (a >= 0 ? srlgNames.length(Int(a)) : 0) + (b >= 0 ? srlgNames.length(Int(b)) : 0) + (c >= 0 ? srlgNames.length(Int(c)) : 0)
        guard out.reserve(bound) else {
            slowLink(link, a: a, b: b, c: c, bandwidth: bandwidth)
            return
        }
        var cursor = Cursor(out.buffer + out.count)
        cursor.put("<edge source=\"")
        deviceIDs.copy(Int(link.source), to: &cursor)
        cursor.put("\" target=\"")
        deviceIDs.copy(Int(link.target), to: &cursor)
        cursor.put("\"><data key=\"bw\">")
        bandwidth.withUnsafeBufferPointer { cursor.put($0) }
        switch link.medium {
        case .electrical: cursor.put("</data><data key=\"med\">electrical</data>")
        case .optical: cursor.put("</data><data key=\"med\">optical</data>")
        case .other: cursor.put("</data><data key=\"med\">other</data>")
        }
        if a >= 0 {
            cursor.put("<data key=\"srlg\">")
            srlgNames.copy(Int(a), to: &cursor)
            if b >= 0 {
                cursor.put(",")
                srlgNames.copy(Int(b), to: &cursor)
            }
            if c >= 0 {
                cursor.put(",")
                srlgNames.copy(Int(c), to: &cursor)
            }
            cursor.put("</data>")
        }
        cursor.put("</edge>\n")
        out.count = cursor.pointer - out.buffer
    }

    /// The same element through the buffered calls, for a link too long for one buffer.
    private func slowLink(_ link: StreamedLink, a: Int32, b: Int32, c: Int32, bandwidth: [UInt8]) {
        let out = output
        out.ascii("<edge source=\"")
        deviceIDs.write(Int(link.source), to: out)
        out.ascii("\" target=\"")
        deviceIDs.write(Int(link.target), to: out)
        out.ascii("\"><data key=\"bw\">")
        bandwidth.withUnsafeBufferPointer { out.bytes($0) }
        out.ascii("</data><data key=\"med\">")
        writeMedium(link.medium)
        out.ascii("</data>")
        var first = true
        for value in Triple(a, b, c) where value >= 0 {
            out.ascii(first ? "<data key=\"srlg\">" : ",")
            srlgNames.write(Int(value), to: out)
            first = false
        }
        if !first { out.ascii("</data>") }
        out.ascii("</edge>\n")
    }

    /// The text of a bandwidth, from a small cache of the values seen last.
    private mutating func bandwidthText(_ value: Double) -> [UInt8] {
        for slot in bandwidthTexts where slot.value == value { return slot.text }
        let text = Array(Self.bandwidthString(value).utf8)
        if bandwidthTexts.count >= 8 { bandwidthTexts.removeFirst() }
        bandwidthTexts.append((value, text))
        return text
    }

    public mutating func finish() throws(GraphMLError) {
        guard !finished else { return }
        finished = true
        output.ascii("</graph>\n</graphml>\n")
        if !output.close() {
            throw .cannotOpen(path: output.path, reason: "writing failed (disk full or file not writable)")
        }
    }

    // MARK: - Whole topologies

    /// Writes a topology in memory to `path` (standard output for nil or `-`; gzip for `.gz`).
    /// - Complexity: O(devices + links + ports), streaming; memory O(devices) for the id table.
    public static func write(_ topology: Topology, to path: String?, compression: Int? = nil) throws(GraphMLError) {
        var writer = try GraphMLWriter(path: path, compression: compression)
        let extras = ExtraKey.collect(from: topology)
        try writer.begin(properties: topology.properties, extraKeys: extras)
        for name in topology.srlgs { writer.srlgNames.append(escaping: name) }
        var portsOfDevice: [Int32: [Int32]] = [:]
        for (index, port) in topology.ports.enumerated() { portsOfDevice[port.device, default: []].append(Int32(index)) }
        for (index, device) in topology.devices.enumerated() {
            writer.deviceIDs.append(escaping: device.id)
            writer.writeNode(device, ports: portsOfDevice[Int32(index)] ?? [], topology: topology)
        }
        for link in topology.links { writer.writeLink(link, topology: topology) }
        try writer.finish()
    }

    // MARK: - Keys

    /// A non-native attribute key found on devices, links or the graph, declared with one type.
    struct ExtraKey: Hashable {
        var domain: String
        var name: String
        var type: String
        var id: String

        static func type(of value: AttributeValue) -> String {
            switch value {
            case .bool: "boolean"
            case .int: "long"
            case .double: "double"
            case .string: "string"
            }
        }

        /// Every non-native key of the topology, sorted by domain then name; mixed types become strings.
        static func collect(from topology: Topology) -> [ExtraKey] {
            var types: [String: [String: String]] = ["graph": [:], "node": [:], "edge": [:], "port": [:]]
            func note(_ domain: String, _ attributes: [String: AttributeValue], skipping native: Set<String>) {
                for (name, value) in attributes where !native.contains(name) {
                    let type = ExtraKey.type(of: value)
                    if let existing = types[domain]?[name], existing != type {
                        types[domain]?[name] = "string"
                    } else {
                        types[domain]?[name] = type
                    }
                }
            }
            note("graph", topology.properties, skipping: Set(nativeGraphKeys.map(\.name)))
            for device in topology.devices { note("node", device.attributes, skipping: []) }
            for link in topology.links { note("edge", link.attributes, skipping: []) }
            for port in topology.ports { note("port", port.attributes, skipping: []) }
            var result: [ExtraKey] = []
            for domain in ["graph", "node", "edge", "port"] {
                for (name, type) in (types[domain] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    result.append(ExtraKey(domain: domain, name: name, type: type, id: "\(domain.prefix(1))_\(result.count)"))
                }
            }
            // One-way links carry fabcheck's `one_way` key (GraphML's `directed` does not make a one-way link).
            if topology.links.contains(where: \.directed) {
                result.append(ExtraKey(domain: "edge", name: NativeSchema.EdgeKey.oneWay, type: "boolean", id: oneWayKeyID))
            }
            return result
        }
    }

    /// The key id of `one_way`, declared only by files with one-way links.
    static let oneWayKeyID = "oneway"

    static let nativeGraphKeys: [(name: String, type: String)] = [
        (NativeSchema.GraphKey.family, "string"), (NativeSchema.GraphKey.design, "string"), (NativeSchema.GraphKey.parameters, "string"),
        (NativeSchema.GraphKey.generatorVersion, "string"), (NativeSchema.GraphKey.schemaVersion, "int"),
        (NativeSchema.GraphKey.accelerators, "long"), (NativeSchema.GraphKey.profile, "string"), (NativeSchema.GraphKey.lossless, "boolean"),
        (NativeSchema.GraphKey.noSPOF, "boolean"), (NativeSchema.GraphKey.singleHomed, "boolean"), (NativeSchema.GraphKey.virtualLanes, "int"),
        (NativeSchema.GraphKey.description, "string"),
    ]

    static let nativeNodeKeys: [(id: String, name: String, type: String)] = [
        ("role", NativeSchema.NodeKey.role, "string"), ("label", NativeSchema.NodeKey.label, "string"), ("tier", NativeSchema.NodeKey.tier, "int"),
        ("pod", NativeSchema.NodeKey.pod, "string"), ("rack", NativeSchema.NodeKey.rack, "string"), ("plane", NativeSchema.NodeKey.plane, "string"),
        ("rail", NativeSchema.NodeKey.rail, "int"), ("radix", NativeSchema.NodeKey.radix, "int"),
        ("coords", NativeSchema.NodeKey.coordinates, "string"),
    ]

    static let nativeEdgeKeys: [(id: String, name: String, type: String)] = [
        ("bw", NativeSchema.EdgeKey.bandwidth, "string"), ("lat", NativeSchema.EdgeKey.latency, "double"),
        ("med", NativeSchema.EdgeKey.medium, "string"), ("srlg", NativeSchema.EdgeKey.srlg, "string"),
        ("mult", NativeSchema.EdgeKey.multiplicity, "int"),
    ]

    mutating func begin(properties: [String: AttributeValue], extraKeys: [ExtraKey]) throws(GraphMLError) {
        guard !began else { return }
        began = true
        self.extraKeys = extraKeys
        let out = output
        out.ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.ascii("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ")
        out.ascii("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ")
        out.ascii("xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n")
        for key in Self.nativeGraphKeys { declareKey(id: key.name, domain: "graph", name: key.name, type: key.type) }
        for key in Self.nativeNodeKeys { declareKey(id: key.id, domain: "node", name: key.name, type: key.type) }
        for key in Self.nativeEdgeKeys { declareKey(id: key.id, domain: "edge", name: key.name, type: key.type) }
        for key in extraKeys { declareKey(id: key.id, domain: key.domain, name: key.name, type: key.type) }
        out.ascii("<graph id=\"G\" edgedefault=\"undirected\">\n")
        var written: Set<String> = []
        for key in Self.nativeGraphKeys {
            guard let value = properties[key.name] else { continue }
            written.insert(key.name)
            writeData(key: key.name, value)
            out.byte(UInt8(ascii: "\n"))
        }
        for key in extraKeys where key.domain == "graph" {
            guard let value = properties[key.name], !written.contains(key.name) else { continue }
            writeData(key: key.id, value)
            out.byte(UInt8(ascii: "\n"))
        }
    }

    func declareKey(id: String, domain: String, name: String, type: String) {
        let out = output
        out.ascii("<key id=\"")
        out.escaped(id)
        out.ascii("\" for=\"")
        out.escaped(domain)
        out.ascii("\" attr.name=\"")
        out.escaped(name)
        out.ascii("\" attr.type=\"")
        out.escaped(type)
        out.ascii("\"/>\n")
    }

    // MARK: - Elements

    func writeData(key: String, _ value: AttributeValue) {
        let out = output
        out.ascii("<data key=\"")
        out.escaped(key)
        out.ascii("\">")
        switch value {
        case .bool(let flag): flag ? out.ascii("true") : out.ascii("false")
        case .int(let number): out.integer(Int(number))
        case .double(let number): out.escaped(number.isFinite ? "\(number)" : "NaN")
        case .string(let text): out.escaped(text)
        }
        out.ascii("</data>")
    }

    func writeNode(_ device: Device, ports: [Int32], topology: Topology? = nil) {
        let out = output
        out.ascii("<node id=\"")
        deviceIDs.write(deviceIDs.count - 1, to: out)
        out.ascii("\"><data key=\"role\">")
        out.escaped(device.role.rawValue)
        out.ascii("</data>")
        if let label = device.label { writeData(key: "label", .string(label)) }
        if let tier = device.tier {
            out.ascii("<data key=\"tier\">")
            out.integer(tier)
            out.ascii("</data>")
        }
        if let pod = device.pod { writeData(key: "pod", .string(pod)) }
        if let rack = device.rack { writeData(key: "rack", .string(rack)) }
        if let plane = device.plane { writeData(key: "plane", .string(plane)) }
        if let rail = device.rail {
            out.ascii("<data key=\"rail\">")
            out.integer(rail)
            out.ascii("</data>")
        }
        if let radix = device.radix {
            out.ascii("<data key=\"radix\">")
            out.integer(radix)
            out.ascii("</data>")
        }
        if !device.coordinates.isEmpty {
            out.ascii("<data key=\"coords\">")
            for (index, value) in device.coordinates.enumerated() {
                if index > 0 { out.byte(UInt8(ascii: ",")) }
                out.integer(value)
            }
            out.ascii("</data>")
        }
        if !device.attributes.isEmpty { writeExtras(device.attributes, domain: "node") }
        if let topology, !ports.isEmpty { writePorts(ports, parent: -1, topology: topology) }
        out.ascii("</node>\n")
    }

    func writePorts(_ ports: [Int32], parent: Int32, topology: Topology) {
        let out = output
        for index in ports where topology.ports[Int(index)].parent == parent {
            let port = topology.ports[Int(index)]
            out.ascii("<port name=\"")
            out.escaped(port.name)
            out.ascii("\">")
            writeExtras(port.attributes, domain: "port")
            writePorts(ports, parent: index, topology: topology)
            out.ascii("</port>")
        }
    }

    func writeExtras(_ attributes: [String: AttributeValue], domain: String) {
        for key in extraKeys where key.domain == domain {
            guard let value = attributes[key.name] else { continue }
            writeData(key: key.id, key.type == "string" ? .string(value.description) : value)
        }
    }

    func writeLink(_ link: Link, topology: Topology) {
        let out = output
        out.ascii("<edge")
        if let id = link.id {
            out.ascii(" id=\"")
            out.escaped(id)
            out.ascii("\"")
        }
        out.ascii(" source=\"")
        deviceIDs.write(Int(link.source), to: out)
        out.ascii("\" target=\"")
        deviceIDs.write(Int(link.target), to: out)
        out.ascii("\"")
        if link.sourcePort >= 0 {
            out.ascii(" sourceport=\"")
            out.escaped(topology.ports[Int(link.sourcePort)].name)
            out.ascii("\"")
        }
        if link.targetPort >= 0 {
            out.ascii(" targetport=\"")
            out.escaped(topology.ports[Int(link.targetPort)].name)
            out.ascii("\"")
        }
        out.ascii(">")
        if link.directed { out.ascii("<data key=\"oneway\">true</data>") }
        if let bandwidth = link.bandwidth {
            out.ascii("<data key=\"bw\">")
            writeBandwidth(bandwidth)
            out.ascii("</data>")
        }
        if let latency = link.latencyNanoseconds { writeData(key: "lat", .double(latency)) }
        if let medium = link.medium {
            out.ascii("<data key=\"med\">")
            writeMedium(medium)
            out.ascii("</data>")
        }
        if !link.srlgs.isEmpty {
            out.ascii("<data key=\"srlg\">")
            for (position, index) in link.srlgs.enumerated() {
                if position > 0 { out.byte(UInt8(ascii: ",")) }
                srlgNames.write(Int(index), to: out)
            }
            out.ascii("</data>")
        }
        if link.multiplicity != 1 {
            out.ascii("<data key=\"mult\">")
            out.integer(Int(link.multiplicity))
            out.ascii("</data>")
        }
        if !link.attributes.isEmpty { writeExtras(link.attributes, domain: "edge") }
        out.ascii("</edge>\n")
    }

    @inline(__always)
    func writeMedium(_ medium: Medium) {
        switch medium {
        case .electrical: output.ascii("electrical")
        case .optical: output.ascii("optical")
        case .other: output.ascii("other")
        }
    }

    /// Writes a bandwidth (see `bandwidthString`).
    func writeBandwidth(_ value: Double) {
        output.escaped(Self.bandwidthString(value))
    }

    /// Bandwidth text that parses back to exactly the same bit/s: whole Gb/s or Mb/s when exact, else b/s.
    static func bandwidthString(_ value: Double) -> String {
        if value >= 1e9, value < 9e18, value.truncatingRemainder(dividingBy: 1e9) == 0 {
            return "\(Int(value / 1e9))Gb/s"
        } else if value >= 1e6, value < 9e18, value.truncatingRemainder(dividingBy: 1e6) == 0 {
            return "\(Int(value / 1e6))Mb/s"
        } else if value >= 0, value < 9e18, value == value.rounded() {
            return "\(Int(value))b/s"
        }
        return "\(value)b/s"
    }
}

/// A write position in the output buffer after `Output.reserve` guaranteed the room.
struct Cursor {
    var pointer: UnsafeMutablePointer<UInt8>

    init(_ pointer: UnsafeMutablePointer<UInt8>) { self.pointer = pointer }

    @inline(__always)
    mutating func put(_ text: StaticString) {
        let count = text.utf8CodeUnitCount
        pointer.update(from: text.utf8Start, count: count)
        pointer += count
    }

    @inline(__always)
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        pointer.update(from: base, count: bytes.count)
        pointer += bytes.count
    }
}

/// Three values iterated without an array allocation.
private struct Triple: Sequence, IteratorProtocol {
    var values: (Int32, Int32, Int32)
    var index = 0

    init(_ a: Int32, _ b: Int32, _ c: Int32) { values = (a, b, c) }

    mutating func next() -> Int32? {
        defer { index += 1 }
        switch index {
        case 0: return values.0
        case 1: return values.1
        case 2: return values.2
        default: return nil
        }
    }
}
