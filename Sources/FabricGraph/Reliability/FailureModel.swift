import FabricModel

/// How often one element fails and how long it stays down: an annual failure rate and a mean time to repair.
///
/// Each element alternates between up and down (an alternating renewal process); in steady state it is down with
/// probability `MTTR / (MTBF + MTTR)`, MTBF = 8760 h ÷ rate (Barlow & Proschan, *Statistical Theory of
/// Reliability and Life Testing*, 1975, ch. 7). A rate of 0 means the element never fails.
public struct FailureRate: Hashable, Sendable, Codable {
    /// Failures per year (8760 hours), ≥ 0.
    public var perYear: Double
    /// Mean time to repair, hours, ≥ 0.
    public var mttrHours: Double

    /// Creates a rate.
    public init(perYear: Double, mttrHours: Double) {
        self.perYear = perYear
        self.mttrHours = mttrHours
    }

    /// Hours in a year, the unit of `perYear`.
    public static let hoursPerYear = 8760.0

    /// Steady-state probability that the element is down: λ·r ÷ (8760 + λ·r), λ per year, r in hours.
    public var unavailability: Double {
        let down = perYear * mttrHours
        guard down > 0, down.isFinite else { return 0 }
        return down / (Self.hoursPerYear + down)
    }

    /// Mean time between failures in hours (infinite for a rate of 0).
    public var mtbfHours: Double { perYear > 0 ? Self.hoursPerYear / perYear : .infinity }
}

/// The failure class of an element: its kind and the default rate it gets.
public enum FailureClass: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Accelerators (GPUs, NPUs, TPUs).
    case accelerator
    /// NICs modelled as devices.
    case nic
    /// Host CPUs.
    case cpu
    /// Switches of a tier (1 leaf, 2 spine, 3 and above core); tier 0 stands for an unknown tier.
    case switchTier(Int)
    /// Optical circuit switches.
    case ocs
    /// Buses and other devices.
    case otherDevice
    /// Links with electrical media (copper, DAC, backplane).
    case copperLink
    /// Links with optical media (fibre, AOC, transceivers).
    case opticalLink
    /// Links of unknown or other media.
    case link
    /// A shared-risk link group (all its links at once).
    case srlg
    /// Every value of a device/link attribute key (`power_feed`, `vendor`, `row`) is one correlated failure.
    case riskGroup(String)

    /// The name used in rules files, reports and `--format json` (`accelerator`, `switch-tier2`, `link-optical`,
    /// `group:power_feed`).
    public var description: String {
        switch self {
        case .accelerator: "accelerator"
        case .nic: "nic"
        case .cpu: "cpu"
        case .switchTier(let tier): tier <= 0 ? "switch" : "switch-tier\(tier)"
        case .ocs: "ocs"
        case .otherDevice: "other-device"
        case .copperLink: "link-copper"
        case .opticalLink: "link-optical"
        case .link: "link"
        case .srlg: "srlg"
        case .riskGroup(let key): "group:\(key)"
        }
    }

    /// Parses a class name as `description` writes it (`switch-tier1`, `link-optical`, `group:power_feed`).
    public init?(name: String) {
        if name.hasPrefix("group:") {
            let key = String(name.dropFirst("group:".count))
            guard !key.isEmpty else { return nil }
            self = .riskGroup(key)
            return
        }
        if name.hasPrefix("switch-tier"), let tier = Int(name.dropFirst("switch-tier".count)), tier >= 1 {
            self = .switchTier(min(tier, 3))
            return
        }
        let fixed: [FailureClass] = [.accelerator, .nic, .cpu, .switchTier(0), .ocs, .otherDevice, .copperLink, .opticalLink, .link, .srlg]
        guard let match = fixed.first(where: { $0.description == name }) else { return nil }
        self = match
    }

    /// Every fixed class name (risk groups come from the model).
    public static let fixedNames = [
        "accelerator", "nic", "cpu", "switch", "switch-tier1", "switch-tier2", "switch-tier3",
        "ocs", "other-device", "link-copper", "link-optical", "link", "srlg",
    ]

    public static func < (a: FailureClass, b: FailureClass) -> Bool { a.description < b.description }

    /// The class of a device.
    public static func of(_ device: Device) -> FailureClass {
        switch device.role {
        case .accelerator: .accelerator
        case .nic: .nic
        case .cpu: .cpu
        case .switch: .switchTier(min(max(device.tier ?? 0, 0), 3))
        case .ocs: .ocs
        case .bus, .other: .otherDevice
        }
    }

    /// The class of a link, by medium.
    public static func of(_ link: Link) -> FailureClass {
        switch link.medium {
        case .electrical?: .copperLink
        case .optical?: .opticalLink
        default: .link
        }
    }
}

