import FabricModel
import FabricRules

/// Findings of one rule and severity in one file whose messages differ only in the quoted names, shown as one line in the text
/// and GitHub formats (`6 devices: '…' has 1 uplink — acc-0, acc-1, acc-2, … (3 more)`).
public struct FindingGroup: Sendable, Equatable {
    /// The members in the order they were given (report order); never empty.
    public let findings: [Finding]
    /// The members' message with every quoted name that differs between members replaced by `'…'`.
    public let shape: String

    /// The first member: its location and severity stand for the group.
    public var first: Finding {
        assert(!findings.isEmpty, "a finding group has at least one member")
        return findings[0]
    }

    /// Whether the group stands for more than one finding.
    public var isGroup: Bool { findings.count > 1 }

    /// `960 devices: '…' is a single point of failure … — sw0, sw1, sw2, … (957 more)`; the message alone for one finding.
    /// - Parameter listing: names shown before `… (N more)` when there are more than `listing + 1` members.
    public func summary(listing: Int = 3) -> String {
        guard isGroup else { return first.message }
        let ids = findings.map(\.subject.id)
        let shown = ids.count <= listing + 1 ? ids : Array(ids.prefix(listing)) + ["… (\(ids.count - listing) more)"]
        return "\(findings.count) \(Self.noun(for: findings)): \(shape) — \(shown.joined(separator: ", "))"
    }

    /// The plural noun for the members' subjects (`devices`, `links`), or `findings` when they are of several kinds.
    static func noun(for findings: [Finding]) -> String {
        let kinds = Set(findings.map(\.subject.kind))
        guard kinds.count == 1, let kind = kinds.first else { return "findings" }
        return switch kind {
        case .design: "designs"
        case .device: "devices"
        case .link: "links"
        case .srlg: "SRLGs"
        case .pod: "pods"
        case .plane: "planes"
        case .port: "ports"
        }
    }
}

/// Grouping floods of findings: one rule reporting the same thing about hundreds of switches becomes one line.
public enum FindingGrouping {
    /// Groups smaller than this stay as single findings (two lines read as easily as one summary).
    public static let defaultMinimumSize = 3

    /// A message split into its text outside quotes and the quoted names: `'a' has 2 links to 'b'` is
    /// `(["", " has 2 links to ", ""], ["a", "b"])`. A quote opens only after a non-letter (so `accelerator's`
    /// is text) and closes only before a non-letter or the end.
    /// - Complexity: O(message length).
    static func split(_ message: String) -> (text: [String], names: [String]) {
        let scalars = Array(message.unicodeScalars)
        var text: [String] = []
        var names: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0
        func isLetterOrDigit(_ position: Int) -> Bool {
            guard position >= 0, position < scalars.count else { return false }
            return scalars[position].properties.isAlphabetic || ("0"..."9").contains(scalars[position])
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "'", !isLetterOrDigit(index - 1),
                let close = (index + 1..<scalars.count).first(where: { scalars[$0] == "'" && !isLetterOrDigit($0 + 1) })
            {
                text.append(String(current))
                current = String.UnicodeScalarView()
                names.append(String(String.UnicodeScalarView(scalars[(index + 1)..<close])))
                index = close + 1
                continue
            }
            current.append(scalar)
            index += 1
        }
        text.append(String(current))
        assert(text.count == names.count + 1, "text pieces surround the names")
        return (text, names)
    }

    /// The message with every quoted name replaced by `'…'`: findings with the same shape say the same thing about
    /// different elements.
    /// - Complexity: O(message length).
    public static func shape(of message: String) -> String {
        split(message).text.joined(separator: "'…'")
    }

    /// Groups findings by (file, severity, rule, shape), keeping the input order: a group sits where its first member was,
    /// members in input order. Same input, same groups.
    /// - Parameter minimumSize: groups with fewer members are returned as one single-finding group per member.
    /// - Complexity: O(total message length) expected (hashing).
    public static func group(_ findings: [Finding], minimumSize: Int = defaultMinimumSize) -> [FindingGroup] {
        struct Key: Hashable {
            let file: String
            let severity: Severity
            let rule: String
            let text: [String]
        }
        var slots: [Key: Int] = [:]
        var members: [[Int]] = []
        var pieces: [(text: [String], names: [String])] = []
        pieces.reserveCapacity(findings.count)
        for (index, finding) in findings.enumerated() {
            let split = split(finding.message)
            pieces.append(split)
            let key = Key(file: finding.location.file, severity: finding.severity, rule: finding.ruleID, text: split.text)
            if let slot = slots[key] {
                members[slot].append(index)
            } else {
                slots[key] = members.count
                members.append([index])
            }
        }
        // Singles go back to their own place so the order stays the input order for everything that is not grouped.
        var result: [(position: Int, group: FindingGroup)] = []
        for indices in members {
            guard indices.count >= max(minimumSize, 2) else {
                for index in indices {
                    result.append((index, FindingGroup(findings: [findings[index]], shape: findings[index].message)))
                }
                continue
            }
            let firstPieces = pieces[indices[0]]
            var shape = ""
            for (slot, text) in firstPieces.text.enumerated() {
                shape += text
                guard slot < firstPieces.names.count else { break }
                let name = firstPieces.names[slot]
                let shared = indices.allSatisfy { pieces[$0].names[slot] == name }
                shape += shared ? "'\(name)'" : "'…'"
            }
            result.append((indices[0], FindingGroup(findings: indices.map { findings[$0] }, shape: shape)))
        }
        return result.sorted { $0.position < $1.position }.map(\.group)
    }
}
