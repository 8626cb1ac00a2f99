import FabricTestSupport
import Foundation
import Testing

/// End to end on the hand-written files with typos (`Tests/FabricGraphMLTests/Fixtures/typos/`): messages with
/// file:line, exit codes, `--strict`, `-q`, and one unit convention in every text output (issue 14 points 4, 5, 9).
@Suite("Units, typos and --strict (CLI)")
struct UnitsCLITests {
    static func fixture(_ name: String) -> String {
        Fixtures.packageRoot.appendingPathComponent("Tests/FabricGraphMLTests/Fixtures/typos/\(name)").path
    }

    @Test("validate names each typo at its line with a hint, exit 2")
    func validateTypos() throws {
        let path = Self.fixture("pod-typos.graphml")
        let output = try CLI.run(["validate", path])
        #expect(output.status == 2)
        let lines = output.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(path):11:24: error: node 'spine-3': unknown role 'spline'; did you mean 'spine'?"))
        #expect(
            lines.contains("\(path):24:51: error: edge 'g1': bandwidth '400' has no unit: 400 what? write 400G or 400 Gb/s, or name the key bandwidth_gbps"))
        #expect(lines.contains("\(path):27:5: error: edge 'g4' refers to undefined node 'leaf-O1'; did you mean 'leaf-01'?"))
        #expect(lines.contains { $0.hasPrefix("\(path):19:5: warning: link 'l1s2' ('leaf-01'~'spine-2') is 3.2 Tb/s, exactly 8× the 400 Gb/s") })
        #expect(!output.stderr.contains("latency"), "latencies with units are read, not rejected")
        // -q keeps the errors and the warning that changes a figure.
        let quiet = try CLI.run(["validate", "-q", path])
        #expect(quiet.status == 2)
        #expect(quiet.stderr.contains("\(path):19:5: warning: link 'l1s2'"))
    }

    @Test("--strict turns import warnings into errors with exit 1; -q never hides a figure-changing warning")
    func strictAndQuiet() throws {
        let path = Self.fixture("pod-slip.graphml")
        let plain = try CLI.run(["validate", path])
        #expect(plain.status == 0)
        #expect(plain.stderr.contains("\(path):19:5: warning: link 'l1s2'"))
        let quiet = try CLI.run(["validate", "-q", path])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.contains("\(path):19:5: warning: link 'l1s2'"))
        let strict = try CLI.run(["validate", "--strict", path])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("\(path):19:5: error: link 'l1s2'"))
        #expect(strict.stderr.contains("[--strict]"))
        let check = try CLI.run(["check", "--strict", "--fail-on", "never", path])
        #expect(check.status == 1)
        #expect(check.stderr.contains("\(path):19:5: error: link 'l1s2'"))
        #expect(check.stderr.contains("1 import warning treated as error (--strict)"))
        let relaxed = try CLI.run(["check", "-q", "--fail-on", "never", path])
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("\(path):19:5: warning: link 'l1s2'"))
        // A clean file passes --strict.
        let clean = try CLI.run(["validate", "--strict", Fixtures.topologies.appendingPathComponent("leafspine-64.graphml").path])
        #expect(clean.status == 0)
    }

    @Test("one unit convention: check, bisection and report give the same figure in bit/s")
    func oneConvention() throws {
        let design = Fixtures.topologies.appendingPathComponent("leafspine-64.graphml").path
        let check = try CLI.run(["check", "--fail-on", "never", design])
        #expect(check.stdout.contains("bisection bandwidth is 12.8 Tb/s (exact"))
        let bisection = try CLI.run(["bisection", design])
        #expect(bisection.stdout.contains("full bisection:  12.8 Tb/s"))
        let html = try CLI.temporaryFile("", name: "report.html")
        let report = try CLI.run(["report", design, "-o", html])
        #expect(report.status == 0)
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(text.contains("12.8 Tb/s"))
        for output in [check.stdout, bisection.stdout, text] {
            #expect(!output.contains("GB/s") && !output.contains("TB/s"), "byte rates in an output")
        }
    }

    @Test("a link without a bandwidth is excluded from bit/s figures and named; none at all: figures in cables")
    func missingBandwidth() throws {
        let path = Self.fixture("pod-missing-bandwidth.graphml")
        let bisection = try CLI.run(["bisection", path])
        #expect(
            bisection.stdout.contains(
                "note:            1 link declares no bandwidth and is excluded from every bit/s figure: 'l1s2' ('leaf-01'~'spine-2') at \(path):19:5"))
        #expect(bisection.stdout.contains("full bisection:  800 Gb/s"))
        let analyze = try CLI.run(["analyze", path])
        #expect(analyze.stdout.contains("note: 1 link declares no bandwidth"))
        #expect(analyze.stdout.contains("minimum cut among accelerators: 400 Gb/s"))
        let check = try CLI.run(["check", "--fail-on", "never", path])
        #expect(
            check.stdout.contains(
                "\(path):19:5: error: link 'l1s2' ('leaf-01'~'spine-2') declares no bandwidth while other links do; it is excluded from every bit/s figure [link_bandwidth]"
            ))
        // No bandwidth anywhere: cables, said once.
        let text = try String(contentsOfFile: Self.fixture("pod-slip.graphml"), encoding: .utf8)
            .replacingOccurrences(of: #"<data key="bw">[^<]*</data>"#, with: "", options: .regularExpression)
        let bare = try CLI.temporaryFile(text, name: "no-bandwidth.graphml")
        let cables = try CLI.run(["bisection", bare])
        #expect(cables.stdout.contains("no link has a bandwidth: every capacity figure counts cables"))
        #expect(cables.stdout.contains("full bisection:  2 cables"))
        #expect(!cables.stdout.contains("b/s"))
        let whatif = try CLI.run(["whatif", bare, "--fail", "spine-1"])
        #expect(whatif.stdout.contains("uplink share 1.5 cables -> 1 cable"))
        #expect(!whatif.stdout.contains("b/s"))
    }

    @Test("import-csv: the sheet with mistakes, each at FILE:LINE:COL, exit 2, nothing written")
    func csvSheet() throws {
        let out = try CLI.temporaryFile("", name: "out.graphml")
        try FileManager.default.removeItem(atPath: out)
        let output = try CLI.run(["import-csv", Self.fixture("cables.csv"), "--devices", Self.fixture("devices.csv"), "-o", out])
        #expect(output.status == 2)
        #expect(output.stderr.contains("devices.csv:4:9: error: unknown role 'spline' of 'spine-3'; did you mean 'spine'?"))
        #expect(output.stderr.contains("cables.csv:6:23: error: speed: bandwidth '400' has no unit: 400 what?"))
        #expect(output.stderr.contains("cables.csv:9:12: error: Z-device 'leaf-O1' is not in the devices sheet; did you mean 'leaf-01'?"))
        #expect(output.stderr.contains("cables.csv:3:1: warning: link 'leaf-01'~'spine-2' is 3.2 Tb/s, exactly 8× the 400 Gb/s"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
