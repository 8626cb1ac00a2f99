import FabricModel

/// The result of a sweep (or of one shard of it) as written in JSON; `merge` combines shards into exactly the
/// report one unsharded run produces, because ranking is a total order and each shard keeps its own top N.
public struct SweepReport: Hashable, Sendable, Codable {
    /// Version of this JSON layout.
    public var schemaVersion: Int
    /// The design file as named on the command line.
    public var design: String
    /// The element class swept.
    public var elements: SweepElementClass
    /// The ranking metric.
    public var metric: SweepMetric
    /// Failures per scenario (1 or 2).
    public var k: Int
    /// Seed of sampled pairs.
    public var seed: UInt64
    /// How many results are kept (nil: all).
    public var top: Int?
    /// The shard this report covers; nil for a whole sweep (and after merging).
    public var shard: SweepShard?
    /// The healthy design's figures.
    public var baseline: SweepBaseline
    /// Counts over every scenario evaluated (not only the kept results).
    public var summary: SweepSummary
    /// Scenarios ranked by impact, highest first.
    public var results: [SweepRecord]

    /// The current `schemaVersion`.
    public static let currentSchemaVersion = 1
}

/// Figures of the healthy design, repeated in every shard.
public struct SweepBaseline: Hashable, Sendable, Codable {
    /// Devices in the design.
    public var devices: Int
    /// Links in the design.
    public var links: Int
    /// Accelerators in the design.
    public var accelerators: Int
    /// Connected components holding accelerators.
    public var acceleratorComponents: Int
    /// Elements in the swept class.
    public var elementsInClass: Int
    /// Highest link utilization under uniform all-to-all ECMP (traffic metric only).
    public var maxUtilization: Double?
    /// `cables` when no link has a bandwidth (capacity figures count cables); absent when they are bit/s.
    public var capacityUnit: String?
    /// The failure state the sweep starts from (`--state`): every figure is then "now", not the design's.
    public var state: FailureStateSummary?
    /// Healthy θ of the fixed all-to-all demand, proven lower bound (throughput metric only).
    public var thetaLower: Double?
    /// Healthy θ, proven upper bound (throughput metric only).
    public var thetaUpper: Double?

    /// Creates the baseline figures.
    public init(
        devices: Int, links: Int, accelerators: Int, acceleratorComponents: Int, elementsInClass: Int,
        maxUtilization: Double? = nil, capacityUnit: String? = nil
    ) {
        self.capacityUnit = capacityUnit
        self.devices = devices
        self.links = links
        self.accelerators = accelerators
        self.acceleratorComponents = acceleratorComponents
        self.elementsInClass = elementsInClass
        self.maxUtilization = maxUtilization
    }
}

/// Counts over the scenarios a report evaluated.
public struct SweepSummary: Hashable, Sendable, Codable {
    /// Scenarios evaluated.
    public var scenarios: Int
    /// Scenarios that disconnect something.
    public var critical: Int
    /// Scenarios that only lose capacity (or raise utilization).
    public var degrading: Int
    /// Scenarios with no measured effect.
    public var unaffected: Int
    /// Most accelerators stranded by one scenario.
    public var maxStranded: Int

    /// Sums two shards' counts.
    public func adding(_ other: SweepSummary) -> SweepSummary {
        SweepSummary(
            scenarios: scenarios + other.scenarios, critical: critical + other.critical,
            degrading: degrading + other.degrading, unaffected: unaffected + other.unaffected,
            maxStranded: max(maxStranded, other.maxStranded))
    }
}

/// A link as listed in a report.
public struct SweepLinkRecord: Hashable, Sendable, Codable {
    /// The link's stable identity: its edge id, else `SOURCE~TARGET` (`:PORT` ends, `#n` among identical ends;
    /// `Topology.stableLinkIDs()`).
    public var id: String
    /// Source device id.
    public var source: String
    /// Target device id.
    public var target: String

    /// Creates a link record.
    public init(id: String, source: String, target: String) {
        self.id = id
        self.source = source
        self.target = target
    }
}

/// What failed in one scenario.
public struct SweepFailureRecord: Hashable, Sendable, Codable {
    /// Selector label(s), joined by ` + `.
    public var label: String
    /// Failed device ids.
    public var devices: [String]
    /// Failed links (the links of failed devices are not listed).
    public var links: [SweepLinkRecord]

