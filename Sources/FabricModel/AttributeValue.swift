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
        case let .bool(value): value ? "true" : "false"
        case let .int(value): String(value)
        case let .double(value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case let .string(value): value
        }
    }

    /// The value as a number, when it is one (booleans are not numbers).
    public var doubleValue: Double? {
        switch self {
        case let .int(value): Double(value)
        case let .double(value): value
        case .bool: nil
        case let .string(text): Double(text.trimmingASCIIWhitespace())
        }
    }

    /// The value as an integer, when it is a whole number.
    public var intValue: Int? {
        switch self {
        case let .int(value): Int(exactly: value)
        case let .double(value): value == value.rounded() && abs(value) < 1e18 ? Int(value) : nil
        case .bool: nil
        case let .string(text): Int(text.trimmingASCIIWhitespace())
        }
    }
}
