import FabricGraphML
import FabricModel
import Foundation
import Testing

/// Inputs kept from the importer's fuzzing runs (docs/fuzzing.md), one per distinct outcome the fuzzer reached:
/// each must import or fail exactly as recorded in `Fixtures/fuzz-regressions/expected.tsv`, through both the file
/// and the in-memory entry points, and the same way twice (no state leaks between imports).
@Suite struct FuzzRegressionTests {
    /// One recorded outcome: the input's file name, whether it imports without errors, and the first line reported.
    struct Case: CustomStringConvertible, Sendable {
        var file: String
        var checkable: Bool
        var firstLine: String
        var description: String { file }
    }

    static let directory = FixtureFiles.path("fuzz-regressions")

    static let cases: [Case] = {
        guard let text = try? String(contentsOfFile: directory + "/expected.tsv", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { return nil }
            return Case(file: fields[0], checkable: fields[1] == "0", firstLine: fields[2])
        }
    }()

    /// What `fabcheck validate` reports first: the thrown error, else the first diagnostic that is not a note (the
    /// once-per-file note on how edges were read comes before the rest), else the counts.
    static func outcome(_ read: () throws(GraphMLError) -> ImportResult, name: String) -> (checkable: Bool, firstLine: String, all: [String]) {
        do {
            let result = try read()
            let lines = result.diagnostics.filter { $0.severity != .note }.map { $0.description.replacingOccurrences(of: name, with: "FILE") }
            let summary = TopologySummary(result.topology)
            #expect(summary.nodes == result.topology.devices.count)
            let first = lines.first ?? "FILE: ok: \(result.topology.devices.count) nodes, \(result.topology.links.count) links"
            return (!result.hasErrors, first, lines)
        } catch {
            let line = error.description.replacingOccurrences(of: name, with: "FILE")
            return (false, line, [line])
        }
    }

    @Test func everyKeptInputIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".graphml") }
        #expect(Set(files) == Set(Self.cases.map(\.file)))
        #expect(Self.cases.count >= 10)
    }

    @Test(arguments: cases)
    func fileImportMatchesRecordedOutcome(_ item: Case) {
        let path = Self.directory + "/" + item.file
        let first = Self.outcome({ () throws(GraphMLError) in try GraphMLReader.read(file: path) }, name: path)
        #expect(first.checkable == item.checkable)
        #expect(first.firstLine == item.firstLine)
        let again = Self.outcome({ () throws(GraphMLError) in try GraphMLReader.read(file: path) }, name: path)
        #expect(again.all == first.all)
    }

    @Test(arguments: cases)
    func memoryImportMatchesFileImport(_ item: Case) throws {
        let path = Self.directory + "/" + item.file
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let memory = Self.outcome(
            { () throws(GraphMLError) in try GraphMLReader.read(bytes: bytes, fileName: "input.graphml") },
            name: "input.graphml")
        #expect(memory.checkable == item.checkable)
        #expect(memory.firstLine == item.firstLine)
    }
}
