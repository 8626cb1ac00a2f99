import Foundation

/// Accepted findings, by fingerprint: a fabcheck JSON report (`findings[].fingerprint`) or a JSON list of fingerprints.
/// Lets a team adopt fabcheck on an existing design and fail only on new findings.
public struct Baseline: Hashable, Sendable {
    /// The accepted fingerprints.
    public var fingerprints: Set<String>

    /// A baseline accepting these fingerprints.
    public init(fingerprints: Set<String>) { self.fingerprints = fingerprints }

    /// Whether a finding is accepted.
    public func contains(_ finding: Finding) -> Bool { fingerprints.contains(finding.fingerprint) }

    private struct Report: Decodable {
        struct Entry: Decodable { var fingerprint: String }
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
            return Baseline(fingerprints: Set(report.findings.map(\.fingerprint)))
        }
        if let list = try? decoder.decode([String].self, from: data) {
            return Baseline(fingerprints: Set(list))
        }
        throw .invalidBaseline(path: path, reason: "expected a fabcheck JSON report or a list of fingerprints")
    }
}
