import FabricModel
import FabricRules
import FabricTestSupport
import Foundation
import Testing

@testable import FabricReports

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A fixed report exercising every field: errors, warnings, notes, related locations, a suppression, two files.
func sampleReport() -> CheckReport {
    var first = ExampleDesigns.leafSpine(name: "small", leaves: 4, spines: 2, perLeaf: 2)
    first.set("no_spof", .bool(true))
    first.link("leaf-0", "leaf-0")
    var topology = first.topology
    topology.file = "topologies/small.graphml"
    var second = ExampleDesigns.leafSpine(name: "clean", leaves: 2, spines: 4, perLeaf: 2, dualHomed: true)
    second.set("no_spof", .bool(true))
    var clean = second.topology
    clean.file = "topologies/clean & \"quoted\".graphml"
    var configuration = RuleConfiguration()
    configuration.suppressions = [Suppression(rule: "dual_homing", subject: "acc-3-*", reason: "spare rack, single-homed on purpose")]
    let checker = Checker(
        configuration: configuration,
        ruleTypes: [
            SelfLoopRule.self, DualHomingRule.self, SpineRedundancyRule.self, PodOversubscriptionRule.self, IsolatedDeviceRule.self,
        ])
    return checker.check([topology, clean])
}

/// Compares with `Goldens/NAME`, or rewrites it when `FABCHECK_UPDATE_GOLDENS=1`.
func assertGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens/\(name)")
    if ProcessInfo.processInfo.environment["FABCHECK_UPDATE_GOLDENS"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "golden \(name) differs; rerun with FABCHECK_UPDATE_GOLDENS=1 to accept", sourceLocation: sourceLocation)
}

@Suite("Reporter goldens")
struct ReporterGoldenTests {
    let options = ReportOptions(toolName: "fabcheck", toolVersion: "0.1.0", color: false, failureSeverity: .warning)

    @Test func text() throws { try assertGolden(TextReporter().render(sampleReport(), options: options), "report.txt") }

    @Test func textColor() throws {
        var colored = options
        colored.color = true
        let text = TextReporter().render(sampleReport(), options: colored)
        #expect(text.contains("\u{1B}[1;31m"))
        try assertGolden(text, "report-color.txt")
        #expect(!TextReporter().render(sampleReport(), options: options).contains("\u{1B}"))
    }

    @Test func textLimit() {
        let text = TextReporter(limitPerRule: 1).render(sampleReport(), options: options)
        #expect(text.contains("... and"))
    }

    @Test func json() throws { try assertGolden(JSONReporter().render(sampleReport(), options: options), "report.json") }
    @Test func sarif() throws { try assertGolden(SARIFReporter().render(sampleReport(), options: options), "report.sarif") }
    @Test func junit() throws { try assertGolden(JUnitReporter().render(sampleReport(), options: options), "report.junit.xml") }
    @Test func github() throws { try assertGolden(GitHubActionsReporter().render(sampleReport(), options: options), "report.github.txt") }

    @Test("--verbose: every finding on its own line and annotation, as before floods were grouped")
    func verbose() throws {
        try assertGolden(TextReporter(verbose: true).render(sampleReport(), options: options), "report-verbose.txt")
        try assertGolden(GitHubActionsReporter(verbose: true).render(sampleReport(), options: options), "report-verbose.github.txt")
    }

    @Test("same input, same bytes")
    func deterministic() {
        for format in ReportFormat.allCases {
            #expect(format.reporter.render(sampleReport(), options: options) == format.reporter.render(sampleReport(), options: options))
        }
    }

    @Test("JSON report round-trips as a baseline that accepts every finding")
    func jsonAsBaseline() throws {
        let report = sampleReport()
        let json = JSONReporter().render(report, options: options)
        let baseline = try Baseline.parse(Data(json.utf8), path: "baseline.json")
        #expect(baseline.fingerprints == Set(report.findings.map(\.fingerprint)))
        #expect(report.findings.allSatisfy(baseline.contains))
    }

    @Test("JUnit is well-formed XML with one testcase per rule and file")
    func junitStructure() throws {
        let report = sampleReport()
        let xml = JUnitReporter().render(report, options: options)
        let document = try XMLDocument(xmlString: xml)
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == report.rules.count * report.files.count)
        let failures = try document.nodes(forXPath: "//failure")
        #expect(failures.count == report.findings.filter { $0.severity >= .warning }.count)
    }

    @Test("GitHub annotations escape newlines, percent, colon and comma")
    func githubEscaping() {
        #expect(GitHubActionsReporter.escapeData("50%\r\nnext") == "50%25%0D%0Anext")
        #expect(GitHubActionsReporter.escapeProperty("a:b,c") == "a%3Ab%2Cc")
    }
}

@Suite("SARIF schema")
struct SARIFSchemaTests {
    @Test("SARIF output validates against the official 2.1.0 schema (python3 jsonschema)", arguments: [false, true])
    func validates(withInputErrors: Bool) throws {
        let schema = Fixtures.reference.appendingPathComponent("schemas/sarif-schema-2.1.0.json")
        #expect(FileManager.default.fileExists(atPath: schema.path), "the repository's copy of the schema is missing")
        let probe = runProcess("/usr/bin/env", ["python3", "-c", "import jsonschema"])
        guard probe.status == 0 else {
            // CI (.ci/run installs python3-jsonschema) must validate; a developer machine without it is told why not.
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "python3 jsonschema is missing in CI")
            print("skipped: python3 with jsonschema is not installed (\(probe.output.prefix(200)))")
            return
        }
        let sarif = SARIFReporter().render(withInputErrors ? sampleReportWithInputErrors() : sampleReport(), options: ReportOptions())
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-\(UUID().uuidString).sarif")
        try sarif.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)
            run = doc["runs"][0]
            assert run["results"], "no results"
            invocation = run["invocations"][0]
            assert invocation["executionSuccessful"] == (sys.argv[3] == "0"), invocation
            assert len(invocation.get("toolExecutionNotifications", [])) == int(sys.argv[3]), invocation
            print("valid")
            """
        let result = runProcess("/usr/bin/env", ["python3", "-c", script, schema.path, file.path, withInputErrors ? "2" : "0"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("valid"))
    }
}

/// Runs a process and returns its exit status and combined output.
func runProcess(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return (127, "\(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite("docs/rules.md")
struct RulesDocumentationTests {
    @Test("docs/rules.md is what `fabcheck rules --format markdown` prints")
    func upToDate() throws {
        let url = Fixtures.packageRoot.appendingPathComponent("docs/rules.md")
        let generated = RuleCatalog.markdown(RuleRegistry.descriptions)
        if ProcessInfo.processInfo.environment["FABCHECK_UPDATE_GOLDENS"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == generated, "docs/rules.md is stale: run `fabcheck rules --format markdown > docs/rules.md`")
        for rule in RuleRegistry.descriptions { #expect(committed.contains("### \(rule.identifier)\n")) }
    }
}
