import FabricDesigns
import FabricTestSupport
import Foundation
import Testing

@Suite struct GenerateCLITests {
    @Test func listShowsEveryFamilyParameterAndDesign() throws {
        let output = try CLI.run(["generate", "--list"])
        #expect(output.status == 0)
        for family in DesignCatalog.families {
            #expect(output.stdout.contains("  \(family.name): "))
            for parameter in family.parameters { #expect(output.stdout.contains("--\(parameter.name) ")) }
        }
        for design in DesignCatalog.designs { #expect(output.stdout.contains("  \(design.name) ")) }
        #expect(output.stdout.contains("supercluster-1m") && output.stdout.contains("1048576 accelerators"))
        #expect(output.stdout.contains("(generate only)"))
    }

    @Test func generatesANamedDesignToAFileThatValidates() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-generate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dgx.graphml.gz").path
        let output = try CLI.run(["generate", "dgx-h100-4su", "-o", path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("1024 accelerators, 1584 devices, 20480 links"))
        let shipped = Fixtures.topologies.appendingPathComponent("dgx-h100-4su.graphml.gz").path
        #expect(FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: shipped))
        let validate = try CLI.run(["validate", path])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("1584 nodes, 20480 links"))
    }

    @Test func familyParametersStreamToStandardOutput() throws {
        let output = try CLI.run(["generate", "torus", "--k", "3", "--n=2", "--bandwidth", "25GB/s"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml"))
        #expect(output.stdout.components(separatedBy: "<node ").count - 1 == 9)
        #expect(output.stdout.components(separatedBy: "<edge ").count - 1 == 18)
        #expect(output.stdout.contains("<data key=\"bw\">200Gb/s</data>"))
        #expect(output.stdout.hasSuffix("</graph>\n</graphml>\n"))
    }

    @Test(arguments: [
        (["generate", "fattree", "--k", "5"], "must be even; try 4 or 6"),
        (["generate", "fattree", "--k", "0"], "expected an integer from 2 to 256"),
        (["generate", "clos", "--hosts", "256", "--leaf-hosts", "64", "--spines", "4"], "radix of at least 128"),
        (["generate", "dragonfly", "--a", "0"], "expected an integer from 2 to 1024"),
        (["generate", "fullmesh", "--switches", "2", "--switch-radix", "64"], "use at least 16 switches or a switch radix of at least 512"),
        (["generate", "torus", "--q", "3"], "'torus' has no parameter 'q'"),
        (["generate", "nonesuch"], "unknown family or design 'nonesuch'"),
        (["generate", "fattree", "--k"], "needs a value"),
        (["generate"], "name a family or design"),
    ])
    func badParametersAreUsageErrors(arguments: [String], message: String) throws {
        let output = try CLI.run(arguments)
        #expect(output.status == 64)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }
}
