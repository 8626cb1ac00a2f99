import FabricTestSupport
import Foundation
import Testing

/// Every hostile fixture through the binary: exit code 2, exactly one error line, and the XXE canary never printed.
@Suite struct HostileInputCLITests {
    static let hostile = Fixtures.packageRoot.appendingPathComponent("Tests/FabricGraphMLTests/Fixtures/hostile")
    static let files: [String] =
        (try? FileManager.default.contentsOfDirectory(atPath: hostile.path))?
        .filter { $0.hasSuffix(".graphml") }.sorted() ?? []
    static let canary: String = ((try? String(contentsOf: hostile.appendingPathComponent("canary.txt"), encoding: .utf8)) ?? "")
        .trimmingCharacters(in: .whitespacesAndNewlines)

    @Test func fixturesArePresent() {
        #expect(Self.files.count >= 13)
        #expect(Self.canary.hasPrefix("FABCHECK-CANARY"))
    }

    @Test(arguments: files)
    func validateReportsOneErrorAndExits2(file: String) throws {
        let path = Self.hostile.appendingPathComponent(file).path
        let output = try CLI.run(["validate", path])
        #expect(output.status == 2)
        let errors = output.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "\(output.stderr)")
        #expect(errors.first?.hasPrefix(path + ":") == true)
        #expect(!output.stdout.contains(Self.canary) && !output.stderr.contains(Self.canary))
    }

    @Test(arguments: files.filter { $0.hasPrefix("xxe") })
    func infoNeverPrintsTheCanary(file: String) throws {
        let path = Self.hostile.appendingPathComponent(file).path
        for format in ["text", "json"] {
            let output = try CLI.run(["info", "--format", format, path])
            #expect(output.status == 2)
            #expect(output.stdout.isEmpty)
            #expect(!output.stderr.contains(Self.canary))
        }
    }

    @Test func limitFlagsAreHonoured() throws {
        let path = Fixtures.zoo.appendingPathComponent("Kdl.graphml").path
        let nodes = try CLI.run(["validate", "--max-nodes", "100", path])
        #expect(nodes.status == 2)
        #expect(nodes.stderr.contains("error: more than 100 nodes (raise the limit with --max-nodes)"))
        let bytes = try CLI.run(["info", "--max-file-bytes", "1000", path])
        #expect(bytes.status == 2)
        #expect(bytes.stderr.contains("\(path): error: file is 321556 bytes, more than the limit of 1000 bytes"))
        let usage = try CLI.run(["validate", "--max-links", "0", path])
        #expect(usage.status == 64)
    }
}
