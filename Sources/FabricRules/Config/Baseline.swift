import Foundation

/// Accepted findings, by fingerprint: a fabcheck JSON report (`findings[].fingerprint`) or a JSON list of fingerprints.
/// Lets a team adopt fabcheck on an existing design and fail only on new findings.
///
/// A baseline taken from a JSON report also matches findings by design identity: same rule, same subject, and the same
/// design file up to its folder and its `.graphml` / `.graphml.gz` / `.xml` ending, so a design that moved or got
/// compressed (`pod.graphml` -> `pod.graphml.gz`) keeps its accepted findings (the fingerprint hashes the file name).
public struct Baseline: Hashable, Sendable {
    /// The accepted fingerprints.
    public var fingerprints: Set<String>
    /// The accepted findings by rule, subject and design identity (from a JSON report; empty for a fingerprint list).
    var findingKeys: Set<FindingKey>

    /// A baseline accepting these fingerprints.
    public init(fingerprints: Set<String>) {
        self.fingerprints = fingerprints
        self.findingKeys = []
    }

    /// Whether a finding is accepted: by fingerprint, or by rule, subject and design identity.
    public func contains(_ finding: Finding) -> Bool {
        if fingerprints.contains(finding.fingerprint) { return true }
        guard !findingKeys.isEmpty else { return false }
        return findingKeys.contains(
            FindingKey(
                ruleID: finding.ruleID, kind: finding.subject.kind.rawValue, id: finding.subject.id,
                design: Self.designIdentity(ofFile: finding.location.file)))
    }

    /// A design's identity for baselines: the file name without folders and without `.gz`, then `.graphml`, `.xml`.
    public static func designIdentity(ofFile file: String) -> String {
        var name = file.split(separator: "/").last.map(String.init) ?? file
        if name.hasSuffix(".gz") { name.removeLast(3) }
        for ending in [".graphml", ".xml"] where name.hasSuffix(ending) {
            name.removeLast(ending.count)
            break
        }
        return name
    }

    /// One accepted finding: rule, subject and design identity.
    struct FindingKey: Hashable, Sendable {
        var ruleID: String
        var kind: String
        var id: String
        var design: String
    }

    private struct Report: Decodable {
        struct Subject: Decodable {
            var kind: String
            var id: String
        }
        struct Location: Decodable { var file: String }
        struct Entry: Decodable {
            var fingerprint: String
            var ruleId: String?
            var subject: Subject?
            var location: Location?
        }
        var findings: [Entry]
    }

    /// Reads a baseline file.
    public static func load(path: String) throws(RulesError) -> Baseline {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .invalidBaseline(path: path, reason: "cannot read it: \((error as NSError).localizedDescription)")
        }
        return try parse(data, path: path)
    }

    /// Parses baseline JSON.
    public static func parse(_ data: Data, path: String) throws(RulesError) -> Baseline {
        let decoder = JSONDecoder()
        if let report = try? decoder.decode(Report.self, from: data) {
            var baseline = Baseline(fingerprints: Set(report.findings.map(\.fingerprint)))
            for entry in report.findings {
                guard let rule = entry.ruleId, let subject = entry.subject, let file = entry.location?.file else { continue }
                baseline.findingKeys.insert(FindingKey(ruleID: rule, kind: subject.kind, id: subject.id, design: designIdentity(ofFile: file)))
            }
            return baseline
        }
        if let list = try? decoder.decode([String].self, from: data) {
            return Baseline(fingerprints: Set(list))
        }
        throw .invalidBaseline(path: path, reason: "expected a fabcheck JSON report or a list of fingerprints")
    }
}
