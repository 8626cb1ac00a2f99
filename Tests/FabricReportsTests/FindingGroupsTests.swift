import FabricGraph
import FabricModel
import FabricRules
import Testing

@testable import FabricReports

/// A hand-written finding about a device at line `line` of `file`.
private func finding(
    _ rule: String, _ severity: Severity, _ message: String, device: String, line: Int,
    file: String = "pod.graphml"
) -> Finding {
    Finding(
        ruleID: rule, severity: severity, message: message, subject: FindingSubject(.device, device),
        location: SourceLocation(file: file, line: line, column: 5))
}

@Suite("Finding groups")
struct FindingGroupsTests {
    @Test("a shape replaces quoted names, not apostrophes inside words")
    func shapes() {
        #expect(
            FindingGrouping.shape(of: "'acc-0' has scale-out links to 1 switch ('leaf-0'); at least 2 required")
                == "'…' has scale-out links to 1 switch ('…'); at least 2 required")
        #expect(FindingGrouping.shape(of: "link 'a'~'b' is a single point of failure") == "link '…'~'…' is a single point of failure")
        #expect(FindingGrouping.shape(of: "an accelerator's own link 'x' is accepted") == "an accelerator's own link '…' is accepted")
        #expect(FindingGrouping.shape(of: "no names at all") == "no names at all")
        #expect(FindingGrouping.split("'o'brien-1' is odd").names == ["o'brien-1"])
    }

    @Test("the issue's flood: 960 switches stranding 16 accelerators each are one line naming three")
    func flood() {
        let findings = (0..<960).map {
            finding(
                "single_point_of_failure", .error, "'sw\($0)' is a single point of failure: losing it cuts 16 accelerators off",
                device: "sw\($0)", line: 10 + $0)
        }
        let groups = FindingGrouping.group(findings)
        #expect(groups.count == 1)
        #expect(groups[0].findings == findings)
        #expect(groups[0].first.location.line == 10)
        #expect(
            groups[0].summary()
                == "960 devices: '…' is a single point of failure: losing it cuts 16 accelerators off — sw0, sw1, sw2, … (957 more)")
    }

    @Test("names every member share stay in the shape; small groups list every name")
    func sharedNames() {
        let findings = (0..<4).map {
            finding(
                "spine_redundancy", .warning, "'leaf-\($0)' has 2 spines; at least 4 required (losing 'spine-0' removes 50%)",
                device: "leaf-\($0)", line: $0 + 2)
        }
        let groups = FindingGrouping.group(findings)
        #expect(groups.map(\.findings.count) == [4])
        #expect(
            groups[0].summary()
                == "4 devices: '…' has 2 spines; at least 4 required (losing 'spine-0' removes 50%) — leaf-0, leaf-1, leaf-2, leaf-3")
    }

    @Test("another number, rule, severity or file is another shape; small groups stay single, in place")
    func separation() {
        let cut16 = "'sw' is a single point of failure: losing it cuts 16 accelerators off"
        let findings = [
            finding("single_point_of_failure", .error, cut16.replacingOccurrences(of: "'sw'", with: "'sw0'"), device: "sw0", line: 1),
            finding("single_point_of_failure", .error, cut16.replacingOccurrences(of: "'sw'", with: "'sw1'"), device: "sw1", line: 2),
            finding(
                "single_point_of_failure", .error, "'sw2' is a single point of failure: losing it cuts 8 accelerators off",
                device: "sw2", line: 3),
            finding("single_point_of_failure", .error, cut16.replacingOccurrences(of: "'sw'", with: "'sw3'"), device: "sw3", line: 4),
            finding("blast_radius", .error, cut16.replacingOccurrences(of: "'sw'", with: "'sw4'"), device: "sw4", line: 5),
            finding("single_point_of_failure", .warning, cut16.replacingOccurrences(of: "'sw'", with: "'sw5'"), device: "sw5", line: 6),
            finding(
                "single_point_of_failure", .error, cut16.replacingOccurrences(of: "'sw'", with: "'sw6'"), device: "sw6", line: 1,
                file: "other.graphml"),
        ]
        let groups = FindingGrouping.group(findings)
        // sw0, sw1, sw3 form a group at sw0's place; the rest are alone, in their input order.
        #expect(groups.map { $0.findings.map(\.subject.id) } == [["sw0", "sw1", "sw3"], ["sw2"], ["sw4"], ["sw5"], ["sw6"]])
        #expect(groups[0].summary() == "3 devices: '…' is a single point of failure: losing it cuts 16 accelerators off — sw0, sw1, sw3")
        #expect(groups[1].summary() == findings[2].message)
        #expect(!groups[1].isGroup)
        // A minimum of 4 leaves every finding alone, in input order.
        #expect(FindingGrouping.group(findings, minimumSize: 4).map(\.first) == findings)
        #expect(FindingGrouping.group(findings, minimumSize: .max).count == findings.count)
    }

    @Test("subjects of several kinds are counted as findings")
    func mixedKinds() {
        var findings = (0..<3).map { finding("r", .note, "'x\($0)' is odd", device: "x\($0)", line: $0) }
        findings[1].subject = FindingSubject(.link, "x1")
        #expect(FindingGrouping.group(findings)[0].summary() == "3 findings: '…' is odd — x0, x1, x2")
    }

    @Test("grouping sorted findings does not depend on the order they were found in")
    func deterministic() {
        var generator = SplitMix64(seed: 7)
        let findings = (0..<40).map { index in
            finding(
                index % 2 == 0 ? "a" : "b", index % 3 == 0 ? .error : .warning,
                "'d\(index)' has \(index % 4) links to 'leaf'", device: "d\(index)", line: index)
        }
        let expected = FindingGrouping.group(findings.sorted(by: Finding.reportOrder))
        for _ in 0..<5 {
            let shuffled = findings.shuffled(using: &generator)
            #expect(FindingGrouping.group(shuffled.sorted(by: Finding.reportOrder)) == expected)
        }
        #expect(expected.reduce(0) { $0 + $1.findings.count } == findings.count)
    }
}
