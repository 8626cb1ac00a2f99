import ArgumentParser

/// The `fabcheck` command: verifies the interconnect of AI accelerator clusters described in GraphML.
@main
struct Fabcheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fabcheck",
        abstract: "Verify the interconnect of large AI accelerator clusters described as GraphML pod layouts.",
        version: "0.1.0",
        subcommands: [
            Check.self,
            Rules.self,
            Validate.self,
            Info.self,
            Analyze.self,
            BisectionCommand.self,
            WhatIf.self,
            Sweep.self,
            Merge.self,
            Generate.self,
            Report.self,
            Diff.self,
            Export.self,
            ImportCSV.self,
            Verify.self,
        ]
    )
}
