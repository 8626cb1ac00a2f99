import FabricGraph
import FabricModel

/// The dead next hops of imported forwarding tables under the scenarios a sweep's text shows (as `whatif` lists them
/// for one failure): a post-pass over the shown rows, since the records are streamed without the topology.
extension SweepReport {
    /// Destinations listed per row; the rest are counted.
    static let deadNextHopsPerRow = 3

    /// Lines after the table: per shown row with dead next hops, their count and the first few; nil without tables.
    static func deadNextHopLines(_ dead: [[DeadNextHopRecord]]?, rows: [SweepRecord]) -> [String] {
        guard let dead else { return [] }
        let affected = zip(rows.indices, dead).filter { !$0.1.isEmpty }
        guard !affected.isEmpty else { return ["forwarding tables: no next hop died in the shown scenarios"] }
        var lines = ["forwarding tables: destinations cut off at a dead next hop until the subnet manager re-routes:"]
        for (index, list) in affected {
            let shown = list.prefix(deadNextHopsPerRow).map { "switch '\($0.device)' -> LID \($0.lid) ('\($0.destination)')" }
            let more = list.count > deadNextHopsPerRow ? ", ... \(list.count - deadNextHopsPerRow) more (whatif --fail lists all)" : ""
            lines.append("  \(index + 1) \(rows[index].displayName): \(list.count): " + shown.joined(separator: ", ") + more)
        }
        return lines
    }
}
