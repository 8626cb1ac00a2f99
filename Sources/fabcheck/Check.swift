import ArgumentParser
import FabricModel
import FabricReports
import FabricRules
import Foundation

/// `fabcheck check FILE...`: runs the rule set and reports findings in a CI-friendly format.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check designs against the rule set (default rules, or fabcheck.yml beside the file, or --rules).",
        discussion: """
            Exit codes: 0 no finding at or above --fail-on; 1 findings at or above --fail-on; 2 an input or the rules \
            file could not be read; 64 usage error. Findings go to standard output (or --output), diagnostics to standard error. \
            A file that cannot be read does not stop the others: every format reports the files it checked and the \
            errors of those it could not read (SARIF executionSuccessful false, JUnit an errored test case, JSON errors, \
            GitHub ::error lines), and the exit code is 2.
            """
    )

    @Argument(help: "GraphML files (.graphml or .graphml.gz), folders (every such file below, sorted) or - for standard input.")
    var files: [String]

    @Option(name: .customLong("rules"), help: "Rules configuration (YAML). Default: fabcheck.yml beside each file, if present.")
    var rulesFile: String?

    @Option(help: "Baseline of accepted findings (a fabcheck JSON report or a JSON list of fingerprints).")
    var baseline: String?

    @Option(help: "Output format: text, json, sarif, junit or github.")
    var format: OutputFormat = .text

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: error, warning or never.")
    var failOn: FailOn = .error

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Color the text report: auto (only on a terminal), always or never.")
    var color: ColorMode = .auto

    @Option(name: .customLong("limit-per-rule"), help: "Text format: list at most this many findings per rule and severity.")
    var limitPerRule: Int?

    @Flag(name: .shortAndLong, help: "Text format: omit notes; print only the import warnings that change a computed figure.")
    var quiet = false

    @Flag(help: "Treat import warnings as errors: print them as errors and exit 1 (for gates that want clean files).")
    var strict = false

    @Flag(name: .shortAndLong, help: "Text and GitHub formats: one line per finding instead of one per flood (a rule saying the same about many elements).")
    var verbose = false

    @Flag(help: "Print the time of the import, of each analysis and of each rule to standard error (also FABCHECK_TIMINGS=1).")
    var timings = false

    @OptionGroup var importOptions: ImportOptions

    @OptionGroup var forwardingOptions: ForwardingOptions

    @OptionGroup var stateOptions: StateOptions

    func validate() throws {
        try TopologyLoading.validateInputs(files)
        if stateOptions.state != nil, files.count != 1 { throw ValidationError("--state applies to one design file") }
        if let limitPerRule, limitPerRule < 1 { throw ValidationError("--limit-per-rule must be at least 1") }
    }

    func run() throws {
        // Each step is also printed as it finishes, with the resident memory then, so long runs show progress.
        let printTimings = timings || ProcessInfo.processInfo.environment["FABCHECK_TIMINGS"].map { !$0.isEmpty && $0 != "0" } == true
        let expanded = TopologyLoading.expandInputsKeepingErrors(self.files)
        let files = expanded.files
        var inputErrors = expanded.errors
        let progress = TerminalProgress("fabcheck check", phase: "import")
        defer { progress.finish() }
        let recorder =
            printTimings || progress.enabled
            ? CheckTimings { entry in
                progress.update("\(entry.name) done")
                guard printTimings else { return }
                TopologyLoading.printError(String(format: "fabcheck: %8.3f s  %@ (resident %@)", entry.seconds, entry.name, Check.residentText()))
            } : nil
        let started = DispatchTime.now().uptimeNanoseconds
        var topologies: [Topology] = []
        var importWarnings = 0
        for file in files {
            progress.update("import \(file)")
            let load = { TopologyLoading.importOrErrors(file, options: importOptions.readerOptions, printWarnings: !quiet, strict: strict) }
            let imported = recorder.map { $0.measure("import \(file)", load) } ?? load()
            if let result = imported.result {
                topologies.append(try stateOptions.baseline(of: forwardingOptions.apply(to: result.topology), importOptions: importOptions, quiet: quiet))
            } else {
                inputErrors += imported.errors
            }
            importWarnings += imported.result?.diagnostics.filter { $0.severity == .warning }.count ?? 0
        }
        // The designs live until the process exits: freeing a million devices and links one by one took about half a
        // second of the check's end on one core, for nothing.
        defer { Check.keepUntilExit(topologies) }
        let reports: [CheckReport]
        defer {
            if let recorder, printTimings {
                recorder.record("total (import and check)", seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
                TopologyLoading.printError("fabcheck: timings (wall clock, slowest first)\n" + recorder.rendered())
            }
        }
        switch Result(catching: { () throws(RulesError) -> [CheckReport] in try checkGroups(topologies, timings: recorder) }) {
        case .success(let value): reports = value
        case .failure(let error):
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
        var report = CheckReport.merged(reports, files: topologies.map(\.file))
        report.inputErrors = inputErrors
        if quiet && format == .text { report.findings.removeAll { $0.severity == .note } }
        let options = ReportOptions(
            toolName: "fabcheck", toolVersion: Fabcheck.versionNumber,
            color: useColor, failureSeverity: failOn.severity ?? .warning)
        let text: String
        switch format {
        case .text: text = TextReporter(limitPerRule: limitPerRule, verbose: verbose).render(report, options: options)
        case .github: text = GitHubActionsReporter(verbose: verbose).render(report, options: options)
        default: text = format.reportFormat.reporter.render(report, options: options)
        }
        progress.finish()
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                TopologyLoading.printError("\(output): error: cannot write the report: \((error as NSError).localizedDescription)")
                throw ExitCode(2)
            }
            if format != .text, !quiet { TopologyLoading.printError("fabcheck: \(summaryLine(report))") }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if !inputErrors.isEmpty { throw ExitCode(2) }
        if strict, importWarnings > 0 {
            TopologyLoading.printError(
                "fabcheck: \(importWarnings) import warning\(importWarnings == 1 ? "" : "s") treated as error\(importWarnings == 1 ? "" : "s") (--strict)")
            throw ExitCode(1)
        }
        if let threshold = failOn.severity, report.hasFindings(atOrAbove: threshold) { throw ExitCode(1) }
    }

    /// Checks the topologies, grouped by the configuration that applies to each.
    private func checkGroups(_ topologies: [Topology], timings: CheckTimings?) throws(RulesError) -> [CheckReport] {
        var groups: [(configuration: RuleConfiguration, topologies: [Topology])] = []
        for topology in topologies {
            let configuration = try configurationFor(topology.file)
            if let slot = groups.firstIndex(where: { $0.configuration == configuration }) {
                groups[slot].topologies.append(topology)
            } else {
                groups.append((configuration, [topology]))
            }
        }
        var reports: [CheckReport] = []
        for group in groups {
            var accepted: Baseline?
            if let path = baseline ?? group.configuration.resolvedBaselinePath { accepted = try Baseline.load(path: path) }
            var checker = Checker(configuration: group.configuration, baseline: accepted)
            checker.timings = timings
            reports.append(checker.check(group.topologies))
        }
        return reports
    }

    /// `--rules`, else `fabcheck.yml` in the topology's folder, else the defaults.
    private func configurationFor(_ file: String) throws(RulesError) -> RuleConfiguration {
        if let rulesFile { return try RuleConfiguration.load(path: rulesFile) }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        let candidate = folder.appendingPathComponent("fabcheck.yml").path
        guard FileManager.default.fileExists(atPath: candidate) else { return RuleConfiguration() }
        let slash = file.lastIndex(of: "/")
        let display = slash.map { String(file[...$0]) + "fabcheck.yml" } ?? "fabcheck.yml"
        var configuration = try RuleConfiguration.load(path: candidate)
        configuration.file = display
        return configuration
    }

    /// Designs kept until the process exits (see `run`): never read.
    nonisolated(unsafe) private static var keptUntilExit: [Topology] = []

    private static func keepUntilExit(_ topologies: [Topology]) { keptUntilExit = topologies }

    /// The process's resident memory now (`/proc/self/statm`), or `?` where unavailable.
    static func residentText() -> String {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return "?" }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return "?" }
        return String(format: "%.2f GiB", pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_073_741_824)
    }

    private var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            guard output == nil, format == .text, ProcessInfo.processInfo.environment["NO_COLOR"] == nil else { return false }
            if ProcessInfo.processInfo.environment["TERM"] == "dumb" { return false }
            return isatty(STDOUT_FILENO) != 0
        }
    }
}

/// `--format` values of `check`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, junit, github

    var reportFormat: ReportFormat {
        switch self {
        case .text: .text
        case .json: .json
        case .sarif: .sarif
        case .junit: .junit
        case .github: .github
        }
    }
}

/// `--fail-on` values.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, never

    /// The lowest failing severity; nil for never.
    var severity: Severity? {
        switch self {
        case .error: .error
        case .warning: .warning
        case .never: nil
        }
    }
}

/// `--color` values.
enum ColorMode: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

extension CheckReport {
    /// Several reports as one, files in the order given, findings re-sorted, rules de-duplicated.
    static func merged(_ reports: [CheckReport], files: [String]) -> CheckReport {
        guard reports.count != 1 else { return reports[0] }
        var rules: [String: RuleDescription] = [:]
        for report in reports { for rule in report.rules { rules[rule.identifier] = rule } }
        return CheckReport(
            files: files,
            rules: rules.values.sorted { ($0.kind, $0.identifier) < ($1.kind, $1.identifier) },
            findings: reports.flatMap(\.findings).sorted(by: Finding.reportOrder),
            suppressed: reports.flatMap(\.suppressed),
            baselined: reports.reduce(0) { $0 + $1.baselined })
    }
}
