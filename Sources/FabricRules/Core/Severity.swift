import FabricModel
import Foundation

/// Which way a threshold points: a value beyond it in this direction is a finding.
public enum ThresholdDirection: String, Sendable, Codable, Hashable {
    /// Values strictly above the level are findings (oversubscription, blast radius).
    case above
    /// Values strictly below the level are findings (path counts, bandwidth per accelerator).
    case below
}

/// Warning and error levels of one threshold (SwiftLint `SeverityLevelsConfiguration`); either may be absent.
public struct SeverityLevels: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The value beyond which a warning is raised, if any.
    public var warning: Double?
    /// The value beyond which an error is raised, if any.
    public var error: Double?

    /// Creates levels; pass nil to disable one of them.
    public init(warning: Double? = nil, error: Double? = nil) {
        self.warning = warning
        self.error = error
    }

    /// The severity of `value` under these levels in `direction`; nil when it is within both.
    public func severity(of value: Double, _ direction: ThresholdDirection) -> Severity? {
        func beyond(_ level: Double?) -> Bool {
            guard let level else { return false }
            return direction == .above ? value > level : value < level
        }
        if beyond(error) { return .error }
        if beyond(warning) { return .warning }
        return nil
    }

    /// The level that `severity` corresponds to.
    public func level(for severity: Severity) -> Double? {
        switch severity {
        case .error: error
        case .warning: warning
        case .note: nil
        }
    }

    /// `warning 1.07, error 1.25` (missing levels omitted, `none` when both are).
    public var description: String {
        var parts: [String] = []
        if let warning { parts.append("warning \(formatNumber(warning))") }
        if let error { parts.append("error \(formatNumber(error))") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

/// A named, configurable threshold of a rule, with its default levels.
public struct Threshold: Hashable, Sendable {
    /// The key used in `fabcheck.yml` (`ratio`, `paths`, `stranded`, ...).
    public var name: String
    /// What the number measures, with its unit (`downlink ÷ uplink capacity of a switch`).
    public var summary: String
    /// Which way a value becomes a finding.
    public var direction: ThresholdDirection
    /// The default levels.
    public var levels: SeverityLevels

    /// Creates a threshold.
    public init(_ name: String, _ summary: String, _ direction: ThresholdDirection, _ levels: SeverityLevels) {
        self.name = name
        self.summary = summary
        self.direction = direction
        self.levels = levels
    }
}

/// A number for messages: integers without a fraction, others with at most 3 decimals and thousands not grouped.
public func formatNumber(_ value: Double) -> String {
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value.isNaN { return "nan" }
    let rounded = (value * 1000).rounded() / 1000
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
    var text = String(rounded)
    if text.contains("e") { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

/// A ratio for messages, at most three decimals (`6.857:1`, `1.067:1`, `1:1`).
public func formatRatio(_ value: Double) -> String {
    if value.isInfinite { return "inf:1" }
    return formatNumber(value) + ":1"
}

/// A fraction as a percentage with at most one decimal (`66.7%`, `25%`).
public func formatPercent(_ fraction: Double) -> String {
    formatNumber((fraction * 1000).rounded() / 10) + "%"
}

/// A number with three significant digits (`7.7`, `0.00376`, `7700`).
public func formatSignificant(_ value: Double) -> String {
    guard value != 0, value.isFinite else { return formatNumber(value) }
    let magnitude = Int((log10(abs(value))).rounded(.down))
    let scale = pow(10, Double(2 - magnitude))
    let rounded = (value * scale).rounded() / scale
    if magnitude >= 2 { return formatNumber(rounded) }
    var text = String(format: "%.\(max(0, 2 - magnitude))f", rounded)
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text
}
