import FabricModel

/// A sweep report whose results are produced on demand, in rank order, a batch at a time: what `fabcheck sweep`
/// writes, so a sweep of millions of scenarios never holds every record (or the whole encoded output) at once.
/// FabricReports writes it (`write(as:to:)`), byte-identical to `SweepReport.rendered(as:)` of the materialized report.
public struct SweepStream: Sendable {
    /// Every field of the report except `results`, which is empty.
    public var header: SweepReport
    /// Number of results.
    public var count: Int
    /// The records of ranks `range` (a subrange of `0..<count`), in rank order.
    let records: @Sendable (Range<Int>) -> [SweepRecord]

    /// A stream over `count` results produced by `records`.
    init(header: SweepReport, count: Int, records: @escaping @Sendable (Range<Int>) -> [SweepRecord]) {
        var header = header
        header.results = []
        self.header = header
        self.count = count
        self.records = records
    }

    /// A stream over a materialized report.
    public init(report: SweepReport) {
        let results = report.results
        self.init(header: report, count: results.count) { Array(results[$0]) }
    }

    /// The records of ranks `range`, in rank order.
    public func records(in range: Range<Int>) -> [SweepRecord] {
        records(range.clamped(to: 0..<count))
    }

    /// The materialized report (every record in memory: for tests and small sweeps).
    public func report() -> SweepReport {
        var report = header
        report.results = records(in: 0..<count)
        return report
    }
}
