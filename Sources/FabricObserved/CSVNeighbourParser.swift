import FabricModel

/// Reads a cabling sheet of observed cables: `a_device,a_port,b_device,b_port[,speed]`, one cable a row.
///
/// A header row is recognised by its names (`a_device`, `a_port`, `b_device`/`z_device`, `b_port`/`z_port`, `speed` or
/// `bandwidth`, in any order; `fabcheck export --format csv` writes one); without one the columns are positional. Fields may be quoted (RFC 4180, `""` for a quote); `#` lines
/// and blank lines are skipped. A speed is a rate such as `400G`, `400Gb/s` or a bare number of Gb/s.
public struct CSVNeighbourParser: Sendable {
    /// Longest line accepted, in bytes.
    public var maximumLineLength = 1 << 16

    /// Creates a parser.
    public init() {}

    /// Parses one sheet.
    /// - Complexity: O(bytes) expected.
    public func parse(_ bytes: [UInt8], file: String, into fabric: inout ObservedFabric) throws(ObservedError) {
        var deviceByKey: [String: Int32] = [:]
        for (index, device) in fabric.devices.enumerated() { deviceByKey[device.key] = Int32(index) }
        var lines = LineCursor(bytes)
        var columns: [Int] = [0, 1, 2, 3, 4]
        var sawRow = false
        while lines.advance() {
            let location = SourceLocation(file: file, line: lines.number, column: 1)
            guard lines.end - lines.start <= maximumLineLength else { throw .tooLarge(location, "line longer than \(maximumLineLength) bytes") }
            var probe = TokenCursor(bytes, from: lines.start, to: lines.end)
            probe.skipSpaces()
            guard let first = probe.current, first != 0x23 else { continue }
            let fields = try Self.fields(bytes, from: lines.start, to: lines.end, location: location)
            if !sawRow {
                sawRow = true
                let names = fields.map { $0.lowercased().replacingOccurrences(of: " ", with: "_") }
                if names.contains(where: { $0.contains("device") || $0.contains("port") }) {
                    func column(_ candidates: [String]) -> Int { names.firstIndex { candidates.contains($0) } ?? -1 }
                    columns = [
                        column(["a_device", "device_a", "source", "a"]), column(["a_port", "port_a", "source_port"]),
                        column(["b_device", "z_device", "device_b", "target", "b"]), column(["b_port", "z_port", "port_b", "target_port"]),
                        column(["speed", "bandwidth", "rate"]),
                    ]
                    guard columns[0] >= 0, columns[2] >= 0 else {
                        throw .malformed(location, "header names no a_device and b_device columns")
                    }
                    continue
                }
            }
            func field(_ slot: Int) -> String {
                let column = columns[slot]
                return column >= 0 && column < fields.count ? fields[column].trimmingASCIIWhitespace() : ""
            }
            guard fields.count >= 3 else { throw .malformed(location, "expected a_device,a_port,b_device,b_port[,speed], found \(fields.count) field(s)") }
            let aName = field(0)
            let bName = field(2)
            guard !aName.isEmpty else { throw .malformed(location, "the a_device field is empty") }
            guard !bName.isEmpty else { throw .malformed(location, "the b_device field is empty") }
            var bandwidth: Double?
            let speedText = field(4)
            if !speedText.isEmpty {
                do {
                    bandwidth = try Bandwidth.parse(speedText, bareUnit: .gbps)
                } catch {
                    throw .malformed(location, "speed: \(error.description)")
                }
            }
            func device(_ name: String) -> Int32 {
                if let index = deviceByKey[name] { return index }
                let index = Int32(fabric.devices.count)
                fabric.devices.append(ObservedDevice(name: name, key: name, location: location))
                deviceByKey[name] = index
                return index
            }
            let a = ObservedEnd(device: device(aName), port: field(1))
            let b = ObservedEnd(device: device(bName), port: field(3))
            fabric.links.append(ObservedLink(a: a, b: b, bandwidth: bandwidth, speed: speedText, location: location))
        }
        fabric.files.append(file)
    }

    /// Splits one line into fields, honouring double quotes.
    static func fields(_ bytes: [UInt8], from start: Int, to end: Int, location: SourceLocation) throws(ObservedError) -> [String] {
        var fields: [String] = []
        var current: [UInt8] = []
        var index = start
        var quoted = false
        while index < end {
            let byte = bytes[index]
            if quoted {
                if byte == 0x22 {
                    if index + 1 < end, bytes[index + 1] == 0x22 {
                        current.append(0x22)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(byte)
                }
            } else if byte == 0x22 {
                quoted = true
            } else if byte == 0x2C {
                fields.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
            index += 1
        }
        guard !quoted else { throw .malformed(location, "a quoted field is not closed on this line") }
        fields.append(String(decoding: current, as: UTF8.self))
        return fields
    }
}
