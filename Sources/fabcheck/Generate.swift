import ArgumentParser
import FabricDesigns
import FabricGraphML
import FabricModel

/// `fabcheck generate FAMILY|DESIGN [--param value ...] [-o FILE]`: streams a design as native GraphML.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a fabric family or a named reference design as GraphML.",
        discussion: """
            Families take parameters as '--name value' (see 'fabcheck generate --list'); named reference designs take none. \
            The design streams to the output without being held in memory; a FILE ending in .gz is gzip-compressed. \
            The same parameters always give the same bytes.
            """
    )

    @Flag(name: .long, help: "List the families with their parameters and defaults, and the named designs.")
    var list = false

    @Option(name: [.customShort("o"), .long], help: "Output file (.graphml or .graphml.gz); standard output when omitted.")
    var output: String?

    @Argument(help: "A family (fattree, clos, torus, mesh, fullmesh, dragonfly) or a named design (dgx-h100-4su, ...).")
    var design: String?

    @Argument(parsing: .allUnrecognized, help: "Family parameters as --name value.")
    var parameters: [String] = []

    /// The `--name value` / `--name=value` pairs.
    func parsedParameters() throws -> [String: String] {
        var result: [String: String] = [:]
        var index = 0
        while index < parameters.count {
            let token = parameters[index]
            guard token.hasPrefix("--"), token.count > 2 else {
                throw ValidationError("unexpected argument '\(token)'; parameters are given as --name value")
            }
            let body = token.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                result[String(body[..<equals])] = String(body[body.index(after: equals)...])
                index += 1
            } else {
                guard index + 1 < parameters.count else { throw ValidationError("parameter '\(token)' needs a value") }
                result[String(body)] = parameters[index + 1]
                index += 2
            }
        }
        return result
    }

    func run() throws {
        if list {
            print(Self.listing(), terminator: "")
            return
        }
        guard let design else {
            throw ValidationError("name a family or design to generate; 'fabcheck generate --list' shows them")
        }
        let built: any FabricDesign
        do {
            built = try DesignCatalog.design(named: design, parameters: try parsedParameters())
        } catch let error as DesignError {
            throw ValidationError(error.description)
        }
        do {
            var writer = try GraphMLWriter(path: output)
            try built.generate(into: &writer)
        } catch {
            TopologyLoading.printError(error.description)
            throw ExitCode(2)
        }
        if let output {
            print(
                "\(output): \(built.properties.name): \(built.properties.accelerators) accelerators, \(built.deviceCount) devices, "
                    + "\(built.linkCount) links")
        }
    }

    /// The text of `--list`: families with parameters and defaults, then the named designs with their sizes.
    static func listing() -> String {
        var text = "Families (fabcheck generate FAMILY --name value ...):\n"
        for family in DesignCatalog.families {
            text += "\n  \(family.name): \(family.summary)\n"
            let width = family.parameters.map(\.name.count).max() ?? 0
            for parameter in family.parameters {
                let name = parameter.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let shownDefault = parameter.defaultValue.isEmpty ? "(none)" : parameter.defaultValue
                text += "    --\(name)  default \(shownDefault): \(parameter.help)\n"
            }
        }
        text += "\nNamed designs (fabcheck generate NAME):\n\n"
        let width = DesignCatalog.designs.map(\.name.count).max() ?? 0
        for named in DesignCatalog.designs {
            let name = named.name.padding(toLength: width, withPad: " ", startingAt: 0)
            var sizes = ""
            if let design = try? DesignCatalog.design(named: named.name) {
                sizes = " [\(design.properties.accelerators) accelerators, \(design.deviceCount) devices, \(design.linkCount) links]"
            }
            text += "  \(name)  \(named.summary)\(sizes)\(named.generateOnly ? " (generate only)" : "")\n"
        }
        return text
    }
}

extension String {
    fileprivate func padding(toLength length: Int, withPad pad: String, startingAt _: Int) -> String {
        count >= length ? self : self + String(repeating: pad, count: length - count)
    }
}
