import Foundation

/// The fixtures of this test target (`Tests/FabricGraphMLTests/Fixtures/`), located from this source file.
enum FixtureFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The path of a fixture, e.g. `path("hostile/truncated.graphml")`.
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The canary an XXE fixture points at; its content must never appear in any output.
    static let canaryContent: String = {
        let text = (try? String(contentsOfFile: path("hostile/canary.txt"), encoding: .utf8)) ?? "FABCHECK-CANARY"
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }()
}
