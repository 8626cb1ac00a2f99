import ArgumentParser
import FabricGraph
import FabricReports
import Foundation

/// `fabcheck merge SHARD.json...`: joins the JSON of every shard of a sweep into the output of one unsharded run.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the JSON outputs of `fabcheck sweep --shard i/n` (all n of them) into one sweep.",
        discussion: "The result is byte for byte what one unsharded `fabcheck sweep` with the same options prints."
    )

    @Argument(help: "The shard files (any order).")
    var files: [String]

    @Option(help: "Output format: text, json or csv.")
    var format: SweepFormat = .json

    func validate() throws {
        if files.isEmpty { throw ValidationError("give the JSON file of every shard") }
    }

    func run() throws {
        if let first = files.first, let data = FileManager.default.contents(atPath: first), ReliabilityReport.isReliabilityReport(data) {
            try mergeReliability()
            return
        }
        var shards: [SweepReport] = []
        for file in files {
            do {
                shards.append(try SweepReport.decode(Data(contentsOf: URL(fileURLWithPath: file))))
            } catch {
                TopologyLoading.printError("\(file): error: not a fabcheck sweep JSON report (\(error.localizedDescription))")
                throw ExitCode(2)
            }
        }
        do {
            let merged = try SweepReport.merge(shards)
            print(try merged.rendered(as: format), terminator: "")
        } catch let error as SweepMergeError {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
    }

    /// Joins the JSON of every shard of `fabcheck reliability --shard i/n` into the report of one run.
    func mergeReliability() throws {
        var parts: [ReliabilityReport] = []
        for file in files {
            do {
                parts.append(try ReliabilityReport.decode(Data(contentsOf: URL(fileURLWithPath: file))))
            } catch {
                TopologyLoading.printError("\(file): error: not a fabcheck reliability JSON report (\(error.localizedDescription))")
                throw ExitCode(2)
            }
        }
        do {
            let merged = try ReliabilityReport.merge(parts)
            print(format == .text ? merged.text() : try merged.json(), terminator: format == .text ? "" : "\n")
        } catch let error as ReliabilityError {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
    }
}
