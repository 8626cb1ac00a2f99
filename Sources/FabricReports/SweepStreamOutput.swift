import Dispatch
import FabricGraph
import FabricModel
import Foundation

/// Writing a `SweepStream` in every format, a batch at a time, byte-identical to `SweepReport.rendered(as:)`.
extension SweepStream {
    /// Records per batch when writing.
    static let batchSize = 8192

    /// Writes the report in `format` to `sink` in chunks of a few megabytes; the concatenated chunks equal
    /// `report().rendered(as: format)`.
    /// - Complexity: O(R) for R results (records built and formatted a batch at a time on both cores), memory
    ///   O(batch) beyond what `records` keeps.
    /// With `tables` (the topology with imported forwarding tables and its graph), the text lists the shown rows' dead
    /// next hops.
    public func write(
        as format: SweepFormat, tables: (topology: Topology, graph: CSRGraph)? = nil, to sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        switch format {
        case .text:
            let shown = records(in: 0..<min(count, header.top ?? SweepReport.defaultTextRows))
            let dead = tables.flatMap { $0.graph.deadNextHops(topology: $0.topology, records: shown) }
            try Self.emit(Array(header.textRendering(rows: shown, total: count, deadNextHops: dead).utf8), to: sink)
        case .csv:
            let throughput = header.metric == .throughput ? SweepReport.throughputCSVHeader : ""
            try Self.emit(Array((SweepReport.csvHeader + throughput + "\n").utf8), to: sink)
            try forEachFormattedBatch(to: sink) { record, rank, bytes in
                SweepCSVWriter.appendRow(index: rank, record, to: &bytes)
                bytes.append(UInt8(ascii: "\n"))
            }
        case .json:
            let empty = try header.json()
            let marker = "\"results\" : [\n\n  ]"
            guard count > 0, let range = empty.range(of: marker) else {
                try Self.emit(Array(empty.utf8), to: sink)
                return
            }
            try Self.emit(Array(empty[..<range.lowerBound].utf8) + Array("\"results\" : [".utf8), to: sink)
            try forEachFormattedBatch(to: sink) { record, rank, bytes in
                if rank > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(UInt8(ascii: "\n"))
                SweepJSONWriter.appendSpaces(4, to: &bytes)
                try SweepJSONWriter.appendRecord(record, indent: 4, to: &bytes)
            }
            try Self.emit(Array("\n  ]".utf8) + Array(empty[range.upperBound...].utf8), to: sink)
        }
    }

    /// The whole output in `format` as a string (tests and small sweeps).
    public func rendered(as format: SweepFormat) throws -> String {
        var bytes: [UInt8] = []
        try write(as: format) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Formats every record, batch by batch (each batch in two halves on both cores), and hands the bytes to `sink`
    /// in rank order.
    private func forEachFormattedBatch(
        to sink: (UnsafeRawBufferPointer) throws -> Void,
        _ format: @Sendable (SweepRecord, Int, inout [UInt8]) throws -> Void
    ) throws {
        var lower = 0
        while lower < count {
            let upper = min(count, lower + Self.batchSize)
            let batch = records(in: lower..<upper)
            let halves = 2
            let parts = FormattedParts(count: halves)
            let base = lower
            DispatchQueue.concurrentPerform(iterations: halves) { half in
                let from = batch.count * half / halves
                let to = batch.count * (half + 1) / halves
                var bytes: [UInt8] = []
                bytes.reserveCapacity((to - from) * 1024)
                do {
                    for index in from..<to { try format(batch[index], base + index, &bytes) }
                    parts.set(half, .success(bytes))
                } catch {
                    parts.set(half, .failure(error))
                }
            }
            for half in 0..<halves { try Self.emit(try parts.get(half), to: sink) }
            lower = upper
        }
    }

    private static func emit(_ bytes: [UInt8], to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try bytes.withUnsafeBytes { try sink($0) }
    }
}

/// Per-half results of one formatted batch, written from concurrent workers at distinct indices.
private final class FormattedParts: @unchecked Sendable {
    private var values: [Result<[UInt8], any Error>?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<[UInt8], any Error>) {
        values.withUnsafeMutableBufferPointer { $0[index] = value }
    }

