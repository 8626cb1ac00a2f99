import FabricModel
import FabricRules
import Foundation

/// SARIF 2.1.0 (OASIS): one run, `tool.driver.rules[]` from the rule descriptions, results with `ruleIndex`,
/// `partialFingerprints` and physical locations (`startLine`/`startColumn`) in the GraphML file, so code-scanning
/// UIs annotate the layout's lines in a pull request. `invocations[0]` says whether every input could be checked:
/// `executionSuccessful` is false when a file could not be read, with one `toolExecutionNotifications` entry per
/// import error (its file, line and column); the results of the files that were read are still listed.
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"
    /// Where the tool's documentation lives (`informationUri`).
    public static let informationURI = "https://github.com/fabcheck/fabcheck"
    /// The key of fabcheck's fingerprint in `partialFingerprints`.
    public static let fingerprintKey = "fabcheckSubject/v1"

    /// Creates the reporter.
    public init() {}

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }
    struct Run: Encodable {
        var tool: Tool
        var invocations: [Invocation]
        var results: [Result]
        var columnKind = "unicodeCodePoints"
        var artifacts: [Artifact]
    }
    struct DescriptorReference: Encodable { var id: String }
    struct Notification: Encodable {
        var level = "error"
        var message: Text
        var locations: [Location]
        var descriptor: DescriptorReference
    }
    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]?
    }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name: String
        var version: String
        var semanticVersion: String
        var informationUri: String
        var rules: [Descriptor]
    }
    struct Text: Encodable { var text: String }
    struct Markdown: Encodable {
        var text: String
        var markdown: String
    }
    struct Configuration: Encodable {
        var level: String
        var enabled = true
    }
    struct DescriptorProperties: Encodable {
        var tags: [String]
        var thresholds: [String: String]
    }
    struct Descriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var help: Markdown
        var defaultConfiguration: Configuration
        var properties: DescriptorProperties
    }
    struct Artifact: Encodable { var location: ArtifactLocation }
    struct ArtifactLocation: Encodable {
        var uri: String
        var index: Int?
    }
    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int?
    }
    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }
    struct LogicalLocation: Encodable {
        var name: String
        var fullyQualifiedName: String
        var kind: String
    }
    struct Location: Encodable {
        var id: Int?
        var physicalLocation: PhysicalLocation
        var logicalLocations: [LogicalLocation]?
        var message: Text?
    }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var kind: String
        var message: Text
        var locations: [Location]
        var relatedLocations: [Location]?
        var partialFingerprints: [String: String]
    }

    /// A relative or absolute path as a URI reference (percent-encoding what a URI may not contain).
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    public func render(_ report: CheckReport, options: ReportOptions) -> String {
        var files = report.files + report.unreadableFiles
        for finding in report.findings where !files.contains(finding.location.file) { files.append(finding.location.file) }
        let fileIndex = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func physical(_ location: SourceLocation) -> PhysicalLocation {
            PhysicalLocation(
                artifactLocation: ArtifactLocation(uri: Self.uri(location.file), index: fileIndex[location.file]),
                region: location.line > 0 ? Region(startLine: location.line, startColumn: location.column > 0 ? location.column : nil) : nil)
        }
        let descriptors = report.rules.map { rule in
            Descriptor(
                id: rule.identifier, name: rule.name, shortDescription: Text(text: rule.summary),
                fullDescription: Text(text: rule.rationale),
                help: Markdown(
                    text: "\(rule.summary). \(rule.rationale)",
                    markdown: "**\(rule.name)** (`\(rule.identifier)`, \(rule.kind.rawValue)): \(rule.summary).\n\n\(rule.rationale)"),
                defaultConfiguration: Configuration(level: Self.level(rule.defaultSeverity)),
                properties: DescriptorProperties(
                    tags: [rule.kind.rawValue],
                    thresholds: Dictionary(uniqueKeysWithValues: rule.thresholds.map { ($0.name, $0.levels.description) })))
        }
        let ruleIndex = Dictionary(report.rules.enumerated().map { ($1.identifier, $0) }, uniquingKeysWith: { first, _ in first })
        let results = report.findings.map { finding in
            Result(
                ruleId: finding.ruleID, ruleIndex: ruleIndex[finding.ruleID] ?? -1, level: Self.level(finding.severity),
                kind: finding.severity == .note ? "informational" : "fail",
                message: Text(text: finding.message),
                locations: [
                    Location(
                        id: nil, physicalLocation: physical(finding.location),
                        logicalLocations: [
                            LogicalLocation(
                                name: finding.subject.id,
                                fullyQualifiedName: "\(finding.subject.kind.rawValue):\(finding.subject.id)",
                                kind: finding.subject.kind.rawValue)
                        ],
                        message: nil)
                ],
                relatedLocations: finding.related.isEmpty
                    ? nil
                    : finding.related.enumerated().map { index, related in
                        Location(id: index + 1, physicalLocation: physical(related.location), logicalLocations: nil, message: Text(text: related.message))
                    },
                partialFingerprints: [Self.fingerprintKey: finding.fingerprint])
        }
        let notifications = report.inputErrors.map { error in
            Notification(
                message: Text(text: error.message),
                locations: error.location.map { [Location(id: nil, physicalLocation: physical($0), logicalLocations: nil, message: nil)] } ?? [],
                descriptor: DescriptorReference(id: error.code))
        }
        let invocation = Invocation(executionSuccessful: notifications.isEmpty, toolExecutionNotifications: notifications.isEmpty ? nil : notifications)
        let run = Run(
            tool: Tool(
                driver: Driver(
                    name: options.toolName, version: options.toolVersion, semanticVersion: options.toolVersion,
                    informationUri: Self.informationURI, rules: descriptors)),
            invocations: [invocation], results: results,
            artifacts: files.map { Artifact(location: ArtifactLocation(uri: Self.uri($0), index: nil)) })
        return encodeJSON(Log(runs: [run]))
    }
}
