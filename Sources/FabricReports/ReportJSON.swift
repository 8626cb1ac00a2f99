import Foundation

/// The one JSON encoding of every report fabcheck prints: keys sorted, pretty-printed, slashes unescaped, no trailing
/// newline, so the same value always gives the same bytes.
enum ReportJSON {
    /// `value` encoded as UTF-8 JSON text.
    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
