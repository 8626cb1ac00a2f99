import FabricModel

/// One failure selector as the user writes it on the command line (`--fail SELECTOR`).
///
/// Grammar (a prefix makes the kind explicit; a bare token is tried as a device id, then a link id, then an SRLG):
/// - `link:ID` — the link with this GraphML edge id;
/// - `A~B` or `link:A~B` — every parallel link between devices `A` and `B`; `A~B#n` — only the n-th (1-based,
///   document order);
/// - `port:DEVICE:PORT` — every link attached to that port of that device;
/// - `device:ID` — one device (all its links go down with it);
/// - `srlg:NAME` — every link of the shared-risk link group;
/// - `KEY=VALUE[,KEY=VALUE...]` — every device matching all conditions (`role=switch,tier=2`, `pod=3`, `plane=B`;
///   keys `id`, `label`, `role`, `tier`, `pod`, `rack`, `plane`, `rail` or any node data key), and every link whose
///   edge data matches them all (`power_feed=A` takes down the devices and cables on feed A: one correlated failure);
/// - `random:K[:links|devices|switches]` — K distinct elements drawn with the run's seed (links by default).
public enum FailureSelector: Hashable, Sendable, CustomStringConvertible {
    /// A link by its edge id.
    case link(id: String)
    /// The links between two devices, all of them or the n-th (1-based).
    case endpoints(String, String, ordinal: Int?)
    /// The links attached to a named port of a device.
    case port(device: String, port: String)
    /// A device by id.
    case device(id: String)
    /// A shared-risk link group by name.
    case srlg(name: String)
    /// Every device matching all key=value conditions.
    case attributes([AttributeCondition])
    /// K random elements of a class, drawn with the run's seed.
    case random(count: Int, kind: RandomFailureKind)
    /// A bare name: a device id, else a link id, else an SRLG name.
    case name(String)

    /// Parses a selector; throws on syntax errors (ids are checked later, against a topology).
    public init(parsing text: String) throws(FailureSelectionError) {
        let token = text.trimmingASCIIWhitespace()
        guard !token.isEmpty else { throw .malformed(text, reason: "empty selector") }
        if let rest = token.dropPrefix("random:") {
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard let count = Int(parts[0]), count >= 0 else {
                throw .malformed(text, reason: "'random:' needs a non-negative count, as in 'random:3'")
            }
            var kind = RandomFailureKind.links
            if parts.count == 2 {
                guard let parsed = RandomFailureKind(rawValue: parts[1]) else {
                    throw .malformed(text, reason: "random class must be 'links', 'devices' or 'switches'")
                }
                kind = parsed
            } else if parts.count > 2 {
                throw .malformed(text, reason: "expected 'random:K' or 'random:K:CLASS'")
            }
            self = .random(count: count, kind: kind)
            return
        }
        if let rest = token.dropPrefix("device:") {
            guard !rest.isEmpty else { throw .malformed(text, reason: "missing device id") }
            self = .device(id: rest)
            return
        }
        if let rest = token.dropPrefix("srlg:") {
            guard !rest.isEmpty else { throw .malformed(text, reason: "missing srlg name") }
            self = .srlg(name: rest)
            return
        }
        if let rest = token.dropPrefix("port:") {
            guard let colon = rest.lastIndex(of: ":"), colon != rest.startIndex, rest.index(after: colon) != rest.endIndex else {
                throw .malformed(text, reason: "expected 'port:DEVICE:PORT'")
            }
            self = .port(device: String(rest[..<colon]), port: String(rest[rest.index(after: colon)...]))
            return
        }
        if let rest = token.dropPrefix("link:") {
            guard !rest.isEmpty else { throw .malformed(text, reason: "missing link id") }
            if rest.contains("~") {
                self = try Self.parseEndpoints(rest, original: text)
            } else {
                self = .link(id: rest)
            }
            return
        }
        if token.contains("~") {
            self = try Self.parseEndpoints(token, original: text)
            return
        }
        if token.contains("=") {
            var conditions: [AttributeCondition] = []
            for part in token.split(separator: ",", omittingEmptySubsequences: false) {
                guard let equals = part.firstIndex(of: "=") else {
                    throw .malformed(text, reason: "'\(part)' is not KEY=VALUE")
                }
                let key = String(part[..<equals]).trimmingASCIIWhitespace()
                let value = String(part[part.index(after: equals)...]).trimmingASCIIWhitespace()
                guard !key.isEmpty, !value.isEmpty else { throw .malformed(text, reason: "'\(part)' is not KEY=VALUE") }
                conditions.append(AttributeCondition(key: key, value: value))
            }
            self = .attributes(conditions)
            return
        }
        self = .name(token)
    }

