import FabricModel
import FabricObserved
import FabricRules

extension VerifyReport {
    /// The severity a discrepancy is reported at: cabling faults are errors; rates and names are warnings.
    public static func severity(of kind: DiscrepancyKind) -> Severity {
        switch kind {
        case .missing, .unexpected, .miswired, .swapped, .duplicate: .error
        case .speed, .width, .unnamed: .warning
        }
    }

    /// The rule description each kind is reported under in SARIF, JUnit and GitHub output (`verify_missing`, …).
    public static func ruleDescription(of kind: DiscrepancyKind) -> RuleDescription {
        let summary: String =
            switch kind {
            case .missing: "a designed cable is not observed"
            case .unexpected: "an observed cable is not in the design"
            case .miswired: "an observed cable has one end where designed and the other on the wrong device or port"
            case .swapped: "two cables are crossed between the devices they were designed for"
            case .speed: "an observed cable runs at another lane rate than designed"
            case .width: "an observed cable runs with another lane count than designed"
            case .unnamed: "an observed device reports a default name or a name the design does not have"
            case .duplicate: "several neighbours are reported on one port"
            }
        return RuleDescription(
            identifier: "verify_\(kind.rawValue)", name: "verify: \(kind.rawValue)", summary: summary,
            rationale:
                "As built must be as designed: fabcheck verify compares the fabric's own neighbour data (ibnetdiscover, LLDP, a cabling sheet) with the design.",
            kind: .consistency, defaultSeverity: severity(of: kind))
    }

    /// The discrepancies as findings (design location for design-side kinds, observed location otherwise), in
    /// ranking order, for the SARIF, JUnit and GitHub reporters.
    public func checkReport() -> CheckReport {
        var findings: [Finding] = []
        let design = result.design
        for index in ranking {
            let item = result.discrepancies[index]
            var message = "\(item.kind.rawValue): \(item.message)"
            let phrases = impacts[index].phrases
            if !phrases.isEmpty { message += "; impact: " + phrases.joined(separator: "; ") }
            let location: SourceLocation
            let subject: FindingSubject
            var related: [RelatedLocation] = []
            if let first = item.designLinks.first {
                location = design.location(ofLink: first)
                let link = design.links[Int(first)]
                subject = FindingSubject(.link, link.id ?? "\(design.devices[Int(link.source)].id)~\(design.devices[Int(link.target)].id)")
                for other in item.designLinks.dropFirst() { related.append(RelatedLocation("the other designed cable", design.location(ofLink: other))) }
            } else if item.observedDevice >= 0 {
                let device = result.observed.devices[Int(item.observedDevice)]
                location =
                    device.location.line > 0 ? device.location : (item.observedLinks.first.map { result.observed.links[Int($0)].location } ?? device.location)
                subject = FindingSubject(.device, device.key)
            } else {
                let link = item.observedLinks.first.map { result.observed.links[Int($0)] }
                location = link?.location ?? SourceLocation(file: result.observed.files.first ?? "", line: 0, column: 0)
                subject = FindingSubject(
                    .link,
                    link.map {
                        "observed:\(result.observed.devices[Int($0.a.device)].key):\($0.a.port)~\(result.observed.devices[Int($0.b.device)].key):\($0.b.port)"
                    } ?? "observed")
            }
            for observed in item.observedLinks.prefix(4) { related.append(RelatedLocation("observed cable", result.observed.links[Int(observed)].location)) }
            findings.append(
                Finding(
                    ruleID: "verify_\(item.kind.rawValue)", severity: Self.severity(of: item.kind), message: message,
                    subject: subject, location: location, related: related))
        }
        for finding in fabricFindings {
            var copy = finding
            copy.message = "as built: " + finding.message
            findings.append(copy)
        }
        let kinds = Set(result.discrepancies.map(\.kind))
        let rules = DiscrepancyKind.allCases.filter { kinds.contains($0) }.map(Self.ruleDescription(of:))
        return CheckReport(files: [design.file] + result.observed.files, rules: rules, findings: findings)
    }

    /// `48 designed cables: 44 ok, 1 missing, 1 swapped` (kinds with a zero count left out).
    public var summaryLine: String {
        let parts = result.summary.dropFirst().filter { $0.count > 0 }.map { "\($0.count) \($0.kind)" }
        return "\(result.designedCables) designed cable\(result.designedCables == 1 ? "" : "s"), \(result.observed.links.count) observed: \(result.okCount) ok"
            + (parts.isEmpty ? "" : ", " + parts.joined(separator: ", "))
    }

    /// The text report: a summary line, then each discrepancy (most harmful first) with its places and impact.
    public func renderText() -> String {
        let design = result.design
        var out = "verify \(design.file) against \(result.observed.files.joined(separator: ", ")) (\(result.observed.format.rawValue))\n"
        out += summaryLine + "\n"
        for index in ranking {
            let item = result.discrepancies[index]
            out += "\n\(Self.severity(of: item.kind).rawValue): \(item.kind.rawValue): \(item.message)\n"
            let designLines = item.designLinks.map { design.location(ofLink: $0).description }
            if !designLines.isEmpty { out += "  design:   \(designLines.joined(separator: ", "))\n" }
            let observedLines = item.observedLinks.prefix(6).map { result.observed.links[Int($0)].location.description }
            if !observedLines.isEmpty { out += "  observed: \(observedLines.joined(separator: ", "))\(item.observedLinks.count > 6 ? ", …" : "")\n" }
            for phrase in impacts[index].phrases { out += "  impact:   \(phrase)\n" }
        }
        if !fabricFindings.isEmpty {
            out += "\nas built, the fabric also has:\n"
            for finding in fabricFindings { out += "  \(finding.severity.rawValue): \(finding.ruleID): \(finding.message)\n" }
        }
        return out
    }

