import FabricTestSupport
import Foundation
import Testing

@Suite struct VerifyCLITests {
    static func path(_ relative: String) -> String { Fixtures.packageRoot.appendingPathComponent(relative).path }
    static let fixtures = "Tests/FabricObservedTests/Fixtures/"

    @Test func exportedNetFileVerifiesCleanAgainstItsDesign() throws {
        let exported = try CLI.run(["export", Self.path("examples/verify/dual-homed-ib.graphml"), "--format", "ibnetdiscover"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(
            exported.stdout.contains(
                "Switch\t6 \"S-fab0000000000030\"\t\t# \"leaf-1\" enhanced port 0 lid 0 lmc 0\n[1]\t\"H-fab0000000000050\"[1]\t\t# \"gpu-1 HCA-1\" lid 0 4xHDR\n"
            ))
        let net = try CLI.temporaryFile(exported.stdout, name: "pod.ibnetdiscover")
        let verified = try CLI.run(["verify", Self.path("examples/verify/dual-homed-ib.graphml"), "--observed", net])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.hasSuffix("12 designed cables, 12 observed: 12 ok\n"))
    }

    @Test func discrepanciesExitOneAndRenderInEveryFormat() throws {
        let design = Self.path(Self.fixtures + "real-stacks/fattree-k4-hdr/design.graphml")
        let observed = Self.path(Self.fixtures + "real-stacks/fattree-k4-hdr/mutated.ibnetdiscover")
        let text = try CLI.run(["verify", design, "--observed", observed])
        #expect(text.status == 1)
        #expect(text.stdout.contains("48 designed cables, 48 observed: 44 ok, 1 missing, 1 unexpected, 1 swapped, 1 speed, 1 unnamed\n"))
        #expect(
            text.stdout.contains(
                "warning: unnamed: device reported as 'MT4129 ConnectX7   Mellanox Technologies' (GUID fab00000000000c0) is not named as designed; by its neighbours it is 'h-p2-e1-1'\n"
            ))
        let sarif = try CLI.run(["verify", design, "--observed", observed, "--format", "sarif"])
        #expect(sarif.status == 1)
        #expect(sarif.stdout.contains("\"ruleId\" : \"verify_missing\"") || sarif.stdout.contains("\"ruleId\": \"verify_missing\""))
        for format in ["json", "junit", "github"] {
            let output = try CLI.run(["verify", design, "--observed", observed, "--format", format, "--fail-on", "never"])
            #expect(output.status == 0, "\(format)")
            #expect(output.stdout.contains("verify_swapped") || output.stdout.contains("\"swapped\""), "\(format)")
        }
        let warningsOnly = try CLI.run(["verify", design, "--observed", observed, "--fail-on", "warning", "--no-impact"])
        #expect(warningsOnly.status == 1)
    }

    @Test func asBuiltIsWrittenAsGraphML() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("as-built-\(UUID().uuidString).graphml").path
        let run = try CLI.run([
            "verify", Self.path(Self.fixtures + "real-stacks/dual-homed-ib/design.graphml"),
            "--observed", Self.path(Self.fixtures + "real-stacks/dual-homed-ib/mutated.ibnetdiscover"),
            "--write-as-built", output, "--fail-on", "never",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let info = try CLI.run(["info", output])
        #expect(info.stdout.contains("links:       12 "), "\(info.stdout)")
        try? FileManager.default.removeItem(atPath: output)
    }

    @Test func unreadableObservedDataExitsTwoWithALocatedMessage() throws {
        let bad = try CLI.temporaryFile("switchguid=0x10\nSwitch\t8 \"S-10\"\n[1]\t\"H-20\"[x]\n", name: "bad.ibnetdiscover")
        let run = try CLI.run(["verify", Self.path("examples/verify/dual-homed-ib.graphml"), "--observed", bad])
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.ibnetdiscover:3:11: error: expected the remote port number such as [1] after \"H-20\""))
        let missing = try CLI.run(["verify", Self.path("examples/verify/dual-homed-ib.graphml")])
        #expect(missing.status == 64)
    }
}
