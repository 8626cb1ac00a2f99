import FabricModel
import FabricRules

/// JUnit XML for CI test panels: one `<testsuite>` per file, one `<testcase>` per rule that ran, one `<failure>`
/// per finding at or above the failure severity (other findings go to `<system-out>`); clean rules pass. A file that
/// could not be read is a `<testsuite>` with one test case, `import`, holding an `<error>` per import error. Valid
/// against the strict Jenkins/Ant JUnit schema (`Tests/FabricReportsTests/Schemas/jenkins-junit.xsd`): the file is the
/// suite's name, not a `file` attribute on `<testcase>`, which that schema rejects.
public struct JUnitReporter: Reporter {
    public static let identifier = "junit"

    /// Creates the reporter.
    public init() {}

    /// Escapes text for XML attributes and content.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case "\r": out += "&#13;"
            default:
                // XML 1.0 forbids most control characters even escaped.
                if scalar.value < 0x20 { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    public func render(_ report: CheckReport, options: ReportOptions) -> String {
        var suites = ""
        var totalTests = 0
        var totalFailures = 0
        for file in report.files {
            let findings = report.findings.filter { $0.location.file == file }
            var cases = ""
            var failures = 0
            for rule in report.rules {
                let mine = findings.filter { $0.ruleID == rule.identifier }
                let failing = mine.filter { $0.severity >= options.failureSeverity }
                let other = mine.filter { $0.severity < options.failureSeverity }
                if !failing.isEmpty { failures += 1 }
                cases += "    <testcase classname=\"\(Self.escape(options.toolName)).\(rule.kind.rawValue)\" name=\"\(rule.identifier)\""
                if mine.isEmpty {
                    cases += "/>\n"
                    continue
                }
                cases += ">\n"
                for finding in failing {
                    cases += "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(Self.escape(finding.message))\">"
                    cases += Self.escape("\(finding.location): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleID)]")
                    cases += "</failure>\n"
                }
                if !other.isEmpty {
                    let lines = other.map { "\($0.location): \($0.severity.rawValue): \($0.message)" }.joined(separator: "\n")
                    cases += "      <system-out>\(Self.escape(lines))</system-out>\n"
                }
                cases += "    </testcase>\n"
            }
            totalTests += report.rules.count
            totalFailures += failures
            suites += "  <testsuite name=\"\(Self.escape(file))\" tests=\"\(report.rules.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
            suites += cases
            suites += "  </testsuite>\n"
        }
        var totalErrors = 0
        for file in report.unreadableFiles {
            let errors = report.inputErrors.filter { $0.location?.file == file }
            totalTests += 1
            totalErrors += 1
            suites += "  <testsuite name=\"\(Self.escape(file))\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
            suites += "    <testcase classname=\"\(Self.escape(options.toolName)).input\" name=\"import\">\n"
            for error in errors {
                suites +=
                    "      <error type=\"\(Self.escape(error.code))\" message=\"\(Self.escape(error.message))\">\(Self.escape(error.description))</error>\n"
            }
            suites += "    </testcase>\n"
            suites += "  </testsuite>\n"
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(Self.escape(options.toolName))\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"\(totalErrors)\">\n"
        out += suites
        out += "</testsuites>\n"
        return out
    }
}
