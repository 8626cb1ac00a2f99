/// The weighted distribution of a reliability run's states, in integers so that shards add up exactly.
///
/// A weight is a count of samples (Monte-Carlo) or a probability in units of 2⁻⁶² (exact enumeration); adding the
/// tallies of shards in any order gives the same integers as one run, so merged output is byte for byte the same.
public struct ReliabilityTally: Hashable, Sendable, Codable {
    /// Total weight recorded.
    public var total: UInt64
    /// Weight by shortfall (accelerators missing beyond spares).
    public var shortfall: [Int64: UInt64]
    /// Weight by unusable accelerators (failed or stranded, spares not counted).
    public var unusable: [Int64: UInt64]
    /// Weight by the chosen metric's quantized loss.
    public var metric: [Int64: UInt64]
    /// Per failure class: weight of states with a shortfall in which a unit of the class is down.
    public var classShort: [UInt64]
    /// Per failure class: weight of states in which a unit of the class is down.
    public var classDown: [UInt64]
    /// Monte-Carlo control variate (`AvailabilityControl`): weight of states where no block has more of its
    /// accelerators down than spares, and of those among them with no shortfall.
    public var controlWithin: UInt64 = 0
    public var controlAvailable: UInt64 = 0

    /// An empty tally over `classes` failure classes.
    public init(classes: Int) {
        total = 0
        shortfall = [:]
        unusable = [:]
        metric = [:]
        classShort = [UInt64](repeating: 0, count: classes)
        classDown = [UInt64](repeating: 0, count: classes)
    }

    /// One unit of exact-enumeration weight: 2⁻⁶².
    public static let exactUnit = 0x1p-62

    /// Records one state of weight `weight` whose down units belong to `classes` (each once).
    mutating func record(_ outcome: StateOutcome, weight: UInt64, classes: [Int32]) {
        guard weight > 0 else { return }
        total &+= weight
        shortfall[Int64(outcome.shortfall), default: 0] &+= weight
        unusable[Int64(outcome.unusable), default: 0] &+= weight
        metric[outcome.metric, default: 0] &+= weight
        for item in classes {
            classDown[Int(item)] &+= weight
            if outcome.shortfall > 0 { classShort[Int(item)] &+= weight }
        }
    }

    /// Records the control variate of a state recorded with `record`.
    mutating func recordControl(within: Bool, available: Bool, weight: UInt64) {
        guard within else { return }
        controlWithin &+= weight
        if available { controlAvailable &+= weight }
    }

    /// Adds another tally (a shard or a worker's part).
    public mutating func add(_ other: ReliabilityTally) {
        total &+= other.total
        controlWithin &+= other.controlWithin
        controlAvailable &+= other.controlAvailable
        for (key, value) in other.shortfall { shortfall[key, default: 0] &+= value }
        for (key, value) in other.unusable { unusable[key, default: 0] &+= value }
        for (key, value) in other.metric { metric[key, default: 0] &+= value }
        for index in classShort.indices where index < other.classShort.count {
            classShort[index] &+= other.classShort[index]
            classDown[index] &+= other.classDown[index]
        }
    }

    private enum CodingKeys: String, CodingKey { case total, shortfall, unusable, metric, classShort, classDown, controlWithin, controlAvailable }

    /// Histograms are written as `[[value, weight], ...]` ascending, so the JSON is deterministic.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(Self.pairs(shortfall), forKey: .shortfall)
        try container.encode(Self.pairs(unusable), forKey: .unusable)
        try container.encode(Self.pairs(metric), forKey: .metric)
        try container.encode(classShort, forKey: .classShort)
        try container.encode(classDown, forKey: .classDown)
        // Only Monte-Carlo runs tally the control: exact runs' JSON is unchanged.
        if controlWithin != 0 || controlAvailable != 0 {
            try container.encode(controlWithin, forKey: .controlWithin)
            try container.encode(controlAvailable, forKey: .controlAvailable)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        total = try container.decode(UInt64.self, forKey: .total)
        shortfall = Self.histogram(try container.decode([[UInt64]].self, forKey: .shortfall))
        unusable = Self.histogram(try container.decode([[UInt64]].self, forKey: .unusable))
        metric = Self.histogram(try container.decode([[UInt64]].self, forKey: .metric))
        classShort = try container.decode([UInt64].self, forKey: .classShort)
        classDown = try container.decode([UInt64].self, forKey: .classDown)
        controlWithin = try container.decodeIfPresent(UInt64.self, forKey: .controlWithin) ?? 0
        controlAvailable = try container.decodeIfPresent(UInt64.self, forKey: .controlAvailable) ?? 0
    }

    static func pairs(_ histogram: [Int64: UInt64]) -> [[UInt64]] {
        histogram.keys.sorted().map { [UInt64(bitPattern: $0), histogram[$0] ?? 0] }
    }

    static func histogram(_ pairs: [[UInt64]]) -> [Int64: UInt64] {
        var result: [Int64: UInt64] = [:]
        for pair in pairs where pair.count == 2 { result[Int64(bitPattern: pair[0]), default: 0] &+= pair[1] }
        return result
    }
}
