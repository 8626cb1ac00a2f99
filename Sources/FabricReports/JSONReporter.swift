import FabricModel
import FabricRules
import Foundation

/// The JSON report: `schemaVersion`, tool, files, summary, findings, suppressed findings, the rules that ran and
/// `errors`, the import errors of the files that could not be checked (empty when every file was read). Also
/// accepted as a baseline file.
public struct JSONReporter: Reporter {
    public static let identifier = "json"
    /// Version of this JSON layout; bumped on any incompatible change.
    public static let schemaVersion = 1

    /// Creates the reporter.
    public init() {}

    struct Document: Codable {
        struct Tool: Codable {
            var name: String
            var version: String
        }
        struct Summary: Codable {
            var errors: Int
            var warnings: Int
            var notes: Int
            var suppressed: Int
            var baselined: Int
            var rules: Int
            var files: Int
        }
        struct Location: Codable {
            var file: String
            var line: Int
            var column: Int
        }
        struct Related: Codable {
            var message: String
            var location: Location
        }
        struct Subject: Codable {
            var kind: String
            var id: String
        }
        struct Entry: Codable {
            var ruleId: String
            var severity: String
            var message: String
            var subject: Subject
            var location: Location
            var related: [Related]
            var fingerprint: String
            var suppressionReason: String?
        }
        struct RuleEntry: Codable {
            var id: String
            var kind: String
            var defaultSeverity: String
        }
        struct InputError: Codable {
            var code: String
            var message: String
            var location: Location
        }
        var schemaVersion: Int
        var tool: Tool
        var files: [String]
        var summary: Summary
        var findings: [Entry]
        var suppressed: [Entry]
        var rules: [RuleEntry]
        var errors: [InputError]
    }

    static func location(_ location: SourceLocation) -> Document.Location {
        Document.Location(file: location.file, line: location.line, column: location.column)
    }

    static func entry(_ finding: Finding, reason: String? = nil) -> Document.Entry {
        Document.Entry(
            ruleId: finding.ruleID, severity: finding.severity.rawValue, message: finding.message,
            subject: Document.Subject(kind: finding.subject.kind.rawValue, id: finding.subject.id),
            location: location(finding.location),
            related: finding.related.map { Document.Related(message: $0.message, location: location($0.location)) },
            fingerprint: finding.fingerprint, suppressionReason: reason)
    }

    public func render(_ report: CheckReport, options: ReportOptions) -> String {
        let document = Document(
            schemaVersion: Self.schemaVersion,
            tool: Document.Tool(name: options.toolName, version: options.toolVersion),
            files: report.files,
            summary: Document.Summary(
                errors: report.count(.error), warnings: report.count(.warning), notes: report.count(.note),
                suppressed: report.suppressed.count, baselined: report.baselined,
                rules: report.rules.count, files: report.files.count),
            findings: report.findings.map { Self.entry($0) },
            suppressed: report.suppressed.map { Self.entry($0.finding, reason: $0.reason) },
            rules: report.rules.map { Document.RuleEntry(id: $0.identifier, kind: $0.kind.rawValue, defaultSeverity: $0.defaultSeverity.rawValue) },
            errors: report.inputErrors.map { error in
                Document.InputError(
                    code: error.code, message: error.message,
                    location: Self.location(error.location ?? SourceLocation(file: "", line: 0, column: 0)))
            })
        return encodeJSON(document)
    }
}

/// Pretty-printed JSON with sorted keys and unescaped slashes, ending in a newline.
func encodeJSON(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
}
