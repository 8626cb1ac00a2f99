import FabricModel
import Foundation
import Testing

@testable import FabricRules

@Suite("Rule configuration")
struct ConfigurationTests {
    let yaml = """
        profile: superpod
        properties:
          no_spof: true
          virtual_lanes: 2
        rules:
          dual_homing:
            severity: error
          pod_oversubscription:
            ratio: { warning: 2.5, error: none }
          failure_budget: false
        suppressions:
          - rule: spine_redundancy
            subject: leaf-1
            reason: spare leaf being drained
        baseline: accepted.json
        """

    @Test func parsesEveryKey() throws {
        let configuration = try RuleConfiguration.parse(yaml: yaml, file: "conf/fabcheck.yml")
        #expect(configuration.profile == "superpod")
        #expect(configuration.noSPOF == true)
        #expect(configuration.virtualLanes == 2)
        #expect(configuration.rules["dual_homing"]?.severity == .error)
        #expect(configuration.rules["pod_oversubscription"]?.levels["ratio"] == SeverityLevels(warning: 2.5, error: nil))
        #expect(configuration.rules["failure_budget"]?.enabled == false)
        #expect(configuration.suppressions.first?.subject == "leaf-1")
        #expect(configuration.suppressions.first?.location?.line == 12)
        #expect(configuration.resolvedBaselinePath == "conf/accepted.json")
        let properties = configuration.applied(to: DesignProperties())
        #expect(properties.acceleratorLimit == 15_488)
        #expect(properties.noSPOF)
        #expect(configuration.settings(for: FailureBudgetRule.description) == nil)
    }

    @Test func configurationChangesFindings() throws {
        let configuration = try RuleConfiguration.parse(yaml: yaml, file: "fabcheck.yml")
        // Single-homed, 2:1 leaves with 2 spines: dual_homing becomes an error, 2:1 is under the raised 2.5 warning level,
        // and the suppressed leaf is filtered out.
        let topology = ExampleDesigns.leafSpine(leaves: 4, spines: 2, perLeaf: 4).topology
        let report = Checker(configuration: configuration).check([topology])
        #expect(report.findings.contains { $0.ruleID == "dual_homing" && $0.severity == .error })
        #expect(!report.findings.contains { $0.ruleID == "pod_oversubscription" && $0.severity > .note })
        #expect(!report.findings.contains { $0.ruleID == "failure_budget" })
        #expect(report.suppressed.map(\.finding.subject.id) == ["leaf-1"])
        #expect(report.findings.contains { $0.ruleID == "spine_redundancy" && $0.subject.id == "leaf-0" })
        // Without the configuration the same design has a pod_oversubscription error and warnings only for dual_homing (not tagged).
        let plain = Checker().check([topology])
        #expect(plain.findings.contains { $0.ruleID == "pod_oversubscription" && $0.severity == .error })
        #expect(!plain.findings.contains { $0.ruleID == "dual_homing" })
    }

