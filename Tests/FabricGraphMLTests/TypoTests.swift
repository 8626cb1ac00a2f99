import FabricGraphML
import FabricModel
import Foundation
import Testing

/// The hand-written files with the mistakes people make (`Fixtures/typos/`, issue 14 points 4, 5 and 9): each
/// message, its code, file and line.
@Suite("Typos in hand-written files")
struct TypoTests {
    func diagnostics(_ name: String) throws -> [Diagnostic] {
        try GraphMLReader.read(file: FixtureFiles.path("typos/\(name)")).diagnostics
    }

    func line(_ diagnostic: Diagnostic?) -> Int? { diagnostic?.location?.line }

    @Test func podTyposGiveOneMessageEach() throws {
        let found = try diagnostics("pod-typos.graphml")
        #expect(found.allSatisfy { $0.location?.file.hasSuffix("typos/pod-typos.graphml") == true })
        // Bare 400 under a key without a unit: an error with the hint, not 400 b/s.
        let bare = found.first { $0.code == "graphml.bandwidth-unit" }
        #expect(bare?.severity == .error)
        #expect(line(bare) == 24)
        #expect(bare?.message == "edge 'g1': bandwidth '400' has no unit: 400 what? write 400G or 400 Gb/s, or name the key bandwidth_gbps")
        // Unknown role: an error with a suggestion.
        let role = found.first { $0.code == "graphml.unknown-role" }
        #expect(role?.severity == .error)
        #expect(line(role) == 11)
        #expect(role?.message == "node 'spine-3': unknown role 'spline'; did you mean 'spine'?")
        // Edge to an undefined node: the closest id.
        let undefined = found.first { $0.code == "graphml.undefined-node" }
        #expect(undefined?.severity == .error)
        #expect(line(undefined) == 27)
        #expect(undefined?.message == "edge 'g4' refers to undefined node 'leaf-O1'; did you mean 'leaf-01'?")
        // Latency with units under a double key: accepted, no error per link.
        #expect(!found.contains { $0.code == "graphml.bad-value" || $0.code == "graphml.bad-latency" })
        // 400GB/s among 400G leaf–spine links: a warning naming the link.
        let slip = found.first { $0.code == "graphml.bandwidth-ratio" }
        #expect(slip?.severity == .warning)
        #expect(line(slip) == 19)
        #expect(
            slip?.message.hasPrefix("link 'l1s2' ('leaf-01'~'spine-2') is 3.2 Tb/s, exactly 8× the 400 Gb/s of its 3 switch (tier 1)–switch (tier 2) peers")
                == true)
        #expect(found.count == 4, "\(found.map(\.description))")
    }

    @Test func latencyUnitsAreRead() throws {
        let topology = try GraphMLReader.read(file: FixtureFiles.path("typos/pod-slip.graphml")).topology
        let latency = Dictionary(uniqueKeysWithValues: topology.links.map { ($0.id ?? "", $0.latencyNanoseconds) })
        #expect(latency["l1s1"] == 25)
        #expect(abs(((latency["l1s2"] ?? nil) ?? 0) - 1200) < 1e-9)
        #expect(latency["l1s3"] == 500)
        #expect(latency["g1"] == 500)
    }

    @Test func slipIsTheOnlyWarningAndChangesFigures() throws {
        let found = try diagnostics("pod-slip.graphml")
        #expect(found.map(\.code) == ["graphml.bandwidth-ratio"])
        #expect(found.first?.changesFigures == true)
    }

    @Test func bareLatencyUnderAUnitlessKeyIsAnError() throws {
        let text = """
            <graphml><key id="l" for="edge" attr.name="latency" attr.type="double"/><graph edgedefault="undirected">
            <node id="a"/><node id="b"/><edge id="e" source="a" target="b"><data key="l">25</data></edge>
            <edge id="f" source="a" target="b"><data key="l">25 furlongs</data></edge></graph></graphml>
            """
        let found = try GraphMLReader.read(string: text, fileName: "lat.graphml").diagnostics
        #expect(
            found.map(\.message) == [
                "edge 'e': latency '25' has no unit: 25 what? write 25ns or 25 us, or name the key latency_ns",
                "edge 'f': latency '25 furlongs' has unknown unit 'furlongs' (use ps, ns, us, µs, ms or s)",
            ])
        #expect(found.allSatisfy { $0.severity == .error && $0.location?.line == 2 || $0.location?.line == 3 })
        // latency_us gives bare numbers a unit.
        let keyed = try GraphMLReader.read(
            string: text.replacingOccurrences(of: "attr.name=\"latency\"", with: "attr.name=\"latency_us\"")
                .replacingOccurrences(of: "25 furlongs", with: "3ns"), fileName: "lat.graphml"
        ).topology
        #expect(keyed.links.map(\.latencyNanoseconds) == [25_000, 3])
    }

    @Test func bareBitsPerSecondAboveOneMegabitIsStillRead() throws {
        let text = """
            <graphml><key id="b" for="edge" attr.name="bandwidth" attr.type="double"/><graph edgedefault="undirected">
            <node id="a"/><node id="b"/><edge source="a" target="b"><data key="b">400000000000</data></edge></graph></graphml>
            """
        let result = try GraphMLReader.read(string: text, fileName: "b.graphml")
        #expect(result.diagnostics.isEmpty)
        #expect(result.topology.links.first?.bandwidth == 400e9)
    }

    @Test func unknownRoleWithoutCloseWordListsTheRoles() throws {
        let text = """
            <graphml><key id="r" for="node" attr.name="role" attr.type="string"/><graph>
            <node id="a"><data key="r">toaster</data></node></graph></graphml>
            """
        let found = try GraphMLReader.read(string: text, fileName: "r.graphml").diagnostics
        #expect(
            found.map(\.message) == [
                "node 'a': unknown role 'toaster' (use accelerator, switch, cpu, ocs, nic, bus, other or a synonym such as gpu, leaf, spine)"
            ])
    }

    @Test func everySuggestedRoleParses() {
        for name in Role.acceptedNames { #expect(Role(parsing: name) != nil, "\(name)") }
    }

    @Test("the CSV sheet with mistakes: each row's message at its line and column")
    func csvSheetWithMistakes() throws {
        let result = try CSVCablingImporter.read(cables: FixtureFiles.path("typos/cables.csv"), devices: FixtureFiles.path("typos/devices.csv"))
        let found = result.diagnostics.map {
            "\($0.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column)" } ?? "-") \($0.severity.rawValue) \($0.message)"
        }
        #expect(
            found == [
                "devices.csv:4:9 error unknown role 'spline' of 'spine-3'; did you mean 'spine'?",
                "cables.csv:6:23 error speed: bandwidth '400' has no unit: 400 what? write 400G or 400 Gb/s, or put the unit in the header, e.g. 'speed (Gb/s)'",
                "cables.csv:8:28 error latency '25 furlongs' has unknown unit 'furlongs' (use ps, ns, us, µs, ms or s)",
                "cables.csv:9:12 error Z-device 'leaf-O1' is not in the devices sheet; did you mean 'leaf-01'?",
                "cables.csv:3:1 warning link 'leaf-01'~'spine-2' is 3.2 Tb/s, exactly 8× the 400 Gb/s of its 3 switch (tier 1)–switch (tier 2) peers: a bit/byte slip? (B is bytes, b bits: 400GB/s = 3.2 Tb/s, 400Gb/s = 400G)",
            ], "\(found.joined(separator: "\n"))")
        let latency = result.topology.links.compactMap(\.latencyNanoseconds)
        #expect(latency.prefix(4) == [25, 1200, 500, 25])
    }
}
