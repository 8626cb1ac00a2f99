import FabricModel
import Foundation
import Testing

@testable import FabricObserved

/// Truncated, mixed-up and huge inputs: a located error or a partial reading, never a crash or a hang.
@Suite("hostile observed input")
struct HostileObservedInputTests {
    static func read(_ text: String, format: ObservedFormat? = nil, file: String = "h") throws(ObservedError) -> ObservedFabric? {
        var fabric: ObservedFabric?
        try ObservedReader(format: format).read(Array(text.utf8), file: file, into: &fabric)
        return fabric
    }

    @Test("every prefix of a real dump reads or fails at a located line")
    func truncatedEverywhere() throws {
        let text = try String(contentsOfFile: ObservedFixtures.path("real-stacks/dual-homed-ib/mutated.ibnetdiscover"), encoding: .utf8)
        let bytes = Array(text.utf8)
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            let prefix = String(decoding: bytes[..<cut], as: UTF8.self)
            if case .failure(let error) = Result(catching: { () throws(ObservedError) -> ObservedFabric? in try Self.read(prefix, format: .ibnetdiscover) }) {
                guard case .malformed(let location, _) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(location.file == "h" && location.line >= 1)
            }
        }
    }

    @Test("a line longer than the limit, JSON nested past the limit, an unclosed quote: located errors")
    func limits() {
        let long = "Switch\t8 \"S-1\"\t# \"" + String(repeating: "x", count: 70_000) + "\"\n"
        #expect(throws: ObservedError.tooLarge(SourceLocation(file: "h", line: 1, column: 1), "line longer than 65536 bytes")) { try Self.read(long) }
        let deep = "{\"lldp\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect(throws: ObservedError.tooLarge(SourceLocation(file: "h", line: 1, column: 1), "JSON nested deeper than 64 levels")) { try Self.read(deep) }
        #expect(throws: ObservedError.malformed(SourceLocation(file: "h", line: 1, column: 1), "a quoted field is not closed on this line")) {
            try Self.read("a,\"1,b,1\n", format: .csv)
        }
        #expect(throws: ObservedError.self) { try Self.read("{\"lldp\": {\"interface\": [1, 2]}}") }
        #expect(throws: ObservedError.self) { try Self.read("{\"lldp\": {}} garbage") }
    }

    @Test("binary garbage and an empty file")
    func garbage() throws {
        let noise: [UInt8] = (0..<4096).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 7) }
        let outcome = Result { () throws(ObservedError) -> ObservedFabric? in
            var fabric: ObservedFabric?
            try ObservedReader(format: .ibnetdiscover).read(noise, file: "noise", into: &fabric)
            return fabric
        }
        if case .failure(let error) = outcome, case .malformed(let location, _) = error { #expect(location.line >= 1) }
        #expect(ObservedReader.detect([]) == nil)
        #expect(throws: ObservedError.unknownFormat("empty")) { try Self.read("", file: "empty") }
    }

    @Test("files of two formats in one run are refused, naming the file")
    func mixedFormats() throws {
        var fabric: ObservedFabric?
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: ObservedFixtures.path("host-B.lldpcli-json-one-neighbour.json"))))
        try ObservedReader().read(bytes, file: "b.json", into: &fabric)
        #expect(
            throws: ObservedError.malformed(
                SourceLocation(file: "s.csv", line: 1, column: 1), "this file is csv but earlier ones are lldp; give files of one format")
        ) {
            try ObservedReader().read(Array("a,1,b,1\n".utf8), file: "s.csv", into: &fabric)
        }
    }

    @Test("a port number past 65535 or a GUID of 17 digits is an error, not an overflow")
    func overflow() {
        #expect(throws: ObservedError.self) { try Self.read("Switch\t8 \"S-1\"\n[99999999999]\t\"H-2\"[1]\n") }
        #expect(throws: ObservedError.self) { try Self.read("switchguid=0x12345678901234567\n") }
    }
}

/// Inputs the fuzzers flagged as slow or timed out under machine load (each runs in well under a second alone:
/// ASan's quarantine recycling stalled on a starved CPU); kept so a real slowdown on them shows here.
@Suite("fuzz regressions")
struct ObservedFuzzRegressionTests {
    @Test(
        "each flagged input reads (or fails at a located line) and matches quickly",
        arguments: [
            "csv-timeout-07f4a3f6.csv", "ib-slow-unit-138bf178.ibnetdiscover", "ib-slow-unit-29831701.ibnetdiscover",
            "ib-timeout-878098be.ibnetdiscover",
        ])
    func flagged(_ name: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: ObservedFixtures.path("fuzz-regressions/\(name)"))))
        let format: ObservedFormat = name.hasSuffix(".csv") ? .csv : .ibnetdiscover
        let started = ContinuousClock.now
        for candidate in format == .csv ? [ObservedFormat.csv] : [.ibnetdiscover, .ibnetdiscoverPorts] {
            var fabric: ObservedFabric?
            let outcome = Result { () throws(ObservedError) -> ObservedFabric? in
                try ObservedReader(format: candidate).read(bytes, file: name, into: &fabric)
                return fabric
            }
            switch outcome {
            case .success(let value?):
                let design = try VerifyDesigns.load("examples/verify/dual-homed-ib.graphml")
                _ = DesignMatcher().match(design: design, observed: value)
            case .success(nil):
                Issue.record("no fabric and no error")
            case .failure(let error):
                if case .malformed(let location, _) = error { #expect(location.line >= 1) } else { Issue.record("\(error)") }
            }
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
