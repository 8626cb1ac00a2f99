import FabricModel
import FabricRules
import Foundation

/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=T::message`, one per import error of a file
/// that could not be checked and one per finding (one per flood unless `verbose`, see `FindingGrouping`), then a
/// summary line.
public struct GitHubActionsReporter: Reporter {
    public static let identifier = "github"

    /// One annotation per finding instead of one per flood.
    public var verbose: Bool

    /// Creates the reporter.
    public init(verbose: Bool = false) { self.verbose = verbose }

    /// Escapes a command's message (`%`, CR, LF).
    static func escapeData(_ text: String) -> String {
        text.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
    }

    /// Escapes a command property (also `:` and `,`).
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }

    public func render(_ report: CheckReport, options: ReportOptions) -> String {
        var out = ""
        for error in report.inputErrors {
            let location = error.location ?? SourceLocation(file: "", line: 0, column: 0)
            var properties = ["file=\(Self.escapeProperty(location.file))"]
            if location.line > 0 { properties.append("line=\(location.line)") }
            if location.column > 0 { properties.append("col=\(location.column)") }
            properties.append("title=\(Self.escapeProperty("\(options.toolName) cannot read the file"))")
            out += "::error \(properties.joined(separator: ","))::\(Self.escapeData(error.message))\n"
        }
        for entry in FindingGrouping.group(report.findings, minimumSize: verbose ? .max : FindingGrouping.defaultMinimumSize) {
            let finding = entry.first
            let command =
                switch finding.severity {
                case .error: "error"
                case .warning: "warning"
                case .note: "notice"
                }
            var properties = ["file=\(Self.escapeProperty(finding.location.file))"]
            if finding.location.line > 0 { properties.append("line=\(finding.location.line)") }
            if finding.location.column > 0 { properties.append("col=\(finding.location.column)") }
            properties.append("title=\(Self.escapeProperty("\(options.toolName) \(finding.ruleID)"))")
            out += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(entry.summary()))\n"
        }
        out += "\(options.toolName): \(summaryLine(report))\n"
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced, compared by Unicode scalars (so `\r` inside `\r\n` is found).
    func replacingAll(_ target: String, _ replacement: String) -> String {
        replacingOccurrences(of: target, with: replacement, options: .literal)
    }
}
