import FabricModel
import FabricRules

/// Options every reporter understands.
public struct ReportOptions: Sendable {
    /// The tool name written into machine-readable formats.
    public var toolName: String
    /// The tool version written into machine-readable formats.
    public var toolVersion: String
    /// ANSI colors in the text format.
    public var color: Bool
    /// Findings at or above this severity are failures (JUnit) and errors in the summary's verdict.
    public var failureSeverity: Severity

    /// Creates options.
    public init(toolName: String = "fabcheck", toolVersion: String = "0.1.0", color: Bool = false, failureSeverity: Severity = .warning) {
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.color = color
        self.failureSeverity = failureSeverity
    }
}

/// Turns a check report into text in one format (SwiftLint `Reporter`).
public protocol Reporter: Sendable {
    /// The `--format` name.
    static var identifier: String { get }
    /// Renders the report; same input, same bytes.
    func render(_ report: CheckReport, options: ReportOptions) -> String
}

/// The output formats of `fabcheck check`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
    case sarif
    case junit
    case github

    /// The reporter for this format.
    public var reporter: any Reporter {
        switch self {
        case .text: TextReporter()
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        case .junit: JUnitReporter()
        case .github: GitHubActionsReporter()
        }
    }
}

/// `2 errors, 1 warning, 3 notes in 1 file (20 rules; 1 suppressed, 0 baselined)`, then `; 1 file could not be read`
/// when an input could not be checked.
public func summaryLine(_ report: CheckReport) -> String {
    func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
    var text = "\(plural(report.count(.error), "error")), \(plural(report.count(.warning), "warning")), \(plural(report.count(.note), "note"))"
    text += " in \(plural(report.files.count, "file")) (\(plural(report.rules.count, "rule"))"
    text += "; \(report.suppressed.count) suppressed, \(report.baselined) baselined)"
    let unreadable = report.unreadableFiles.count
    if unreadable > 0 { text += "; \(plural(unreadable, "file")) could not be read" }
    return text
}