    @Test(
        "errors name the file, line and column",
        arguments: [
            ("rules:\n  dual_homin: { severity: error }\n", "fabcheck.yml:2:3: error: unknown rule id 'dual_homin' (did you mean 'dual_homing'?)"),
            ("profile: superpod\nprofiles: x\n", "fabcheck.yml:2:1: error: unknown key 'profiles' in the configuration"),
            ("properties:\n  no_spof: maybe\n", "fabcheck.yml:2:12: error: 'no_spof' must be true or false"),
            ("properties:\n  virtual_lanes: 0\n", "fabcheck.yml:2:18: error: 'virtual_lanes' must be a positive integer"),
            ("rules:\n  spine_redundancy:\n    spine: { warning: 3 }\n", "fabcheck.yml:3:5: error: rule 'spine_redundancy' has no threshold 'spine'"),
            (
                "rules:\n  spine_redundancy:\n    spines: { warning: many }\n",
                "fabcheck.yml:3:24: error: 'spine_redundancy.spines.warning' must be a number or none"
            ),
            ("rules:\n  dual_homing: { severity: fatal }\n", "fabcheck.yml:2:28: error: 'dual_homing.severity' must be note, warning or error"),
            ("suppressions:\n  - rule: dual_homing\n    subject: gpu-1\n", "fabcheck.yml:2:5: error: a suppression needs 'reason'"),
            ("suppressions:\n  - rule: dual_homing\n    subject: gpu-1\n    reason: ''\n", "fabcheck.yml:2:5: error: a suppression needs 'reason'"),
            ("rules: [a, b]\n", "fabcheck.yml:1:8: error: 'rules' must be a mapping"),
            ("rules:\n  dual_homing: {\n", "fabcheck.yml:3:1: error: invalid YAML"),
        ])
    func errors(_ text: String, _ expected: String) {
        do {
            _ = try RuleConfiguration.parse(yaml: text, file: "fabcheck.yml")
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    @Test func emptyFileIsTheDefault() throws {
        let configuration = try RuleConfiguration.parse(yaml: "", file: "fabcheck.yml")
        #expect(configuration.rules.isEmpty)
        #expect(configuration.settings(for: DualHomingRule.description) == RuleSettings(DualHomingRule.description))
    }

    @Test func baselineAcceptsKnownFindings() throws {
        let topology = ExampleDesigns.leafSpine(leaves: 4, spines: 2, perLeaf: 2).topology
        let all = Checker().check([topology])
        let accepted = Set(all.findings.filter { $0.ruleID == "spine_redundancy" }.map(\.fingerprint))
        #expect(!accepted.isEmpty)
        let report = Checker(baseline: Baseline(fingerprints: accepted)).check([topology])
        #expect(report.baselined == accepted.count)
        #expect(!report.findings.contains { $0.ruleID == "spine_redundancy" })
        #expect(report.findings.count == all.findings.count - accepted.count)
        #expect(throws: RulesError.self) { try Baseline.parse(Data("{\"x\":1}".utf8), path: "b.json") }
        #expect(try Baseline.parse(Data("[\"abc\"]".utf8), path: "b.json").fingerprints == ["abc"])
    }

    @Test("a baseline report matches the design compressed or moved (pod.graphml -> pod.graphml.gz), not another design")
    func baselineByDesignIdentity() throws {
        // A report as `check --format json` writes it, by hand.
        let report = """
            {"findings": [{"ruleId": "dual_homing", "subject": {"kind": "device", "id": "gpu-3"},
              "location": {"file": "designs/pod.graphml", "line": 12, "column": 5}, "fingerprint": "0123456789abcdef"}]}
            """
        let baseline = try Baseline.parse(Data(report.utf8), path: "accepted.json")
        func finding(_ file: String, rule: String = "dual_homing", id: String = "gpu-3") -> Finding {
            Finding(
                ruleID: rule, severity: .warning, message: "m", subject: FindingSubject(.device, id),
                location: SourceLocation(file: file, line: 40, column: 1))
        }
        #expect(baseline.contains(finding("pod.graphml.gz")))
        #expect(baseline.contains(finding("/tmp/other/pod.graphml")))
        #expect(!baseline.contains(finding("pod-v2.graphml")))
        #expect(!baseline.contains(finding("pod.graphml", rule: "spine_redundancy")))
        #expect(!baseline.contains(finding("pod.graphml", id: "gpu-4")))
        #expect(Baseline.designIdentity(ofFile: "a/b/pod.graphml.gz") == "pod")
    }

    @Test("fingerprints ignore the line and the folder but not the subject")
    func fingerprints() {
        let a = Finding(
            ruleID: "r", severity: .error, message: "m", subject: FindingSubject(.device, "x"),
            location: SourceLocation(file: "a/f.graphml", line: 3, column: 1))
        let b = Finding(
            ruleID: "r", severity: .warning, message: "n", subject: FindingSubject(.device, "x"),
            location: SourceLocation(file: "b/f.graphml", line: 9, column: 2))
        let c = Finding(
            ruleID: "r", severity: .error, message: "m", subject: FindingSubject(.device, "y"),
            location: SourceLocation(file: "a/f.graphml", line: 3, column: 1))
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.fingerprint != c.fingerprint)
        #expect(a.fingerprint.count == 16)
    }

    @Test("graph-level properties declare the design")
    func graphProperties() {
        var topology = Topology(file: "x")
        topology.properties = [
            "lossless": .bool(true), "no_spof": .string("true"), "single_homed": .bool(true),
            "virtual_lanes": .int(4), "profile": .string("superpod"), "accelerators": .int(12),
        ]
        let properties = DesignProperties(topology: topology)
        #expect(properties.lossless && properties.noSPOF && properties.singleHomed)
        #expect(properties.virtualLanes == 4)
        #expect(properties.acceleratorLimit == 15_488)
        #expect(properties.declaredAccelerators == 12)
    }

    @Test("severity levels grade in both directions")
    func levels() {
        let above = SeverityLevels(warning: 1.07, error: 1.25)
        #expect(above.severity(of: 1.07, .above) == nil)
        #expect(above.severity(of: 1.1, .above) == .warning)
        #expect(above.severity(of: 1.3, .above) == .error)
        let below = SeverityLevels(warning: 400, error: 100)
        #expect(below.severity(of: 400, .below) == nil)
        #expect(below.severity(of: 200, .below) == .warning)
        #expect(below.severity(of: 50, .below) == .error)
    }
}