    /// Creates a failure record.
    public init(label: String, devices: [String], links: [SweepLinkRecord]) {
        self.label = label
        self.devices = devices
        self.links = links
    }
}

/// One ranked scenario.
public struct SweepRecord: Hashable, Sendable, Codable {
    /// Position of the scenario in the canonical enumeration (the final tie-break).
    public var scenario: Int
    /// What failed.
    public var failure: SweepFailureRecord
    /// Surviving accelerators cut off from the largest accelerator component.
    public var strandedAccelerators: Int
    /// Accelerator pairs disconnected.
    public var disconnectedPairs: Int
    /// Accelerators that are themselves failed.
    public var failedAccelerators: Int
    /// True when the scenario disconnects something.
    public var critical: Bool
    /// `critical`, `degrading` or `unaffected`.
    public var classification: String
    /// Capacity lost.
    public var capacity: CapacityImpact
    /// Traffic impact (traffic metric only).
    public var traffic: TrafficImpact?
    /// θ of the fixed demand before and after (throughput metric only).
    public var throughput: ThroughputImpact?

    /// Creates a record.
    public init(
        scenario: Int, failure: SweepFailureRecord, strandedAccelerators: Int, disconnectedPairs: Int,
        failedAccelerators: Int, critical: Bool, classification: String, capacity: CapacityImpact,
        traffic: TrafficImpact?, throughput: ThroughputImpact? = nil
    ) {
        self.throughput = throughput
        self.scenario = scenario
        self.failure = failure
        self.strandedAccelerators = strandedAccelerators
        self.disconnectedPairs = disconnectedPairs
        self.failedAccelerators = failedAccelerators
        self.critical = critical
        self.classification = classification
        self.capacity = capacity
        self.traffic = traffic
    }
}

/// The figures a ranking compares, taken from a record or straight from an outcome.
public struct SweepRankingKey: Sendable {
    var stranded: Int
    var pairs: Int
    var failed: Int
    var capacityLost: Double
    var acceleratorsLosing: Int
    var utilization: Double
    var pushed: Int
    var scenario: Int
    /// θ after (upper, lower) under the throughput metric; 0 otherwise.
    var thetaUpper = 0.0
    var thetaLower = 0.0
}

extension SweepRecord {
    /// The ranking figures of a record.
    public var rankingKey: SweepRankingKey {
        SweepRankingKey(
            stranded: strandedAccelerators, pairs: disconnectedPairs, failed: failedAccelerators,
            capacityLost: capacity.totalLostBps,
            acceleratorsLosing: capacity.acceleratorsLosingInjection + capacity.acceleratorsLosingUplink,
            utilization: traffic?.maxUtilizationAfter ?? 0, pushed: traffic?.linksPushedOverCapacity ?? 0,
            scenario: scenario, thetaUpper: throughput?.thetaUpperAfter ?? 0, thetaLower: throughput?.thetaLowerAfter ?? 0)
    }

    /// The ranking figures of an outcome (equal to those of its record).
    public static func rankingKey(_ outcome: SweepOutcome) -> SweepRankingKey {
        SweepRankingKey(
            stranded: outcome.connectivity.strandedAccelerators, pairs: outcome.connectivity.disconnectedPairs,
            failed: outcome.connectivity.failedAccelerators, capacityLost: outcome.capacity.totalLostBps,
            acceleratorsLosing: outcome.capacity.acceleratorsLosingInjection + outcome.capacity.acceleratorsLosingUplink,
            utilization: outcome.traffic?.maxUtilizationAfter ?? 0,
            pushed: outcome.traffic?.linksPushedOverCapacity ?? 0, scenario: outcome.ordinal,
            thetaUpper: outcome.throughput?.thetaUpperAfter ?? 0, thetaLower: outcome.throughput?.thetaLowerAfter ?? 0)
    }

    /// Ranking under `metric`: highest impact first; ties broken by the next criteria, finally by `scenario`.
    public static func ranks(_ lhs: SweepRecord, before rhs: SweepRecord, metric: SweepMetric) -> Bool {
        ranks(lhs.rankingKey, before: rhs.rankingKey, metric: metric)
    }