    private static func parseEndpoints(_ token: String, original: String) throws(FailureSelectionError) -> FailureSelector {
        var body = Substring(token)
        var ordinal: Int?
        if let hash = body.lastIndex(of: "#") {
            guard let value = Int(body[body.index(after: hash)...]), value >= 1 else {
                throw .malformed(original, reason: "'#n' must be a positive parallel-link number")
            }
            ordinal = value
            body = body[..<hash]
        }
        let ends = body.split(separator: "~", omittingEmptySubsequences: false)
        guard ends.count == 2, !ends[0].isEmpty, !ends[1].isEmpty else {
            throw .malformed(original, reason: "expected 'A~B' or 'A~B#n'")
        }
        return .endpoints(String(ends[0]), String(ends[1]), ordinal: ordinal)
    }

    /// The selector as it would be written on the command line.
    public var description: String {
        switch self {
        case .link(let id): "link:\(id)"
        case .endpoints(let a, let b, let ordinal): ordinal.map { "\(a)~\(b)#\($0)" } ?? "\(a)~\(b)"
        case .port(let device, let port): "port:\(device):\(port)"
        case .device(let id): "device:\(id)"
        case .srlg(let name): "srlg:\(name)"
        case .attributes(let conditions): conditions.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        case .random(let count, let kind): "random:\(count):\(kind.rawValue)"
        case .name(let name): name
        }
    }
}

/// One `key=value` condition of an attribute selector.
public struct AttributeCondition: Hashable, Sendable {
    /// The attribute key (`role`, `tier`, `pod`, `rack`, `plane`, `rail`, `id`, `label` or a node data key).
    public var key: String
    /// The value to match; roles accept synonyms (`leaf`, `gpu`), numbers compare numerically.
    public var value: String

    /// Creates a condition.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// The class a `random:K` selector draws from.
public enum RandomFailureKind: String, Hashable, Sendable, CaseIterable {
    /// Links between distinct devices.
    case links
    /// Any device.
    case devices
    /// Devices with role switch.
    case switches
}

/// Errors raised while parsing or resolving failure selectors.
public enum FailureSelectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The selector text does not follow the grammar.
    case malformed(String, reason: String)
    /// No device has this id.
    case unknownDevice(String, suggestion: String?)
    /// No link has this id.
    case unknownLink(String, suggestion: String?)
    /// No SRLG has this name.
    case unknownSRLG(String, suggestion: String?)
    /// The device has no port of this name.
    case unknownPort(device: String, port: String, suggestion: String?)
    /// A bare name is neither a device, a link nor an SRLG.
    case unknownName(String, suggestion: String?)
    /// Two devices exist but no link joins them.
    case notAdjacent(String, String)
    /// `A~B#n` with n larger than the number of parallel links.
    case ordinalOutOfRange(String, String, ordinal: Int, available: Int)
    /// An attribute key no device carries.
    case unknownAttribute(String, suggestion: String?)
    /// An attribute selector no device matches.
    case noMatch(String, suggestion: String?)
    /// `random:K` asks for more elements than the class has.
    case notEnoughElements(requested: Int, available: Int, kind: RandomFailureKind)

    public var description: String {
        func hint(_ suggestion: String?) -> String { suggestion.map { "; did you mean '\($0)'?" } ?? "" }
        switch self {
        case .malformed(let text, let reason): return "error: invalid failure selector '\(text)': \(reason)"
        case .unknownDevice(let id, let suggestion): return "error: no device '\(id)'\(hint(suggestion))"
        case .unknownLink(let id, let suggestion): return "error: no link '\(id)'\(hint(suggestion))"
        case .unknownSRLG(let name, let suggestion): return "error: no srlg '\(name)'\(hint(suggestion))"
        case .unknownPort(let device, let port, let suggestion): return "error: device '\(device)' has no port '\(port)'\(hint(suggestion))"
        case .unknownName(let name, let suggestion): return "error: no device, link or srlg '\(name)'\(hint(suggestion))"
        case .notAdjacent(let a, let b): return "error: no link joins '\(a)' and '\(b)'"
        case .ordinalOutOfRange(let a, let b, let ordinal, let available):
            return "error: '\(a)'~'\(b)' has \(available) parallel link\(available == 1 ? "" : "s"); '#\(ordinal)' is out of range"
        case .unknownAttribute(let key, let suggestion): return "error: no device has attribute '\(key)'\(hint(suggestion))"
        case .noMatch(let text, let suggestion): return "error: selector '\(text)' matches no device\(hint(suggestion))"
        case .notEnoughElements(let requested, let available, let kind):
            return "error: 'random:\(requested)' asks for \(requested) \(kind.rawValue) but the design has \(available)"
        }
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
