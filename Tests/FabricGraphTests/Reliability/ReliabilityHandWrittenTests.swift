import FabricGraph
import FabricModel
import Foundation
import Testing

/// The reliability engine on the hand-written pod: element overrides, spares, risk groups; Monte-Carlo intervals
/// against exact enumeration; brute-force enumeration of every failure set as an independent reference.
@Suite struct ReliabilityHandWrittenTests {
    /// A model with rates raised so that failures are frequent (a test of the machinery, not of the defaults).
    static let harsh: FailureModel = {
        var model = FailureModel(riskGroups: ["power_feed": FailureRate(perYear: 1, mttrHours: 100)])
        model.rates[.accelerator] = FailureRate(perYear: 1, mttrHours: 300)
        model.rates[.switchTier(1)] = FailureRate(perYear: 1, mttrHours: 100)
        model.rates[.switchTier(2)] = FailureRate(perYear: 0, mttrHours: 0)
        model.rates[.opticalLink] = FailureRate(perYear: 3, mttrHours: 100)
        // Access cables never fail here, nor spines, so the brute force below stays at 2^13 subsets.
        model.rates[.copperLink] = FailureRate(perYear: 0, mttrHours: 0)
        model.rates[.link] = FailureRate(perYear: 0, mttrHours: 0)
        return model
    }()

    @Test func elementDataOverridesTheClassRate() throws {
        let units = try FailureUnits(topology: HandWrittenPod.topology(), model: Self.harsh)
        let probability = Dictionary(uniqueKeysWithValues: zip(units.labels, units.probability))
        #expect(probability["device:gpu4"] == nil)  // failure_rate_per_year 0: never fails
        #expect(abs((probability["device:gpu1"] ?? 0) - 400.0 / (8760 + 400)) < 1e-15)  // 2/y × 200 h
        #expect(abs((probability["device:gpu2"] ?? 0) - 300.0 / (8760 + 300)) < 1e-15)
        #expect(abs((probability["link:u2"] ?? 0) - 500.0 / (8760 + 500)) < 1e-15)  // 5/y × the optical 100 h
        #expect(probability["link:a1"] == nil)  // copper: rate 0 in this model
        #expect(probability["power_feed=A"] != nil && probability["power_feed=B"] != nil && probability["srlg:tray-1"] != nil)
    }

    @Test func badElementDataIsAnErrorWithItsLocation() throws {
        let text = HandWrittenPod.text.replacingOccurrences(of: "<data key=\"d6\">0</data>", with: "<data key=\"d6\">-1</data>")
        let topology = try GraphMLReaderBridge.read(text)
        #expect(throws: ReliabilityError.self) { try FailureUnits(topology: topology, model: FailureModel()) }
        do {
            _ = try FailureUnits(topology: topology, model: FailureModel())
        } catch {
            #expect(error.description.hasPrefix("hand-pod.graphml:24:5: error:"))
            #expect(error.description.contains("'gpu4': failure_rate_per_year '-1'"))
        }
    }

    /// Brute force: every subset of the units, its probability as a product, the shortfall from flood fill.
    @Test func exactEnumerationMatchesBruteForceAndMonteCarloCoversIt() throws {
        let topology = try HandWrittenPod.topology()
        let analyzer = try ReliabilityAnalyzer(topology: topology, model: Self.harsh, options: ReliabilityOptions())
        let units = analyzer.units
        #expect(units.count == 13)
        var availability = 0.0
        var unusable = 0.0
        let accelerators = topology.devices.indices.filter { topology.devices[$0].isAccelerator }
        let rack = accelerators.map { topology.devices[$0].rack ?? "" }
        let resolver = FailureSelectorResolver(topology)
        var scenarios: [FailureScenario] = []
        for label in units.labels { scenarios.append(try resolver.resolve(texts: [label])) }
        for subset in 0..<(1 << units.count) {
            var p = 1.0
            var links = Set<Int>()
            var devices = Set<Int>()
            for unit in 0..<units.count {
                let down = subset & (1 << unit) != 0
                p *= down ? units.probability[unit] : 1 - units.probability[unit]
                guard down else { continue }
                links.formUnion(scenarios[unit].links.map(Int.init))
                devices.formUnion(scenarios[unit].devices.map(Int.init))
            }
            let lost = Self.unusableAccelerators(topology, links: links, devices: devices)
            unusable += p * Double(lost.count)
            // Rack r1 has one spare (gpu3), rack r2 none.
            let short =
                max(0, lost.filter { rack[accelerators.firstIndex(of: $0) ?? 0] == "r1" }.count - 1)
                + lost.filter { rack[accelerators.firstIndex(of: $0) ?? 0] == "r2" }.count
            if short == 0 { availability += p }
        }
        let exact = try analyzer.run(ReliabilityOptions(exactTolerance: 0)).summary()
        #expect(exact.availability.method == .exact)
        #expect(abs(exact.availability.value - availability) < 1e-12)
        #expect(abs(exact.expectedUnusableAccelerators.value - unusable) < 1e-12)
        let sampled = try analyzer.run(ReliabilityOptions(samples: 3000, seed: 3)).summary()
        #expect(sampled.availability.ciLow <= availability && availability <= sampled.availability.ciHigh)
        #expect(sampled.expectedUnusableAccelerators.ciLow <= unusable && unusable <= sampled.expectedUnusableAccelerators.ciHigh)
    }

    /// Accelerators failed or outside the largest surviving part (flood fill, ties to the lowest index).
    static func unusableAccelerators(_ topology: Topology, links: Set<Int>, devices: Set<Int>) -> [Int] {
        var adjacency = [[Int]](repeating: [], count: topology.devices.count)
        for (index, link) in topology.links.enumerated() where !links.contains(index) {
            let (s, t) = (Int(link.source), Int(link.target))
            guard !devices.contains(s), !devices.contains(t) else { continue }
            adjacency[s].append(t)
            adjacency[t].append(s)
        }
        let accelerators = topology.devices.indices.filter { topology.devices[$0].isAccelerator }
        var part = [Int](repeating: -1, count: topology.devices.count)
        var sizes: [Int] = []
        for start in accelerators where !devices.contains(start) && part[start] < 0 {
            var stack = [start]
            part[start] = sizes.count
            var count = 0
            while let v = stack.popLast() {
                if topology.devices[v].isAccelerator { count += 1 }
                for w in adjacency[v] where part[w] < 0 {
                    part[w] = sizes.count
                    stack.append(w)
                }
            }
            sizes.append(count)
        }
        let best = sizes.indices.max { sizes[$0] < sizes[$1] || (sizes[$0] == sizes[$1] && $0 > $1) } ?? -1
        return accelerators.filter { devices.contains($0) || part[$0] != best }
    }
}
