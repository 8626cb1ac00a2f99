import FabricModel

/// What a finding is about: a device, a link, a shared-risk group, a pod or the design as a whole.
public struct FindingSubject: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The kind of element.
    public enum Kind: String, Hashable, Sendable, Codable, Comparable {
        case design
        case device
        case link
        case srlg
        case pod
        case plane
        case port

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The kind of element.
    public var kind: Kind
    /// Its id in the file (node id, edge id or `a~b#n`, SRLG name, pod name; the file name for the design).
    public var id: String

    /// Creates a subject.
    public init(_ kind: Kind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    /// `device 'leaf-07'`.
    public var description: String { "\(kind.rawValue) '\(id)'" }

    /// Orders by kind, then id.
    public static func < (lhs: FindingSubject, rhs: FindingSubject) -> Bool { (lhs.kind, lhs.id) < (rhs.kind, rhs.id) }
}

/// A secondary place a finding refers to (the other end of a cycle, the other link on a port), with a short note.
public struct RelatedLocation: Hashable, Sendable, Codable {
    /// What this place is (`second link on the port`).
    public var message: String
    /// Where it is.
    public var location: SourceLocation

    /// Creates a related location.
    public init(_ message: String, _ location: SourceLocation) {
        self.message = message
        self.location = location
    }
}

/// One result of one rule about one subject (swift-format `Finding`): the checker's output.
public struct Finding: Hashable, Sendable, Codable {
    /// The stable id of the rule that produced it.
    public var ruleID: String
    /// How serious it is.
    public var severity: Severity
    /// Lowercase, no final period, names in single quotes, numbers included.
    public var message: String
    /// What it is about.
    public var subject: FindingSubject
    /// Where the subject is declared in the GraphML file (the file alone, line 0, when unknown).
    public var location: SourceLocation
    /// Other places involved.
    public var related: [RelatedLocation]
    /// Stable across edits that do not touch the subject: rule id, file name and subject (never the line).
    public var fingerprint: String

    /// Creates a finding; the fingerprint is derived from the rule id, the file's last path component and the subject.
    public init(
        ruleID: String, severity: Severity, message: String, subject: FindingSubject,
        location: SourceLocation, related: [RelatedLocation] = []
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.subject = subject
        self.location = location
        self.related = related
        self.fingerprint = Finding.fingerprint(ruleID: ruleID, file: location.file, subject: subject)
    }

    /// A 64-bit FNV-1a hash of `rule|file name|kind|id`, as 16 hex digits.
    public static func fingerprint(ruleID: String, file: String, subject: FindingSubject) -> String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(ruleID)|\(name)|\(subject.kind.rawValue)|\(subject.id)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The deterministic report order: severity (errors first), rule id, location, subject, message.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.subject != rhs.subject { return lhs.subject < rhs.subject }
        return lhs.message < rhs.message
    }
}