    struct JSONEnd: Codable {
        var source: String
        var sourcePort: String?
        var target: String
        var targetPort: String?
        var file: String
        var line: Int
        var rate: String?
    }

    struct JSONImpact: Codable {
        var score: Int
        var strandedAccelerators: [String]
        var lostDualHoming: [String]
        var railBreaks: [String]
        var findings: [JSONFinding]
    }

    struct JSONFinding: Codable {
        var rule: String
        var severity: String
        var message: String
        var subject: String
    }

    struct JSONDiscrepancy: Codable {
        var kind: String
        var severity: String
        var message: String
        var source: String?
        var sourcePort: String?
        var target: String?
        var targetPort: String?
        var file: String?
        var line: Int?
        var design: [JSONEnd]
        var observed: [JSONEnd]
        var device: String?
        var guess: String?
        var impact: JSONImpact
    }

    struct JSONDocument: Codable {
        var design: String
        var observedFiles: [String]
        var observedFormat: String
        var designedCables: Int
        var observedCables: Int
        var summary: [String: Int]
        var discrepancies: [JSONDiscrepancy]
        var asBuiltFindings: [JSONFinding]
    }

    /// The JSON report: `summary` (count per kind, `ok` included), `discrepancies` most harmful first, each with its
    /// design side (`source`, `sourcePort`, `target`, `targetPort`, `file`, `line`), observed side and `impact`.
    public func renderJSON() -> String {
        let design = result.design
        func designEnd(_ index: Int32) -> JSONEnd {
            let link = design.links[Int(index)]
            let location = design.location(ofLink: index)
            return JSONEnd(
                source: design.devices[Int(link.source)].id, sourcePort: link.sourcePort >= 0 ? design.ports[Int(link.sourcePort)].name : nil,
                target: design.devices[Int(link.target)].id, targetPort: link.targetPort >= 0 ? design.ports[Int(link.targetPort)].name : nil,
                file: location.file, line: location.line, rate: link.bandwidth.map(ObservedLinkText.gigabits))
        }
        func name(_ device: Int32) -> String {
            let mapped = result.designDeviceOfObserved[Int(device)]
            if mapped >= 0 { return design.devices[Int(mapped)].id }
            let record = result.observed.devices[Int(device)]
            return record.name.isEmpty ? record.key : record.name
        }
        func observedEnd(_ index: Int32) -> JSONEnd {
            let link = result.observed.links[Int(index)]
            return JSONEnd(
                source: name(link.a.device), sourcePort: link.a.port.isEmpty ? nil : link.a.port,
                target: name(link.b.device), targetPort: link.b.port.isEmpty ? nil : link.b.port,
                file: link.location.file, line: link.location.line, rate: link.rateText.isEmpty ? nil : link.rateText)
        }
        func finding(_ value: Finding) -> JSONFinding {
            JSONFinding(rule: value.ruleID, severity: value.severity.rawValue, message: value.message, subject: value.subject.description)
        }
        var items: [JSONDiscrepancy] = []
        for index in ranking {
            let item = result.discrepancies[index]
            let impact = impacts[index]
            let designSide = item.designLinks.map(designEnd)
            let first = designSide.first
            let device = item.observedDevice >= 0 ? result.observed.devices[Int(item.observedDevice)] : nil
            items.append(
                JSONDiscrepancy(
                    kind: item.kind.rawValue, severity: Self.severity(of: item.kind).rawValue, message: item.message,
                    source: first?.source, sourcePort: first?.sourcePort, target: first?.target, targetPort: first?.targetPort,
                    file: first?.file, line: first?.line, design: designSide, observed: item.observedLinks.map(observedEnd),
                    device: device.map { $0.name.isEmpty ? $0.key : $0.name }, guess: item.guess >= 0 ? design.devices[Int(item.guess)].id : nil,
                    impact: JSONImpact(
                        score: impact.score, strandedAccelerators: impact.strandedAccelerators, lostDualHoming: impact.lostDualHoming,
                        railBreaks: impact.railBreaks, findings: impact.findings.map(finding))))
        }
        var summary: [String: Int] = [:]
        for entry in result.summary { summary[entry.kind] = entry.count }
        return encodeJSON(
            JSONDocument(
                design: design.file, observedFiles: result.observed.files, observedFormat: result.observed.format.rawValue,
                designedCables: result.designedCables, observedCables: result.observed.links.count,
                summary: summary, discrepancies: items, asBuiltFindings: fabricFindings.map(finding)))
    }
}

/// Rate formatting shared with the observed side.
enum ObservedLinkText {
    static func gigabits(_ value: Double) -> String {
        let gb = value / 1e9
        return gb == gb.rounded() ? "\(Int(gb))Gb/s" : "\(gb)Gb/s"
    }
}
