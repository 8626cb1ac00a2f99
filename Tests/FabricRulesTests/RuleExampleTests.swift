import FabricModel
import Testing

@testable import FabricRules

/// Runs one rule with its default settings on a topology.
func run(_ type: any Rule.Type, on topology: Topology) -> [Finding] {
    let checker = Checker(ruleTypes: [type])
    return checker.findings(in: topology)
}

@Suite("Rule examples")
struct RuleExampleTests {
    @Test("every rule has a passing and a failing example", arguments: RuleRegistry.all.map { $0.description.identifier })
    func hasExamples(_ id: String) throws {
        let type = try #require(RuleRegistry.rule(withID: id))
        #expect(!type.description.passingExamples.isEmpty)
        #expect(!type.description.failingExamples.isEmpty)
    }

    @Test("passing examples give no warning or error", arguments: RuleRegistry.all.map { $0.description.identifier })
    func passing(_ id: String) throws {
        let type = try #require(RuleRegistry.rule(withID: id))
        for example in type.description.passingExamples {
            let findings = run(type, on: example.build()).filter { $0.severity >= .warning }
            #expect(findings.isEmpty, "\(id) / \(example.name): \(findings.map(\.message))")
        }
    }

    @Test("failing examples give a finding on the expected subjects", arguments: RuleRegistry.all.map { $0.description.identifier })
    func failing(_ id: String) throws {
        let type = try #require(RuleRegistry.rule(withID: id))
        for example in type.description.failingExamples {
            let findings = run(type, on: example.build())
            #expect(!findings.isEmpty, "\(id) / \(example.name) reported nothing")
            if type.description.defaultSeverity > .note {
                #expect(findings.contains { $0.severity >= .warning }, "\(id) / \(example.name): \(findings.map(\.message))")
            }
            let subjects = Set(findings.map(\.subject.id))
            for subject in example.expectedSubjects {
                #expect(subjects.contains(subject), "\(id) / \(example.name): no finding on '\(subject)' in \(subjects.sorted())")
            }
            for finding in findings {
                #expect(finding.ruleID == id)
                #expect(finding.location.file == example.build().file)
                #expect(finding.message.first?.isUppercase != true && !finding.message.hasSuffix("."), "\(finding.message)")
            }
        }
    }

    @Test("rule ids are unique snake_case without a _rule suffix")
    func identifiers() {
        let ids = RuleRegistry.all.map { $0.description.identifier }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(!id.hasSuffix("_rule"))
            #expect(id.allSatisfy { $0.isLowercase || $0 == "_" || $0.isNumber }, "\(id)")
        }
    }
}
