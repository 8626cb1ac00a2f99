import FabricTestSupport
import Foundation
import Testing

/// `--max-nodes`, `--max-links` and `--max-file-bytes` on every subcommand that reads a GraphML file: each refuses an
/// input over the limit with the reader's one-line error and exit code 2, before any analysis runs.
@Suite struct ResourceLimitsCLITests {
    /// Every GraphML-reading subcommand with the arguments it needs besides the file (`diff` reads two files).
    static let subcommands: [(name: String, arguments: [String])] = [
        ("validate", []), ("info", []), ("analyze", []), ("bisection", []), ("check", []),
        ("sweep", []), ("whatif", ["--fail", "random:1"]), ("export", ["--format", "json"]), ("diff", []), ("report", ["--output", "/dev/null"]),
    ]

    /// Kdl (Topology Zoo): 754 nodes, 899 edges, 321,556 bytes.
    static let path = Fixtures.zoo.appendingPathComponent("Kdl.graphml").path

    static func arguments(_ name: String, _ extra: [String], _ limit: [String]) -> [String] {
        [name] + limit + extra + (name == "diff" ? [path, path] : [path])
    }

    @Test(arguments: subcommands.map(\.name))
    func everyReadingSubcommandHonoursTheLimits(name: String) throws {
        let extra = Self.subcommands.first { $0.name == name }?.arguments ?? []
        let nodes = try CLI.run(Self.arguments(name, extra, ["--max-nodes", "100"]))
        #expect(nodes.status == 2)
        #expect(nodes.stderr.contains("error: more than 100 nodes (raise the limit with --max-nodes)"), "\(nodes.stderr)")
        let links = try CLI.run(Self.arguments(name, extra, ["--max-links", "10"]))
        #expect(links.status == 2)
        #expect(links.stderr.contains("error: more than 10 links (raise the limit with --max-links)"), "\(links.stderr)")
        let bytes = try CLI.run(Self.arguments(name, extra, ["--max-file-bytes", "1000"]))
        #expect(bytes.status == 2)
        #expect(bytes.stderr.contains("\(Self.path): error: file is 321556 bytes, more than the limit of 1000 bytes"), "\(bytes.stderr)")
        let usage = try CLI.run(Self.arguments(name, extra, ["--max-nodes", "0"]))
        #expect(usage.status == 64)
    }
}
