import FabricModel
import Foundation
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

    @Test("one display convention: bit/s per direction, largest SI prefix keeping the number ≥ 1, ≤ 3 decimals")
    func formats() {
        #expect(Bandwidth.format(bitsPerSecond: 400e9) == "400 Gb/s")
        #expect(Bandwidth.format(bitsPerSecond: 691.2e12 * 8) == "5.53 Pb/s")
        #expect(Bandwidth.format(bitsPerSecond: 3.2e12) == "3.2 Tb/s")
        #expect(Bandwidth.format(bitsPerSecond: 25.2e12) == "25.2 Tb/s")
        #expect(Bandwidth.format(bitsPerSecond: 999e9) == "999 Gb/s")
        #expect(Bandwidth.format(bitsPerSecond: 1e15) == "1 Pb/s")
        #expect(Bandwidth.format(bitsPerSecond: 12) == "12 b/s")
        #expect(Bandwidth.format(bitsPerSecond: 0) == "0 b/s")
        #expect(Bandwidth.format(bitsPerSecond: 1.23456e12) == "1.235 Tb/s")
        #expect(Bandwidth.format(bitsPerSecond: 172.4e12, significantDigits: 3) == "172 Tb/s")
        #expect(Bandwidth.format(bitsPerSecond: 1.6e12, significantDigits: 3) == "1.6 Tb/s")
        #expect(Bandwidth.format(bitsPerSecond: 43.21e12, significantDigits: 3) == "43.2 Tb/s")
        #expect(Bandwidth.format(capacity: 3, inBitsPerSecond: false) == "3 cables")
        #expect(Bandwidth.format(capacity: 1, inBitsPerSecond: false) == "1 cable")
        #expect(Bandwidth.format(capacity: 400e9, inBitsPerSecond: true) == "400 Gb/s")
    }

    /// Every row of `Fixtures/units-table.csv`: texts as people type them, valued by pint (scripts/units-table.py).
    static let table: [(kind: String, text: String, value: Double)] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/units-table.csv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let value = Double(fields[3]) else { return nil }
            return (fields[0], fields[1], value)
        }
    }()

    @Test("parsers agree with pint on an independent table")
    func parsersMatchIndependentTable() throws {
        #expect(Self.table.count >= 30)
        for row in Self.table {
            let parsed = row.kind == "bandwidth" ? try Bandwidth.parse(row.text, bareUnit: nil) : try Latency.parse(row.text, bareScale: nil)
            #expect(abs(parsed - row.value) <= row.value * 1e-12, "\(row.text): \(parsed) vs pint \(row.value)")
            if row.kind == "bandwidth" {
                // What the convention prints reads back to the same rate (to the printed precision).
                let printed = Bandwidth.format(bitsPerSecond: parsed)
                let again = try Bandwidth.parse(printed, bareUnit: nil)
                #expect(abs(again - parsed) <= parsed * 1e-3, "\(printed)")
                #expect(!printed.contains("B/s"), "\(printed) is in bytes")
            }
        }
    }

    @Test func latencyRejectsBadValues() throws {
        #expect(throws: LatencyParseError.missingUnit("25")) { try Latency.parse("25", bareScale: nil) }
        #expect(throws: LatencyParseError.outOfRange("-1ns")) { try Latency.parse("-1ns", bareScale: nil) }
        #expect(throws: LatencyParseError.unknownUnit(text: "3 fortnights", unit: "fortnights")) { try Latency.parse("3 fortnights", bareScale: nil) }
        #expect(throws: LatencyParseError.notANumber("soon")) { try Latency.parse("soon", bareScale: nil) }
        #expect(try Latency.parse("25", bareScale: 1e3) == 25_000)
        #expect(Latency.format(nanoseconds: 1200) == "1.2 µs")
    }

    @Test func mixedBandwidthsExcludeTheLinkWithout() {
        var topology = Topology(file: "t.graphml")
        _ = try? topology.addDevice(Device(id: "a", role: .accelerator))
        _ = try? topology.addDevice(Device(id: "b", role: .accelerator))
        _ = try? topology.addLink(Link(source: 0, target: 1, bandwidth: 400e9))
        _ = try? topology.addLink(Link(source: 0, target: 1))
        #expect(topology.linksWithoutBandwidth == [1])
        #expect(topology.capacityUnitNote()?.hasPrefix("1 link declares no bandwidth and is excluded from every bit/s figure: 'a'~'b'") == true)
        var none = Topology(file: "n.graphml")
        _ = try? none.addDevice(Device(id: "a", role: .accelerator))
        _ = try? none.addDevice(Device(id: "b", role: .accelerator))
        _ = try? none.addLink(Link(source: 0, target: 1))
        #expect(none.linksWithoutBandwidth.isEmpty)
        #expect(none.capacityUnitNote() == "no link has a bandwidth: every capacity figure counts cables")
    }
}
