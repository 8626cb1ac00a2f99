import ArgumentParser
import FabcheckBuildInfo

/// The `fabcheck` command: verifies the interconnect of AI accelerator clusters described in GraphML.
@main
struct Fabcheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fabcheck",
        abstract: "Verify the interconnect of large AI accelerator clusters described as GraphML pod layouts.",
        version: "\(versionNumber) (commit \(String(cString: fabcheck_build_commit())))",
        subcommands: [
            Check.self,
            Rules.self,
            Validate.self,
            Info.self,
            Analyze.self,
            BisectionCommand.self,
            ThroughputCommand.self,
            CollectiveCommand.self,
            WhatIf.self,
            Sweep.self,
            Merge.self,
            ReliabilityCommand.self,
            Generate.self,
            Report.self,
            Diff.self,
            Export.self,
            ImportCSV.self,
            Verify.self,
        ]
    )

    /// The release number written into reports (SARIF `semanticVersion`, JSON, HTML); `--version` adds the commit.
    static let versionNumber = "0.1.0"
}
