import FabricGraph
import FabricModel
import Foundation
import Yams

/// Per-rule settings from `fabcheck.yml`.
public struct RuleOverride: Hashable, Sendable {
    /// False disables the rule.
    public var enabled: Bool?
    /// Replaces the default severity (and the graded severity of every warning and error).
    public var severity: Severity?
    /// Replaced levels by threshold name.
    public var levels: [String: SeverityLevels]

    /// An override that changes nothing.
    public init(enabled: Bool? = nil, severity: Severity? = nil, levels: [String: SeverityLevels] = [:]) {
        self.enabled = enabled
        self.severity = severity
        self.levels = levels
    }
}

/// An accepted finding: rule and subject id (a trailing `*` matches any suffix), with a mandatory reason.
public struct Suppression: Hashable, Sendable {
    /// The rule id.
    public var rule: String
    /// The subject id, or a prefix followed by `*`.
    public var subject: String
    /// Why the finding is accepted.
    public var reason: String
    /// Where the suppression is written.
    public var location: SourceLocation?

    /// Creates a suppression.
    public init(rule: String, subject: String, reason: String, location: SourceLocation? = nil) {
        self.rule = rule
        self.subject = subject
        self.reason = reason
        self.location = location
    }

    /// Whether this suppression covers a finding.
    public func matches(_ finding: Finding) -> Bool {
        guard finding.ruleID == rule else { return false }
        if subject.hasSuffix("*") { return finding.subject.id.hasPrefix(subject.dropLast()) }
        return finding.subject.id == subject
    }
}

/// The contents of a rules file (`fabcheck.yml` beside the topology, or `--rules FILE`).
///
/// ```yaml
/// profile: superpod
/// properties: { no_spof: true, lossless: true, virtual_lanes: 2, accelerator_limit: 16384, single_homed: false }
/// rules:
///   dual_homing: { severity: error }
///   pod_oversubscription: { ratio: { warning: 1.1, error: 1.5 } }
///   failure_budget: { enabled: false }
/// suppressions:
///   - { rule: dual_homing, subject: gpu-0-0, reason: management node, single-homed on purpose }
/// baseline: fabcheck-baseline.json
/// failure_model:            # fabcheck reliability (docs/reliability.md)
///   accelerator: { failure_rate_per_year: 0.1, mttr_hours: 48 }
///   risk_groups: { power_feed: { failure_rate_per_year: 0.2, mttr_hours: 4 } }
///   spares_per_block: 1/64
/// ```
public struct RuleConfiguration: Hashable, Sendable {
    /// The file it was read from, if any.
    public var file: String?
    /// Profile name, overriding the design's.
    public var profile: String?
    /// Declared properties overriding the design's.
    public var lossless: Bool?
    /// See `DesignProperties.noSPOF`.
    public var noSPOF: Bool?
    /// See `DesignProperties.singleHomed`.
    public var singleHomed: Bool?
    /// See `DesignProperties.virtualLanes`.
    public var virtualLanes: Int?
    /// See `DesignProperties.acceleratorLimit`.
    public var acceleratorLimit: Int?
    /// Per-rule overrides by rule id.
    public var rules: [String: RuleOverride]
    /// Accepted findings.
    public var suppressions: [Suppression]
    /// Path of a baseline file (relative paths are resolved against the configuration file's folder).
    public var baseline: String?
    /// The failure model of `fabcheck reliability`, when the file declares one (`failure_model:`).
    public var failureModel: FailureModel?

    /// The empty configuration: default rules, the design's own properties.
    public init() {
        self.rules = [:]
        self.suppressions = []
    }

    /// The design's properties with this configuration's declarations applied on top.
    public func applied(to design: DesignProperties) -> DesignProperties {
        var result = design
        if let profile { result.apply(profile: profile) }
        if let lossless { result.lossless = lossless }
        if let noSPOF { result.noSPOF = noSPOF }
        if let singleHomed { result.singleHomed = singleHomed }
        if let virtualLanes { result.virtualLanes = virtualLanes }
        if let acceleratorLimit { result.acceleratorLimit = acceleratorLimit }
        return result
    }

