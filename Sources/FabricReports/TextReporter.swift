import FabricModel
import FabricRules

/// Human-readable findings grouped by severity (errors first), `FILE:LINE:COL: severity: message [rule]`, then a summary line.
/// Floods (one rule saying the same thing about many elements) are one line each unless `verbose`.
public struct TextReporter: Reporter {
    public static let identifier = "text"

    /// At most this many lines per rule and severity are listed (the rest are counted); nil lists all.
    public var limitPerRule: Int?
    /// Every finding on its own line instead of one line per flood (`FindingGrouping`).
    public var verbose: Bool

    /// Creates the reporter.
    public init(limitPerRule: Int? = nil, verbose: Bool = false) {
        self.limitPerRule = limitPerRule
        self.verbose = verbose
    }

    private enum Style: String {
        case red = "\u{1B}[1;31m"
        case yellow = "\u{1B}[1;33m"
        case cyan = "\u{1B}[1;36m"
        case bold = "\u{1B}[1m"
        case dim = "\u{1B}[2m"
        case reset = "\u{1B}[0m"
    }

    public func render(_ report: CheckReport, options: ReportOptions) -> String {
        func paint(_ text: String, _ style: Style) -> String { options.color ? style.rawValue + text + Style.reset.rawValue : text }
        func style(of severity: Severity) -> Style {
            switch severity {
            case .error: .red
            case .warning: .yellow
            case .note: .cyan
            }
        }
        var out = ""
        for severity in [Severity.error, .warning, .note] {
            let group = report.findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            out += paint("\(severity.rawValue)s (\(group.count))", style(of: severity)) + "\n"
            var shown: [String: Int] = [:]
            var hidden: [String: Int] = [:]
            for entry in FindingGrouping.group(group, minimumSize: verbose ? .max : FindingGrouping.defaultMinimumSize) {
                let finding = entry.first
                let count = shown[finding.ruleID, default: 0]
                if let limitPerRule, count >= limitPerRule {
                    hidden[finding.ruleID, default: 0] += entry.findings.count
                    continue
                }
                shown[finding.ruleID] = count + 1
                out += "  " + paint(finding.location.description + ":", .dim) + " " + paint(severity.rawValue + ":", style(of: severity))
                out += " \(entry.summary()) " + paint("[\(finding.ruleID)]", .dim) + "\n"
                for related in entry.isGroup ? [] : finding.related {
                    out += "    " + paint(related.location.description + ":", .dim) + " note: \(related.message)\n"
                }
            }
            for (rule, count) in hidden.sorted(by: { $0.key < $1.key }) {
                out += "  ... and \(count) more [\(rule)]\n"
            }
        }
        if !report.suppressed.isEmpty {
            out += paint("suppressed (\(report.suppressed.count))", .dim) + "\n"
            for (finding, reason) in report.suppressed {
                out += "  \(finding.location): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleID)] — \(reason)\n"
            }
        }
        if !report.inputErrors.isEmpty {
            out += paint("could not check (\(report.unreadableFiles.count) file\(report.unreadableFiles.count == 1 ? "" : "s"))", .red) + "\n"
            for error in report.inputErrors { out += "  \(error)\n" }
        }
        let failed = report.hasFindings(atOrAbove: options.failureSeverity) || !report.inputErrors.isEmpty
        let verdict = failed ? paint("fail", .red) : paint("pass", .bold)
        out += "\(options.toolName): \(verdict): \(summaryLine(report))\n"
        return out
    }
}