/// Spares of accelerators per block: `count` spares for every `per` accelerators of a block (`1/64`).
public struct SpareRatio: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Spares per `per` accelerators.
    public var count: Int
    /// Block accelerators the spares serve.
    public var per: Int

    /// Creates a ratio; nil unless count ≥ 0 and per ≥ 1.
    public init?(count: Int, per: Int) {
        guard count >= 0, per >= 1 else { return nil }
        self.count = count
        self.per = per
    }

    /// Parses `1/64` (or a bare integer, spares per block).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/").map { String($0).trimmingASCIIWhitespace() }
        if parts.count == 1, let value = Int(parts[0]) {
            self.init(count: value, per: Int.max)
            return
        }
        guard parts.count == 2, let count = Int(parts[0]), let per = Int(parts[1]) else { return nil }
        self.init(count: count, per: per)
    }

    /// Spares of a block of `size` accelerators: ⌊size × count ÷ per⌋ (a bare count for `per` = Int.max).
    public func spares(inBlockOf size: Int) -> Int {
        per == Int.max ? min(count, size) : size * count / per
    }

    public var description: String { per == Int.max ? "\(count)" : "\(count)/\(per)" }
}

/// Failure rates by class, shared-risk groups by attribute, and the spares policy of a reliability analysis.
///
/// Element data keys override the class rate of one element: `failure_rate_per_year` and `mttr_hours` (a rate of 0:
/// the element never fails). Accelerators with a true `spare` key are spares of their block.
public struct FailureModel: Hashable, Sendable {
    /// Rates by class; a class without an entry uses `FailureModel.defaultRates`.
    public var rates: [FailureClass: FailureRate]
    /// Attribute keys whose every value is one correlated failure, with the rate of one value.
    public var riskGroups: [String: FailureRate]
    /// Rates of named shared-risk link groups, overriding the `srlg` class rate.
    public var srlgRates: [String: FailureRate]
    /// Spares per block, applied to blocks without accelerators marked `spare`.
    public var sparesPerBlock: SpareRatio?
    /// The device key whose values are the spare blocks (scale-up domains): `rack` by default.
    public var blockKey: String

    /// The default model: `defaultRates`, no risk groups, no spares, blocks by rack.
    public init(
        rates: [FailureClass: FailureRate] = [:], riskGroups: [String: FailureRate] = [:],
        srlgRates: [String: FailureRate] = [:], sparesPerBlock: SpareRatio? = nil, blockKey: String = "rack"
    ) {
        self.rates = rates
        self.riskGroups = riskGroups
        self.srlgRates = srlgRates
        self.sparesPerBlock = sparesPerBlock
        self.blockKey = blockKey
    }

    /// The rate of a class: the model's own, else the default.
    public func rate(of failureClass: FailureClass) -> FailureRate {
        if let rate = rates[failureClass] { return rate }
        if case .switchTier(let tier) = failureClass, tier > 0, let any = rates[.switchTier(0)] { return any }
        if case .riskGroup(let key) = failureClass { return riskGroups[key] ?? FailureRate(perYear: 0, mttrHours: 0) }
        return Self.defaultRates[failureClass] ?? FailureRate(perYear: 0, mttrHours: 0)
    }

    /// Planning defaults, rounded; their sources are in docs/reliability.md. Replace them with your fleet's figures.
    public static let defaultRates: [FailureClass: FailureRate] = [
        .accelerator: FailureRate(perYear: 0.1, mttrHours: 48),
        .nic: FailureRate(perYear: 0.02, mttrHours: 24),
        .cpu: FailureRate(perYear: 0.01, mttrHours: 48),
        .switchTier(0): FailureRate(perYear: 0.05, mttrHours: 8),
        .switchTier(1): FailureRate(perYear: 0.05, mttrHours: 8),
        .switchTier(2): FailureRate(perYear: 0.05, mttrHours: 8),
        .switchTier(3): FailureRate(perYear: 0.05, mttrHours: 8),
        .ocs: FailureRate(perYear: 0.05, mttrHours: 8),
        .otherDevice: FailureRate(perYear: 0.02, mttrHours: 24),
        .copperLink: FailureRate(perYear: 0.002, mttrHours: 8),
        .opticalLink: FailureRate(perYear: 0.02, mttrHours: 4),
        .link: FailureRate(perYear: 0.02, mttrHours: 4),
        .srlg: FailureRate(perYear: 0.01, mttrHours: 24),
    ]

    /// The node/link data key overriding an element's annual failure rate.
    public static let rateKey = "failure_rate_per_year"
    /// The node/link data key overriding an element's mean time to repair, hours.
    public static let mttrKey = "mttr_hours"
    /// The node data key marking an accelerator as a spare of its block.
    public static let spareKey = "spare"
}