    /// Ranking on the figures: connectivity ranks by (stranded, pairs, failed, capacity lost); capacity by
    /// (capacity lost, accelerators losing, stranded, pairs, failed); traffic by (stranded, pairs: failures that
    /// cut accelerators off first, then max utilization after, links pushed over 100%, failed, capacity lost);
    /// throughput by (stranded, pairs, then θ after ascending: upper, lower; failed, capacity lost); all
    /// descending unless said, then ascending scenario ordinal.
    public static func ranks(_ lhs: SweepRankingKey, before rhs: SweepRankingKey, metric: SweepMetric) -> Bool {
        let left = (lhs.stranded, lhs.pairs, lhs.failed)
        let right = (rhs.stranded, rhs.pairs, rhs.failed)
        switch metric {
        case .connectivity:
            if left != right { return left > right }
            if lhs.capacityLost != rhs.capacityLost { return lhs.capacityLost > rhs.capacityLost }
        case .capacity:
            if lhs.capacityLost != rhs.capacityLost { return lhs.capacityLost > rhs.capacityLost }
            if lhs.acceleratorsLosing != rhs.acceleratorsLosing { return lhs.acceleratorsLosing > rhs.acceleratorsLosing }
            if left != right { return left > right }
        case .traffic:
            if (lhs.stranded, lhs.pairs) != (rhs.stranded, rhs.pairs) { return (lhs.stranded, lhs.pairs) > (rhs.stranded, rhs.pairs) }
            if lhs.utilization != rhs.utilization { return lhs.utilization > rhs.utilization }
            if lhs.pushed != rhs.pushed { return lhs.pushed > rhs.pushed }
            if left != right { return left > right }
            if lhs.capacityLost != rhs.capacityLost { return lhs.capacityLost > rhs.capacityLost }
        case .throughput:
            if let order = throughputOrder(lhs, rhs) { return order }
        }
        return lhs.scenario < rhs.scenario
    }

    /// `critical`, `degrading` or `unaffected`.
    static func classification(of outcome: SweepOutcome) -> String {
        let degraded = outcome.capacity.degraded || (outcome.traffic?.degraded ?? false) || (outcome.throughput?.degraded ?? false)
        return outcome.connectivity.critical ? "critical" : (degraded ? "degrading" : "unaffected")
    }
}

/// Errors of `SweepReport.merge`.
public enum SweepMergeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No report given.
    case empty
    /// Two shards were produced with different designs or options.
    case mismatch(String)
    /// A report is not a shard, or shards are missing or repeated.
    case incompleteShards(String)

    public var description: String {
        switch self {
        case .empty: "error: no shard to merge"
        case .mismatch(let detail): "error: shards do not belong to one sweep: \(detail)"
        case .incompleteShards(let detail): "error: \(detail)"
        }
    }
}

extension SweepReport {
    /// Builds a report from evaluated outcomes: classifies, ranks and keeps the top N.
    /// - Complexity: O(R log R) for R outcomes.
    public static func make(
        topology: Topology, designName: String, options: SweepOptions, baseline: SweepBaseline,
        scenariosEvaluated: Int, outcomes: [SweepOutcome]
    ) -> SweepReport {
        let ranked = rank(outcomes, scenariosEvaluated: scenariosEvaluated, options: options)
        var report = header(designName: designName, options: options, baseline: baseline, summary: ranked.summary)
        let ordinals = topology.stableLinkOrdinals()
        report.results = ranked.order.map { SweepRecord(outcomes[$0], topology: topology, linkOrdinals: ordinals) }
        return report
    }

    /// A report without results.
    static func header(designName: String, options: SweepOptions, baseline: SweepBaseline, summary: SweepSummary) -> SweepReport {
        SweepReport(
            schemaVersion: currentSchemaVersion, design: designName, elements: options.elements, metric: options.metric,
            k: options.k, seed: options.seed, top: options.top, shard: options.shard, baseline: baseline,
            summary: summary, results: []
        )
    }

