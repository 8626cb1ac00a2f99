import FabricModel

/// What is wrong with one design link, one observed cable or one observed device.
public enum DiscrepancyKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// Designed, not observed.
    case missing
    /// Observed, not designed.
    case unexpected
    /// One end where designed, the other on the wrong device or port.
    case miswired
    /// Two cables crossed between the same devices (one finding for the pair).
    case swapped
    /// Present, at a different lane rate than designed.
    case speed
    /// Present, with a different lane count than designed.
    case width
    /// A device reporting a default name (`MT4129 ConnectX7`, a MAC) or a name the design does not have.
    case unnamed
    /// Several neighbours reported on one port.
    case duplicate

    /// Orders by declaration (the report's section order).
    public static func < (lhs: DiscrepancyKind, rhs: DiscrepancyKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// One finding of `verify`: a design link (or two), the observed cables involved and, for devices, the guess.
public struct Discrepancy: Hashable, Sendable {
    /// What is wrong.
    public var kind: DiscrepancyKind
    /// Indices into the design's `links` (two for `swapped`); empty for `unexpected`, `unnamed`, `duplicate`.
    public var designLinks: [Int32]
    /// Indices into the observed fabric's `links`.
    public var observedLinks: [Int32]
    /// The observed device of an `unnamed` or `duplicate` finding, -1 otherwise.
    public var observedDevice: Int32
    /// The design device an `unnamed` device most likely is (by its neighbours), -1 when none or ambiguous.
    public var guess: Int32
    /// Lowercase sentence naming devices and ports in single quotes.
    public var message: String

    /// Creates a discrepancy.
    public init(
        kind: DiscrepancyKind, designLinks: [Int32] = [], observedLinks: [Int32] = [], observedDevice: Int32 = -1,
        guess: Int32 = -1, message: String
    ) {
        self.kind = kind
        self.designLinks = designLinks
        self.observedLinks = observedLinks
        self.observedDevice = observedDevice
        self.guess = guess
        self.message = message
    }
}

/// The outcome of matching a design with an observed fabric.
public struct VerifyResult: Sendable {
    /// The design that was verified.
    public var design: Topology
    /// What was observed.
    public var observed: ObservedFabric
    /// For each observed device, the design device it was matched to (by name, key or neighbours), -1 when none.
    public var designDeviceOfObserved: [Int32]
    /// For each observed link, the design link it stands for (also for speed/width mismatches), -1 otherwise.
    public var designLinkOfObserved: [Int32]
    /// Discrepancies in report order (kind, then design line, then observed line).
    public var discrepancies: [Discrepancy]
    /// Number of designed cables (multiplicity counted) found exactly as designed.
    public var okCount: Int
    /// Number of designed cables (multiplicity counted).
    public var designedCables: Int

    /// Count of each kind, `ok` included, keys in `DiscrepancyKind` order after `ok`.
    public var summary: [(kind: String, count: Int)] {
        var counts = [DiscrepancyKind: Int]()
        for item in discrepancies { counts[item.kind, default: 0] += 1 }
        return [("ok", okCount)] + DiscrepancyKind.allCases.map { ($0.rawValue, counts[$0] ?? 0) }
    }
}
