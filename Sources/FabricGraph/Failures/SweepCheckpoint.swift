import FabricModel
import Foundation

/// A sweep run as consecutive chunks, each the shard `i/n` of the one sweep, written as one line of compact JSON (a
/// `SweepReport` with its `shard`) as soon as it finishes (`sweep --stream FILE`). An interrupted run leaves every
/// finished chunk readable, line by line; `--resume FILE` keeps the complete lines and runs the chunks still missing;
/// `SweepReport.merge` of all chunks is exactly the output of one run.
public enum SweepCheckpoint {
    /// Chunks a sweep of `scenarios` scenarios is cut into: about 1% of the work each (at most 100), at least one.
    public static func chunkCount(scenarios: Int) -> Int { max(1, min(scenarios, 100)) }

    /// One chunk as a line: compact JSON with sorted keys, newline-terminated (JSON strings escape newlines, so the
    /// line holds the whole chunk).
    public static func line(_ chunk: SweepReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(chunk)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// The complete chunks of a stream file, and the length of the prefix they fill: a last line cut off by the
    /// interruption (no newline, or not decodable) is left out, and so is everything after it.
    /// - Complexity: O(size of the file).
    public static func read(_ data: Data) -> (chunks: [SweepReport], completeLength: Int) {
        var chunks: [SweepReport] = []
        var start = data.startIndex
        var complete = 0
        let decoder = JSONDecoder()
        while start < data.endIndex, let newline = data[start...].firstIndex(of: UInt8(ascii: "\n")) {
            guard let chunk = try? decoder.decode(SweepReport.self, from: data[start..<newline]), chunk.shard != nil else { break }
            chunks.append(chunk)
            start = data.index(after: newline)
            complete = data.distance(from: data.startIndex, to: start)
        }
        return (chunks, complete)
    }

    /// Checks that chunks read back belong to this sweep (same design name, options, state and chunk count `count`)
    /// and returns the indices already done.
    public static func finishedChunks(
        _ chunks: [SweepReport], design: String, options: SweepOptions, state: FailureStateSummary?,
        count: Int
    ) throws(SweepMergeError) -> Set<Int> {
        var done = Set<Int>()
        for chunk in chunks {
            guard let shard = chunk.shard, shard.count == count else {
                throw .mismatch("the file was cut into \(chunk.shard?.count ?? 0) chunks, this sweep into \(count)")
            }
            if chunk.design != design { throw .mismatch("designs '\(chunk.design)' and '\(design)'") }
            if chunk.elements != options.elements || chunk.metric != options.metric || chunk.k != options.k
                || chunk.seed != options.seed || chunk.top != options.top || chunk.schemaVersion != SweepReport.currentSchemaVersion
            {
                throw .mismatch("options differ (elements, metric, k, seed, top or schema version)")
            }
            if chunk.baseline.state != state { throw .mismatch("the --state differs") }
            guard done.insert(shard.index).inserted else { throw .incompleteShards("chunk \(shard.index)/\(count) written twice") }
        }
        return done
    }
}