    /// The effective settings of a rule, or nil when the configuration disables it.
    public func settings(for description: RuleDescription) -> RuleSettings? {
        var settings = RuleSettings(description)
        guard let override = rules[description.identifier] else { return settings }
        if override.enabled == false { return nil }
        if let severity = override.severity {
            settings.severity = severity
            settings.severityOverridden = true
        }
        for (name, levels) in override.levels { settings.levels[name] = levels }
        return settings
    }

    /// The baseline path resolved against the configuration file's folder.
    public var resolvedBaselinePath: String? {
        guard let baseline else { return nil }
        if baseline.hasPrefix("/") { return baseline }
        guard let file, let slash = file.lastIndex(of: "/") else { return baseline }
        return String(file[...slash]) + baseline
    }

    // MARK: loading

    /// Reads a configuration file, validating rule ids and thresholds against `descriptions`.
    public static func load(path: String, descriptions: [RuleDescription] = RuleRegistry.descriptions) throws(RulesError) -> RuleConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try parse(yaml: text, file: path, descriptions: descriptions)
    }

    /// Parses configuration text; every error names the file, line and column.
    public static func parse(yaml: String, file: String, descriptions: [RuleDescription] = RuleRegistry.descriptions) throws(RulesError) -> RuleConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw .yamlSyntax(location: Self.location(of: error, file: file), message: Self.message(of: error))
        } catch {
            throw .yamlSyntax(location: SourceLocation(file: file, line: 0, column: 0), message: String(describing: error))
        }
        var configuration = RuleConfiguration()
        configuration.file = file
        guard let root else { return configuration }
        var parser = ConfigurationParser(file: file, descriptions: descriptions)
        try parser.parseRoot(root, into: &configuration)
        return configuration
    }

    private static func location(of error: YamlError, file: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        default:
            return SourceLocation(file: file, line: 0, column: 0)
        }
    }

    private static func message(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return prefix + problem
        default:
            return String(describing: error)
        }
    }
}

/// Walks the composed YAML nodes, keeping marks for error locations.
struct ConfigurationParser {
    let file: String
    let descriptions: [String: RuleDescription]
    let ruleIDs: [String]

