import FabricModel

/// Why a rules configuration, a baseline or a check could not be used; the run cannot continue.
public enum RulesError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A configuration file could not be read.
    case unreadable(path: String, reason: String)
    /// The YAML is malformed.
    case yamlSyntax(location: SourceLocation, message: String)
    /// A key the configuration does not know.
    case unknownKey(location: SourceLocation, key: String, context: String, known: [String])
    /// A value of the wrong type.
    case wrongType(location: SourceLocation, key: String, expected: String)
    /// A rule id that no rule has.
    case unknownRule(location: SourceLocation, id: String, suggestion: String?)
    /// A threshold name the rule does not have.
    case unknownThreshold(location: SourceLocation, rule: String, name: String, known: [String])
    /// A required key is missing (a suppression without a reason).
    case missingKey(location: SourceLocation, key: String, context: String)
    /// A baseline file that is not a fabcheck JSON report or a list of fingerprints.
    case invalidBaseline(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "\(path): error: cannot read rules configuration: \(reason)"
        case .yamlSyntax(let location, let message):
            "\(location): error: invalid YAML: \(message)"
        case .unknownKey(let location, let key, let context, let known):
            "\(location): error: unknown key '\(key)' in \(context) (known: \(known.joined(separator: ", ")))"
        case .wrongType(let location, let key, let expected):
            "\(location): error: '\(key)' must be \(expected)"
        case .unknownRule(let location, let id, let suggestion):
            "\(location): error: unknown rule id '\(id)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case .unknownThreshold(let location, let rule, let name, let known):
            "\(location): error: rule '\(rule)' has no threshold '\(name)'"
                + (known.isEmpty ? " (it has none)" : " (it has: \(known.joined(separator: ", ")))")
        case .missingKey(let location, let key, let context):
            "\(location): error: \(context) needs '\(key)'"
        case .invalidBaseline(let path, let reason):
            "\(path): error: invalid baseline: \(reason)"
        }
    }
}

/// The closest string by edit distance, when it is close enough to be a plausible typo.
func closestMatch(to text: String, in candidates: [String]) -> String? {
    var best: (String, Int)?
    let source = Array(text)
    for candidate in candidates {
        let target = Array(candidate)
        var previous = Array(0...target.count)
        for (i, a) in source.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: target.count)
            for (j, b) in target.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a == b ? 0 : 1))
            }
            previous = current
        }
        let distance = previous[target.count]
        if best == nil || distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    guard let best, best.1 <= max(2, text.count / 3) else { return nil }
    return best.0
}
