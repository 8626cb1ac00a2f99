import FabricDesigns
import FabricGraphML
import FabricModel
import FabricTestSupport
import Foundation
import Testing

/// The shipped designs: every named design not marked generate-only, as `topologies/NAME.graphml[.gz]`.
let shippedDesigns = DesignCatalog.designs.filter { !$0.generateOnly }.map(\.name)

@Suite struct ShippedTopologiesTests {
    /// The shipped file of a design (plain or gzip), if present.
    static func shippedFile(_ name: String) -> String? {
        for suffix in [".graphml", ".graphml.gz"] {
            let path = Fixtures.topologies.appendingPathComponent(name + suffix).path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// Regenerates each shipped file with the same compression and compares bytes, so `topologies/` never
    /// drifts from the generators (all of them: generation is fast enough in a debug build, ~1 s for the largest).
    @Test(arguments: shippedDesigns)
    func shippedFileMatchesTheGenerator(_ name: String) throws {
        let shipped = try #require(Self.shippedFile(name), "topologies/\(name).graphml[.gz] is missing; run topologies/regenerate.sh")
        let regenerated = scratchPath(URL(fileURLWithPath: shipped).lastPathComponent)
        try writeDesign(try DesignCatalog.design(named: name), to: regenerated)
        let expected = try #require(FileManager.default.contents(atPath: shipped))
        let actual = try #require(FileManager.default.contents(atPath: regenerated))
        #expect(actual == expected, "topologies/\(name) drifted from its generator; run topologies/regenerate.sh")
        try? FileManager.default.removeItem(atPath: regenerated)
    }

    @Test func readmeListsEveryShippedDesign() throws {
        let readme = try String(contentsOf: Fixtures.topologies.appendingPathComponent("README.md"), encoding: .utf8)
        for name in shippedDesigns { #expect(readme.contains("`\(name)`"), "README.md misses \(name)") }
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.topologies.path).filter { $0.contains(".graphml") }
        #expect(files.count == shippedDesigns.count)
    }

    @Test func shippedFixtureImportsToTheGeneratedModel() throws {
        for name in ["fattree-k4", "leafspine-64", "dgx-h100-4su"] {
            let path = try #require(Self.shippedFile(name))
            let imported = try GraphMLReader.read(file: path)
            #expect(imported.diagnostics.isEmpty)
            var expected = try Designs.topology(named: name)
            expected.file = path
            #expect(imported.topology.withoutSourcePositions() == expected)
        }
    }
}
