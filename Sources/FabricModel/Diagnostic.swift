/// A recoverable problem found in the input, with its location: the diagnostics channel (not a rule finding, not a thrown error).
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How serious the problem is; an `error` diagnostic means the input cannot be checked as given.
    public var severity: Severity
    /// Lowercase message without a final period, naming elements in single quotes.
    public var message: String
    /// Where in the input the problem is, when known.
    public var location: SourceLocation?
    /// A stable short identifier of the kind of problem (e.g. `graphml.unknown-type`), for filtering and tests.
    public var code: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, code: String) {
        self.severity = severity
        self.message = message
        self.location = location
        self.code = code
    }

    /// True for a warning whose cause changes a computed figure (a guessed role, an ignored bandwidth, a suspected bit/byte
    /// slip, an ignored key): `-q` still prints these, and `--strict` makes every warning an error.
    public var changesFigures: Bool { Self.figureChangingCodes.contains(code) }

    /// Codes of import warnings that change what the analyses compute.
    public static let figureChangingCodes: Set<String> = [
        "graphml.bad-bandwidth", "graphml.bandwidth-unit", "graphml.bandwidth-ratio", "graphml.missing-role", "graphml.unknown-role",
        "graphml.undeclared-key", "graphml.data-key",
        "graphml.duplicate-key", "graphml.attr-type", "csv.bandwidth-ratio", "csv.no-roles", "csv.duplicate-device",
    ]

    /// `FILE:LINE:COL: severity: message`, the format compilers and editors understand.
    public var description: String {
        if let location {
            return "\(location): \(severity.rawValue): \(message)"
        }
        return "\(severity.rawValue): \(message)"
    }
}
