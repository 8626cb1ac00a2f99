import FabricModel

/// The result of converting `<data>` text to its key's `attr.type`.
enum TypedParse {
    /// A value in the declared type.
    case value(AttributeValue)
    /// A value accepted although GraphML does not allow its spelling (`True`, `1.0` for an int); the string says how.
    case quirk(AttributeValue, String)
    /// Not a value of the type; the string says why.
    case failure(String)
}

/// Conversion of GraphML `<data>` text to typed values, straight from bytes.
enum ValueParsing {
    /// Converts `bytes` (UTF-8) to a value of `type`.
    /// - Complexity: O(length).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, as type: ValueType) -> TypedParse {
        switch type {
        case .string:
            return .value(.string(String(decoding: bytes, as: UTF8.self)))
        case .boolean:
            let text = trimmed(bytes)
            switch text {
            case "true": return .value(.bool(true))
            case "false": return .value(.bool(false))
            default:
                switch text.lowercased() {
                case "true", "1", "yes", "y", "on": return .quirk(.bool(true), "boolean '\(text)' is not 'true' or 'false'")
                case "false", "0", "no", "n", "off": return .quirk(.bool(false), "boolean '\(text)' is not 'true' or 'false'")
                default: return .failure("'\(text)' is not a boolean")
                }
            }
        case .int, .long:
            if let value = parseInteger(bytes) { return .value(.int(value)) }
            let text = trimmed(bytes)
            if let double = Double(text), double.isFinite, double == double.rounded(), abs(double) < 9.2e18 {
                return .quirk(.int(Int64(double)), "integer '\(text)' is written as a decimal")
            }
            return .failure("'\(text)' is not an integer")
        case .float, .double:
            let text = trimmed(bytes)
            if let value = Double(text) { return .value(.double(value)) }
            return .failure("'\(text)' is not a number")
        }
    }

    /// A decimal integer with optional sign and surrounding ASCII whitespace; nil on anything else or overflow.
    static func parseInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        if start == end { return nil }
        var negative = false
        if bytes[start] == UInt8(ascii: "-") || bytes[start] == UInt8(ascii: "+") {
            negative = bytes[start] == UInt8(ascii: "-")
            start += 1
            if start == end { return nil }
        }
        var value: Int64 = 0
        for index in start..<end {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - 0x30))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return negative ? -value : value
    }

    /// The text without surrounding ASCII whitespace.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// Parses comma-separated integers (`3,0,7`); nil when any part is not an integer.
    static func parseCoordinates(_ text: String) -> [Int]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        var result: [Int] = []
        result.reserveCapacity(parts.count)
        for part in parts {
            guard let value = Int(String(part).trimmingASCIIWhitespace()) else { return nil }
            result.append(value)
        }
        return result
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}