    func get(_ index: Int) throws -> [UInt8] {
        switch values[index] {
        case .success(let bytes)?: return bytes
        case .failure(let error)?: throw error
        case nil: return []
        }
    }
}

/// Writes `SweepRecord`s exactly as `JSONEncoder` with `[.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]`
/// does inside a report (checked byte for byte against it in the tests), without building the encoder's tree.
enum SweepJSONWriter {
    /// Appends `record` as a pretty-printed object whose braces sit at column `indent`.
    static func appendRecord(_ record: SweepRecord, indent: Int, to out: inout [UInt8]) throws {
        var object = ObjectWriter(indent: indent, out: out)
        out = []
        object.open()
        object.key("capacity")
        try appendCapacity(record.capacity, indent: indent + 2, to: &object.out)
        object.key("classification")
        appendString(record.classification, to: &object.out)
        object.key("critical")
        object.out.append(contentsOf: (record.critical ? "true" : "false").utf8)
        object.key("disconnectedPairs")
        appendInt(record.disconnectedPairs, to: &object.out)
        object.key("failedAccelerators")
        appendInt(record.failedAccelerators, to: &object.out)
        object.key("failure")
        appendFailure(record.failure, indent: indent + 2, to: &object.out)
        object.key("scenario")
        appendInt(record.scenario, to: &object.out)
        object.key("strandedAccelerators")
        appendInt(record.strandedAccelerators, to: &object.out)
        if let throughput = record.throughput {
            object.key("throughput")
            try appendThroughput(throughput, indent: indent + 2, to: &object.out)
        }
        if let traffic = record.traffic {
            object.key("traffic")
            var inner = ObjectWriter(indent: indent + 2, out: object.out)
            object.out = []
            inner.open()
            inner.key("acceleratorsInTraffic")
            appendInt(traffic.acceleratorsInTraffic, to: &inner.out)
            if let further = traffic.linksOverloadedFurther {
                inner.key("linksOverloadedFurther")
                appendInt(further, to: &inner.out)
            }
            inner.key("linksPushedOverCapacity")
            appendInt(traffic.linksPushedOverCapacity, to: &inner.out)
            inner.key("maxUtilizationAfter")
            try appendDouble(traffic.maxUtilizationAfter, to: &inner.out)
            inner.key("maxUtilizationBefore")
            try appendDouble(traffic.maxUtilizationBefore, to: &inner.out)
            inner.key("throughputAfter")
            try appendDouble(traffic.throughputAfter, to: &inner.out)
            inner.key("throughputBefore")
            try appendDouble(traffic.throughputBefore, to: &inner.out)
            inner.key("unroutablePairs")
            appendInt(traffic.unroutablePairs, to: &inner.out)
            inner.close()
            object.out = inner.out
        }
        object.close()
        out = object.out
    }

    static func appendCapacity(_ capacity: CapacityImpact, indent: Int, to out: inout [UInt8]) throws {
        var object = ObjectWriter(indent: indent, out: out)
        out = []
        object.open()
        object.key("acceleratorsLosingInjection")
        appendInt(capacity.acceleratorsLosingInjection, to: &object.out)
        object.key("acceleratorsLosingUplink")
        appendInt(capacity.acceleratorsLosingUplink, to: &object.out)
        object.key("injectionLostBps")
        try appendDouble(capacity.injectionLostBps, to: &object.out)
        object.key("uplinkLostBps")
        try appendDouble(capacity.uplinkLostBps, to: &object.out)
        object.key("worstInjectionLoss")
        try appendDouble(capacity.worstInjectionLoss, to: &object.out)
        object.key("worstUplinkLoss")
        try appendDouble(capacity.worstUplinkLoss, to: &object.out)
        object.close()
        out = object.out
    }

    static func appendFailure(_ failure: SweepFailureRecord, indent: Int, to out: inout [UInt8]) {
        var object = ObjectWriter(indent: indent, out: out)
        out = []
        object.open()
        object.key("devices")
        appendArray(failure.devices.count, indent: indent + 2, to: &object.out) { index, bytes in
            appendString(failure.devices[index], to: &bytes)
        }
        object.key("label")
        appendString(failure.label, to: &object.out)
        object.key("links")
        appendArray(failure.links.count, indent: indent + 2, to: &object.out) { index, bytes in
            let link = failure.links[index]
            var inner = ObjectWriter(indent: indent + 4, out: bytes)
            bytes = []
            inner.open()
            inner.key("id")
            appendString(link.id, to: &inner.out)
            inner.key("source")
            appendString(link.source, to: &inner.out)
            inner.key("target")
            appendString(link.target, to: &inner.out)
            inner.close()
            bytes = inner.out
        }
        object.close()
        out = object.out
    }