    /// The summary of evaluated outcomes and the positions of the kept ones in rank order.
    /// - Complexity: O(R log R) for R outcomes.
    static func rank(_ outcomes: [SweepOutcome], scenariosEvaluated: Int, options: SweepOptions)
        -> (summary: SweepSummary, order: [Int])
    {
        var summary = SweepSummary(scenarios: scenariosEvaluated, critical: 0, degrading: 0, unaffected: 0, maxStranded: 0)
        for outcome in outcomes {
            switch SweepRecord.classification(of: outcome) {
            case "critical": summary.critical += 1
            case "degrading": summary.degrading += 1
            default: summary.unaffected += 1
            }
            summary.maxStranded = max(summary.maxStranded, outcome.connectivity.strandedAccelerators)
        }
        // Scenarios not in `outcomes` (k = 2 pairs that disconnect nothing new) count as unaffected.
        summary.unaffected += max(0, scenariosEvaluated - outcomes.count)
        // Rank on the outcomes' figures (the same order `SweepRecord.ranks` gives), then describe only the kept ones.
        let keys = outcomes.map { SweepRecord.rankingKey($0) }
        var order = Array(outcomes.indices)
        order.sort { SweepRecord.ranks(keys[$0], before: keys[$1], metric: options.metric) }
        if let top = options.top, order.count > top { order.removeSubrange(top...) }
        return (summary, order)
    }

    /// Combines the reports of every shard `0..<n` of one sweep into the report of the unsharded sweep.
    /// - Complexity: O(R log R) for R results in all shards.
    public static func merge(_ shards: [SweepReport]) throws(SweepMergeError) -> SweepReport {
        guard let first = shards.first else { throw .empty }
        var seen = Set<Int>()
        for shard in shards {
            guard let part = shard.shard else {
                throw .incompleteShards("'\(shard.design)' report is not a shard (it was run without --shard)")
            }
            guard part.count == first.shard?.count else { throw .mismatch("shard counts differ") }
            guard seen.insert(part.index).inserted else { throw .incompleteShards("shard \(part.index)/\(part.count) given twice") }
            if shard.design != first.design { throw .mismatch("designs '\(first.design)' and '\(shard.design)'") }
            if shard.elements != first.elements || shard.metric != first.metric || shard.k != first.k
                || shard.seed != first.seed || shard.top != first.top || shard.schemaVersion != first.schemaVersion
            {
                throw .mismatch("options differ (elements, metric, k, seed, top or schema version)")
            }
            if shard.baseline != first.baseline { throw .mismatch("baselines differ (design or --state)") }
        }
        let count = first.shard?.count ?? 0
        let missing = (0..<count).filter { !seen.contains($0) }
        guard missing.isEmpty else {
            throw .incompleteShards("missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", "))")
        }
        var summary = SweepSummary(scenarios: 0, critical: 0, degrading: 0, unaffected: 0, maxStranded: 0)
        var records: [SweepRecord] = []
        for shard in shards {
            summary = summary.adding(shard.summary)
            records += shard.results
        }
        records.sort { SweepRecord.ranks($0, before: $1, metric: first.metric) }
        if let top = first.top, records.count > top { records.removeSubrange(top...) }
        var merged = first
        merged.shard = nil
        merged.summary = summary
        merged.results = records
        return merged
    }
}

extension SweepRecord {
    /// A record of an outcome, with ids resolved against the topology; links without an edge id by their stable
    /// identity when `linkOrdinals` (`Topology.stableLinkOrdinals()`) is given, else `#INDEX`.
    public init(_ outcome: SweepOutcome, topology: Topology, linkOrdinals: [Int32]? = nil) {
        let devices = outcome.scenario.devices.map { topology.devices[Int($0)].id }
        let links = outcome.scenario.links.map { index in
            let link = topology.links[Int(index)]
            let id = linkOrdinals.map { topology.stableLinkID(Int(index), ordinals: $0) } ?? link.id ?? "#\(index)"
            return SweepLinkRecord(id: id, source: topology.devices[Int(link.source)].id, target: topology.devices[Int(link.target)].id)
        }
        self.init(
            scenario: outcome.ordinal,
            failure: SweepFailureRecord(label: outcome.label, devices: devices, links: links),
            strandedAccelerators: outcome.connectivity.strandedAccelerators,
            disconnectedPairs: outcome.connectivity.disconnectedPairs,
            failedAccelerators: outcome.connectivity.failedAccelerators,
            critical: outcome.connectivity.critical,
            classification: Self.classification(of: outcome),
            capacity: outcome.capacity,
            traffic: outcome.traffic,
            throughput: outcome.throughput
        )
    }
}
