/// A typed GraphML data value, kept with the type its key declared.
public enum AttributeValue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `attr.type="boolean"`.
    case bool(Bool)
    /// `attr.type="int"` or `"long"`.
    case int(Int64)
    /// `attr.type="float"` or `"double"`.
    case double(Double)
    /// `attr.type="string"` or an untyped key.
    case string(String)

    /// The value as GraphML text (`true`, `42`, `2.5`, `leaf`).
    public var description: String {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): value
        }
    }

    /// The value as a number, when it is one (booleans are not numbers).
    public var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .bool: nil
        case .string(let text): Double(text.trimmingASCIIWhitespace())
        }
    }

    /// The value as an integer, when it is a whole number.
    public var intValue: Int? {
        switch self {
        case .int(let value): Int(exactly: value)
        case .double(let value): value == value.rounded() && abs(value) < 1e18 ? Int(value) : nil
        case .bool: nil
        case .string(let text): Int(text.trimmingASCIIWhitespace())
        }
    }
}
