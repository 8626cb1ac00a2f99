/// How serious a finding or an input diagnostic is: a note is information, a warning should be looked at, an error
/// fails the design (for a diagnostic: the input cannot be checked as given). One type for rules and importers.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// Orders note < warning < error.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }

    /// Parses `note`, `warning` or `error` (also `info` for note), case-insensitively.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "note", "info": self = .note
        case "warning", "warn": self = .warning
        case "error": self = .error
        default: return nil
        }
    }
}
