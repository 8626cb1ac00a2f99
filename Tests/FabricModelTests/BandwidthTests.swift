import FabricModel
import Testing

@Suite struct BandwidthTests {
    @Test(arguments: [
        ("400G", 400e9), ("400Gbps", 400e9), ("400 Gb/s", 400e9), ("400Gbit/s", 400e9), ("1.6T", 1.6e12),
        ("50GB/s", 400e9), ("28 GB/s", 224e9), ("25GBps", 200e9), ("100M", 100e6), ("2 TB/s", 16e12),
        ("10 Gbps", 10e9), ("1e9", 1e9), ("0", 0),
    ])
    func parsesUnits(text: String, expected: Double) throws {
        let value = try Bandwidth.parse(text, bareUnit: .bps)
        #expect(abs(value - expected) <= expected * 1e-12)
    }

    @Test func bareNumberTakesKeyUnit() throws {
        #expect(try Bandwidth.parse("400", bareUnit: Bandwidth.unit(forKeyName: "bandwidth_gbps")) == 400e9)
        #expect(try Bandwidth.parse("50", bareUnit: Bandwidth.unit(forKeyName: "bw_GBps")) == 400e9)
        #expect(Bandwidth.unit(forKeyName: "bandwidth") == nil)
    }

    @Test func rejectsBadValues() {
        #expect(throws: BandwidthParseError.negative("-5G")) { try Bandwidth.parse("-5G", bareUnit: nil) }
        #expect(throws: BandwidthParseError.missingUnit("400")) { try Bandwidth.parse("400", bareUnit: nil) }
        #expect(throws: BandwidthParseError.unknownUnit(text: "400 furlongs", unit: "furlongs")) {
            try Bandwidth.parse("400 furlongs", bareUnit: nil)
        }
        #expect(throws: BandwidthParseError.notANumber("fast")) { try Bandwidth.parse("fast", bareUnit: nil) }
        #expect(throws: BandwidthParseError.empty) { try Bandwidth.parse("  ", bareUnit: nil) }
    }

    @Test func formats() {
        #expect(Bandwidth.format(bitsPerSecond: 400e9) == "400 Gb/s")
        #expect(Bandwidth.format(bytesPerSecondFromBits: 691.2e12 * 8) == "691.2 TB/s")
    }
}
