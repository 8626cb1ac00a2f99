import ArgumentParser
import FabricReports
import FabricRules
import Foundation

/// `fabcheck rules`: lists every rule with its severity and thresholds; `--format markdown` prints `docs/rules.md`.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the rules fabcheck checks, with default severities and thresholds."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown }

    @Option(help: "Output format: text or markdown (the source of docs/rules.md).")
    var format: Format = .text

    func run() throws {
        let descriptions = RuleRegistry.descriptions
        let text = format == .markdown ? RuleCatalog.markdown(descriptions) : RuleCatalog.text(descriptions)
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