    init(file: String, descriptions: [RuleDescription]) {
        self.file = file
        self.descriptions = Dictionary(descriptions.map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first })
        self.ruleIDs = descriptions.map(\.identifier).sorted()
    }

    func location(_ node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: 0, column: 0) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func mapping(_ node: Node, _ key: String) throws(RulesError) -> Node.Mapping {
        guard let mapping = node.mapping else { throw .wrongType(location: location(node), key: key, expected: "a mapping") }
        return mapping
    }

    func string(_ node: Node, _ key: String) throws(RulesError) -> String {
        guard let scalar = node.scalar, node.tag.description != Tag.Name.null.rawValue else {
            throw .wrongType(location: location(node), key: key, expected: "a string")
        }
        return scalar.string
    }

    func bool(_ node: Node, _ key: String) throws(RulesError) -> Bool {
        guard node.scalar != nil, let value = node.bool else { throw .wrongType(location: location(node), key: key, expected: "true or false") }
        return value
    }

    func positiveInt(_ node: Node, _ key: String) throws(RulesError) -> Int {
        guard node.scalar != nil, let value = node.int, value > 0 else {
            throw .wrongType(location: location(node), key: key, expected: "a positive integer")
        }
        return value
    }

    func keyName(_ node: Node) throws(RulesError) -> String {
        guard let scalar = node.scalar else { throw .wrongType(location: location(node), key: "key", expected: "a string key") }
        return scalar.string
    }

    mutating func parseRoot(_ root: Node, into configuration: inout RuleConfiguration) throws(RulesError) {
        let known = ["profile", "properties", "rules", "suppressions", "baseline", "failure_model"]
        for (keyNode, value) in try mapping(root, "the configuration") {
            let key = try keyName(keyNode)
            switch key {
            case "profile": configuration.profile = try string(value, key)
            case "properties": try parseProperties(value, into: &configuration)
            case "rules":
                for (ruleKey, ruleValue) in try mapping(value, key) {
                    let id = try keyName(ruleKey)
                    guard let description = descriptions[id] else {
                        throw .unknownRule(location: location(ruleKey), id: id, suggestion: closestMatch(to: id, in: ruleIDs))
                    }
                    configuration.rules[id] = try parseRule(ruleValue, description)
                }
            case "suppressions":
                guard let sequence = value.sequence else { throw .wrongType(location: location(value), key: key, expected: "a list") }
                for item in sequence { configuration.suppressions.append(try parseSuppression(item)) }
            case "baseline": configuration.baseline = try string(value, key)
            case "failure_model": configuration.failureModel = try parseFailureModel(value)
            default: throw .unknownKey(location: location(keyNode), key: key, context: "the configuration", known: known)
            }
        }
    }

    func parseProperties(_ node: Node, into configuration: inout RuleConfiguration) throws(RulesError) {
        let known = ["profile", "lossless", "no_spof", "single_homed", "virtual_lanes", "accelerator_limit"]
        for (keyNode, value) in try mapping(node, "properties") {
            let key = try keyName(keyNode)
            switch key {
            case "profile": configuration.profile = try string(value, key)
            case "lossless": configuration.lossless = try bool(value, key)
            case "no_spof": configuration.noSPOF = try bool(value, key)
            case "single_homed": configuration.singleHomed = try bool(value, key)
            case "virtual_lanes": configuration.virtualLanes = try positiveInt(value, key)
            case "accelerator_limit": configuration.acceleratorLimit = try positiveInt(value, key)
            default: throw .unknownKey(location: location(keyNode), key: key, context: "properties", known: known)
            }
        }
    }

    func parseRule(_ node: Node, _ description: RuleDescription) throws(RulesError) -> RuleOverride {
        var override = RuleOverride()
        let id = description.identifier
        if node.scalar != nil, let flag = node.bool {
            override.enabled = flag
            return override
        }
        let thresholdNames = description.thresholds.map(\.name)
        for (keyNode, value) in try mapping(node, id) {
            let key = try keyName(keyNode)
            switch key {
            case "enabled": override.enabled = try bool(value, "\(id).enabled")
            case "severity":
                let text = try string(value, "\(id).severity")
                guard let severity = Severity(parsing: text) else {
                    throw .wrongType(location: location(value), key: "\(id).severity", expected: "note, warning or error")
                }
                override.severity = severity
            default:
                guard let threshold = description.threshold(named: key) else {
                    throw .unknownThreshold(location: location(keyNode), rule: id, name: key, known: ["enabled", "severity"] + thresholdNames)
                }
                override.levels[key] = try parseLevels(value, "\(id).\(key)", defaults: threshold.levels)
            }
        }
        return override
    }

    func parseLevels(_ node: Node, _ key: String, defaults: SeverityLevels) throws(RulesError) -> SeverityLevels {
        var levels = defaults
        for (keyNode, value) in try mapping(node, key) {
            let name = try keyName(keyNode)
            let number: Double?
            if value.scalar != nil, value.tag.description == Tag.Name.null.rawValue || value.scalar?.string == "none" {
                number = nil
            } else if value.scalar != nil, let parsed = value.float, parsed.isFinite {
                number = parsed
            } else {
                throw .wrongType(location: location(value), key: "\(key).\(name)", expected: "a number or none")
            }
            switch name {
            case "warning": levels.warning = number
            case "error": levels.error = number
            default: throw .unknownKey(location: location(keyNode), key: name, context: key, known: ["warning", "error"])
            }
        }
        return levels
    }

    func parseSuppression(_ node: Node) throws(RulesError) -> Suppression {
        var rule: String?
        var subject: String?
        var reason: String?
        for (keyNode, value) in try mapping(node, "suppression") {
            let key = try keyName(keyNode)
            switch key {
            case "rule":
                let id = try string(value, key)
                guard descriptions[id] != nil else {
                    throw .unknownRule(location: location(value), id: id, suggestion: closestMatch(to: id, in: ruleIDs))
                }
                rule = id
            case "subject": subject = try string(value, key)
            case "reason": reason = try string(value, key)
            default: throw .unknownKey(location: location(keyNode), key: key, context: "a suppression", known: ["rule", "subject", "reason"])
            }
        }
        guard let rule else { throw .missingKey(location: location(node), key: "rule", context: "a suppression") }
        guard let subject else { throw .missingKey(location: location(node), key: "subject", context: "a suppression") }
        guard let reason, !reason.trimmingASCIIWhitespace().isEmpty else {
            throw .missingKey(location: location(node), key: "reason", context: "a suppression")
        }
        return Suppression(rule: rule, subject: subject, reason: reason, location: location(node))
    }
}
