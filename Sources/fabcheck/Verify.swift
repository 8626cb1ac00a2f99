import ArgumentParser
import FabricModel
import FabricObserved
import FabricReports
import FabricRules
import Foundation

/// `fabcheck verify DESIGN --observed FILE...`: the fabric as built (ibnetdiscover, LLDP, a sheet) against the design.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare what the fabric reports (ibnetdiscover, lldpcli JSON, a cabling CSV) with the design, and say what each difference does.",
        discussion: """
            Each designed cable is ok, missing, miswired (one end elsewhere), swapped (two cables crossed; one finding), or \
            at the wrong speed or width; observed cables not designed are unexpected; a device with a default name \
            (MT4129 ConnectX7, a MAC) is unnamed, placed by its neighbours; several neighbours on one port are duplicate. \
            The as-built fabric is checked with the rule set and each discrepancy's impact is reported, most harmful first.
            Formats are detected: ibnetdiscover (and -p), lldpcli -f json|json0 show neighbors (one file per device, the \
            device from --local, the output's local-chassis or the file name up to its first dot), CSV \
            a_device,a_port,b_device,b_port[,speed].
            Exit codes: 0 no discrepancy at or above --fail-on; 1 discrepancies at or above --fail-on; 2 an input could \
            not be read; 64 usage error.
            """
    )

    @Argument(help: "The design (.graphml or .graphml.gz).")
    var design: String

    @Option(name: .customLong("observed"), parsing: .upToNextOption, help: "Observed neighbour data: one or more files of one format.")
    var observed: [String] = []

    @Option(name: .customLong("observed-format"), help: "ibnetdiscover, ibnetdiscover-ports, lldp or csv (default: detected).")
    var observedFormat: ObservedFormat?

    @Option(help: "LLDP: the device whose neighbours the files list.")
    var local: String?

    @Option(help: "Output format: text, json, sarif, junit or github.")
    var format: OutputFormat = .text

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: error, warning or never.")
    var failOn: FailOn = .error

    @Option(name: .customLong("rules"), help: "Rules configuration (YAML) for the as-built check.")
    var rulesFile: String?

    @Flag(name: .customLong("no-impact"), help: "List the discrepancies only; do not check the as-built fabric with the rule set.")
    var noImpact = false

    @Option(name: .customLong("write-as-built"), help: "Write the as-built fabric as GraphML (for diff and report).")
    var writeAsBuilt: String?

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @OptionGroup var importOptions: ImportOptions

    @OptionGroup var forwardingOptions: ForwardingOptions

    func validate() throws {
        if observed.isEmpty { throw ValidationError("give the observed data with --observed FILE...") }
        if !forwardingOptions.forwardingTables.isEmpty {
            // The as-built fabric's cables are the observed ones: tables mapped onto the design's cables do not apply.
            throw ValidationError("verify checks the as-built fabric (the observed cables); give --forwarding-tables to check, analyze or whatif")
        }
        if local != nil, observedFormat != nil, observedFormat != .lldp { throw ValidationError("--local applies to LLDP input only") }
    }

    func run() throws {
        let topology = try forwardingOptions.apply(to: TopologyLoading.load(design, options: importOptions))
        let fabric: ObservedFabric
        do {
            fabric = try ObservedReader(format: observedFormat, local: local).read(files: observed)
        } catch {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
        for warning in fabric.warnings { TopologyLoading.printError(warning.description) }
        var configuration: RuleConfiguration?
        if let rulesFile {
            do {
                configuration = try RuleConfiguration.load(path: rulesFile)
            } catch {
                TopologyLoading.printError(error.description)
                throw ExitCode(2)
            }
        }
        let report = VerifyReport.verify(design: topology, observed: fabric, options: .init(runRules: !noImpact, configuration: configuration))
        if let writeAsBuilt { try GraphMLExport.write(report.asBuilt, to: writeAsBuilt) }
        let checkReport = report.checkReport()
        let text: String
        switch format {
        case .text: text = report.renderText()
        case .json: text = report.renderJSON()
        default:
            let options = ReportOptions(
                toolName: "fabcheck", toolVersion: Fabcheck.configuration.version, color: false,
                failureSeverity: failOn.severity ?? .warning)
            text = format.reportFormat.reporter.render(checkReport, options: options)
        }
        try OutputFile.write(text, to: output)
        if let threshold = failOn.severity, checkReport.hasFindings(atOrAbove: threshold) { throw ExitCode(1) }
    }
}

extension ObservedFormat: ExpressibleByArgument {}