    /// A pretty-printed array of `count` elements whose brackets sit at column `indent`; elements are written by
    /// `element` at column `indent + 2` (`JSONEncoder` prints an empty array as `[`, an empty line, `]`).
    static func appendArray(_ count: Int, indent: Int, to out: inout [UInt8], _ element: (Int, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "["))
        out.append(UInt8(ascii: "\n"))
        for index in 0..<count {
            if index > 0 { out.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: "\n")]) }
            appendSpaces(indent + 2, to: &out)
            element(index, &out)
        }
        out.append(UInt8(ascii: "\n"))
        appendSpaces(indent, to: &out)
        out.append(UInt8(ascii: "]"))
    }

    /// Writes the members of one pretty-printed object.
    struct ObjectWriter {
        let indent: Int
        var out: [UInt8]
        var members = 0

        init(indent: Int, out: [UInt8]) {
            self.indent = indent
            self.out = out
        }

        mutating func open() { out.append(UInt8(ascii: "{")) }

        mutating func key(_ name: StaticString) {
            if members > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\n"))
            members += 1
            appendSpaces(indent + 2, to: &out)
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: " "))
            out.append(UInt8(ascii: ":"))
            out.append(UInt8(ascii: " "))
        }

        mutating func close() {
            out.append(UInt8(ascii: "\n"))
            appendSpaces(indent, to: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func appendSpaces(_ count: Int, to out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    /// Decimal digits of `value` (what `String(value)` spells), written in place.
    static func appendInt(_ value: Int, to out: inout [UInt8]) {
        guard value != .min else {
            out.append(contentsOf: String(value).utf8)
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var index = start + digits - 1
        repeat {
            out[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            index -= 1
        } while magnitude > 0
    }

    /// `JSONEncoder`'s number form: the shortest round-trip `description`, without a trailing `.0`; non-finite
    /// values are refused as the encoder refuses them. Integral values below 2^53 (every bit/s figure) are spelled
    /// as integers without going through a string.
    static func appendDouble(_ value: Double, to out: inout [UInt8]) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: [], debugDescription: "Unable to encode Double.\(value) directly in JSON."))
        }
        if value.magnitude < 9_007_199_254_740_992, value == value.rounded(.towardZero), !(value == 0 && value.sign == .minus) {
            appendInt(Int(value), to: &out)
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\b \f \n \r \t` or `\u00XX`, everything else
    /// (slashes and non-ASCII included) as is.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Writes the CSV row of `SweepReport.csvRow` byte for byte (checked against it in the tests) without building a
/// string per field.
enum SweepCSVWriter {
    /// Appends the row (no newline) of the result at 0-based rank `index`.
    static func appendRow(index: Int, _ record: SweepRecord, to out: inout [UInt8]) {
        SweepJSONWriter.appendInt(index + 1, to: &out)
        out.append(UInt8(ascii: ","))
        SweepJSONWriter.appendInt(record.scenario, to: &out)
        out.append(UInt8(ascii: ","))
        appendField(record.failure.label, to: &out)
        out.append(UInt8(ascii: ","))
        if record.failure.devices.count <= 1 {
            appendField(record.failure.devices.first ?? "", to: &out)
        } else {
            appendField(record.failure.devices.joined(separator: " "), to: &out)
        }
        out.append(UInt8(ascii: ","))
        appendField(record.failure.links.map { "\($0.id)(\($0.source)~\($0.target))" }.joined(separator: " "), to: &out)
        for value in [record.strandedAccelerators, record.disconnectedPairs, record.failedAccelerators] {
            out.append(UInt8(ascii: ","))
            SweepJSONWriter.appendInt(value, to: &out)
        }
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: (record.critical ? "true" : "false").utf8)
        out.append(UInt8(ascii: ","))
        appendField(record.classification, to: &out)
        out.append(UInt8(ascii: ","))
        appendDouble(record.capacity.injectionLostBps, to: &out)
        out.append(UInt8(ascii: ","))
        appendDouble(record.capacity.uplinkLostBps, to: &out)
        out.append(UInt8(ascii: ","))
        SweepJSONWriter.appendInt(record.capacity.acceleratorsLosingInjection, to: &out)
        out.append(UInt8(ascii: ","))
        SweepJSONWriter.appendInt(record.capacity.acceleratorsLosingUplink, to: &out)
        out.append(UInt8(ascii: ","))
        if let traffic = record.traffic { appendDouble(traffic.maxUtilizationAfter, to: &out) }
        out.append(UInt8(ascii: ","))
        if let traffic = record.traffic { SweepJSONWriter.appendInt(traffic.linksPushedOverCapacity, to: &out) }
        if let throughput = record.throughput { appendThroughput(throughput, to: &out) }
    }

    /// `"\(value)"`: integral values below 10^15 as digits and `.0` without a string, others through `description`.
    static func appendDouble(_ value: Double, to out: inout [UInt8]) {
        if value.magnitude < 1e15, value == value.rounded(.towardZero), !(value == 0 && value.sign == .minus) {
            SweepJSONWriter.appendInt(Int(value), to: &out)
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0"))
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }

    /// `SweepReport.csvField`: plain ASCII without `\r` is scanned byte by byte; anything else (where characters
    /// are grapheme clusters) goes through the string form.
    static func appendField(_ text: String, to out: inout [UInt8]) {
        var plain = true
        var quote = false
        for byte in text.utf8 {
            if byte >= 0x80 || byte == UInt8(ascii: "\r") {
                plain = false
                break
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") { quote = true }
        }
        guard plain else {
            out.append(contentsOf: SweepReport.csvField(text).utf8)
            return
        }
        guard quote else {
            out.append(contentsOf: text.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            out.append(byte)
            if byte == UInt8(ascii: "\"") { out.append(byte) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
