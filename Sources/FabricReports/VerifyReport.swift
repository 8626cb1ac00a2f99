import FabricGraph
import FabricModel
import FabricObserved
import FabricRules
import Foundation

/// What `fabcheck verify` computes: the discrepancies between a design and an observed fabric, the as-built fabric,
/// and what each discrepancy does to it (stranded accelerators, lost dual-homing, broken rail alignment, and the
/// rule findings the as-built fabric has that the design has not).
public struct VerifyReport: Sendable {
    /// Options of a verification.
    public struct Options: Sendable {
        /// Run the rule set on the as-built fabric and on the design, and attribute the new findings.
        public var runRules: Bool
        /// The rule configuration (defaults when nil).
        public var configuration: RuleConfiguration?
        /// Check the design with each discrepancy alone applied (exact attribution) while discrepancies × devices
        /// stays within this; beyond it, as-built findings go to the discrepancies touching their devices.
        public var counterfactualBudget = 200_000

        /// Creates options.
        public init(runRules: Bool = true, configuration: RuleConfiguration? = nil) {
            self.runRules = runRules
            self.configuration = configuration
        }
    }

    /// The impact of one discrepancy on the as-built fabric.
    public struct Impact: Hashable, Sendable {
        /// Accelerators cut off from the fabric's main accelerator component.
        public var strandedAccelerators: [String] = []
        /// Accelerators that were dual-homed in the design and are not as built.
        public var lostDualHoming: [String] = []
        /// `'gpu-3' (rail 3) on 'leaf-5' (rail 5)` for each cable that lands on another rail.
        public var railBreaks: [String] = []
        /// Rule findings the as-built fabric has on the devices this discrepancy touches and the design has not.
        public var findings: [Finding] = []

        /// Orders discrepancies: stranding first, then dual-homing, rail alignment, new errors, new warnings.
        public var score: Int {
            strandedAccelerators.count * 1_000_000 + lostDualHoming.count * 10_000 + railBreaks.count * 1_000
                + findings.reduce(0) { $0 + ($1.severity == .error ? 100 : $1.severity == .warning ? 10 : 0) }
        }

        /// Short phrases (`strands 2 accelerators ('a', 'b')`), most serious first; empty when none.
        public var phrases: [String] {
            var out: [String] = []
            func list(_ names: [String]) -> String {
                let shown = names.prefix(4).map { "'\($0)'" }.joined(separator: ", ")
                return names.count > 4 ? shown + ", …" : shown
            }
            if !strandedAccelerators.isEmpty {
                out.append("strands \(strandedAccelerators.count) accelerator\(strandedAccelerators.count == 1 ? "" : "s") (\(list(strandedAccelerators)))")
            }
            if !lostDualHoming.isEmpty { out.append("breaks dual-homing of \(list(lostDualHoming))") }
            if !railBreaks.isEmpty { out.append("breaks rail alignment: " + railBreaks.prefix(3).joined(separator: ", ")) }
            for finding in findings.prefix(5) { out.append("\(finding.ruleID): \(finding.message)") }
            return out
        }
    }

    /// The matching outcome.
    public var result: VerifyResult
    /// The fabric as built: design links found, observed cables that are not designed, observed speeds.
    public var asBuilt: Topology
    /// One impact per discrepancy, parallel to `result.discrepancies`.
    public var impacts: [Impact]
    /// Indices into `result.discrepancies`, most harmful first (ties in report order).
    public var ranking: [Int]
    /// Rule findings of the as-built fabric that the design has not and that no single discrepancy explains
    /// (design-wide: bisection, deadlock freedom, oversubscription).
    public var fabricFindings: [Finding]

    /// Matches, builds the as-built fabric and computes the impact.
    /// - Complexity: O(matching + as-built construction + twice the rule set when `runRules`).
    public static func verify(design: Topology, observed: ObservedFabric, options: Options = Options()) -> VerifyReport {
        let result = DesignMatcher().match(design: design, observed: observed)
        var (asBuilt, origin) = Self.asBuilt(result)
        asBuilt.file = design.file
        var impacts = [Impact](repeating: Impact(), count: result.discrepancies.count)
        // Devices each discrepancy touches (design indices).
        var touching = [Int32: [Int]]()
        // An unnamed device is placed where its neighbours say: it changes nothing as built, so it touches nothing.
        for (index, item) in result.discrepancies.enumerated() where item.kind != .unnamed {
            var devices = Set<Int32>()
            for link in item.designLinks {
                devices.insert(design.links[Int(link)].source)
                devices.insert(design.links[Int(link)].target)
            }
            for link in item.observedLinks {
                let record = observed.links[Int(link)]
                for end in [record.a, record.b] where result.designDeviceOfObserved[Int(end.device)] >= 0 {
                    devices.insert(result.designDeviceOfObserved[Int(end.device)])
                }
            }
            for device in devices { touching[device, default: []].append(index) }
        }
        let designCount = design.devices.count
        // Stranded accelerators: in the design's main accelerator component, not in the as-built one.
        let designMain = Self.mainComponent(design, count: designCount)
        let builtMain = Self.mainComponent(asBuilt, count: designCount)
        for device in 0..<designCount where design.devices[device].isAccelerator && designMain[device] && !builtMain[device] {
            for index in Self.explaining(device: Int32(device), in: asBuilt, touching: touching, count: designCount) {
                impacts[index].strandedAccelerators.append(design.devices[device].id)
            }
        }
        // Dual-homing: distinct non-accelerator neighbours of each accelerator, design vs as built.
        let designHomes = Self.homes(design, count: designCount)
        let builtHomes = Self.homes(asBuilt, count: designCount)
        for device in 0..<designCount where design.devices[device].isAccelerator && designHomes[device] >= 2 && builtHomes[device] < 2 {
            for index in touching[Int32(device)] ?? [] { impacts[index].lostDualHoming.append(design.devices[device].id) }
        }
        // Rail alignment: an added cable from an accelerator of rail r to a switch of another rail.
        for (linkIndex, link) in asBuilt.links.enumerated() {
            guard let discrepancy = origin[linkIndex], Int(link.source) < designCount, Int(link.target) < designCount else { continue }
            let a = design.devices[Int(link.source)]
            let b = design.devices[Int(link.target)]
            let (accelerator, other) = a.isAccelerator ? (a, b) : (b, a)
            guard accelerator.isAccelerator, !other.isAccelerator, let r1 = accelerator.rail, let r2 = other.rail, r1 != r2 else { continue }
            impacts[discrepancy].railBreaks.append("'\(accelerator.id)' (rail \(r1)) on '\(other.id)' (rail \(r2))")
        }
        var fabricFindings: [Finding] = []
        if options.runRules, !result.discrepancies.isEmpty {
            let checker = Checker(configuration: options.configuration ?? RuleConfiguration())
            func key(_ finding: Finding) -> String { "\(finding.ruleID)|\(finding.subject.kind.rawValue)|\(finding.subject.id)|\(finding.message)" }
            let known = Set(checker.findings(in: design).map(key))
            var explained = Set<String>()
            if result.discrepancies.count * max(1, design.devices.count) <= options.counterfactualBudget {
                // Exact: the design with this one discrepancy applied, checked; what is new is its doing.
                for index in result.discrepancies.indices where result.discrepancies[index].kind != .unnamed {
                    let alone = Self.build(result, only: index).topology
                    for finding in checker.findings(in: alone) where finding.severity >= .warning && !known.contains(key(finding)) {
                        impacts[index].findings.append(finding)
                        explained.insert(key(finding))
                    }
                }
            }
            let context = checker.context(for: asBuilt)
            var linkBySubject = [String: Int32]()
            for index in asBuilt.links.indices { linkBySubject[context.subject(link: Int32(index)).id] = Int32(index) }
            let exact = !explained.isEmpty || result.discrepancies.count * max(1, design.devices.count) <= options.counterfactualBudget
            for finding in checker.findings(in: context) where finding.severity >= .warning {
                guard !known.contains(key(finding)), !explained.contains(key(finding)) else { continue }
                var devices: [Int32] = []
                switch finding.subject.kind {
                case .device, .port:
                    if let device = asBuilt.deviceIndex(forID: finding.subject.id) { devices = [device] }
                case .link:
                    if let link = linkBySubject[finding.subject.id] { devices = [asBuilt.links[Int(link)].source, asBuilt.links[Int(link)].target] }
                default: break
                }
                // With exact attribution, what no single discrepancy causes is the discrepancies together.
                let owners = exact ? [] : Set(devices.flatMap { touching[$0] ?? [] })
                if owners.isEmpty {
                    fabricFindings.append(finding)
                } else {
                    for owner in owners.sorted() { impacts[owner].findings.append(finding) }
                }
            }
        }
        let ranking = impacts.indices.sorted { lhs, rhs in
            let (a, b) = (impacts[lhs].score, impacts[rhs].score)
            return a != b ? a > b : lhs < rhs
        }
        return VerifyReport(
            result: result, asBuilt: asBuilt, impacts: impacts, ranking: ranking, fabricFindings: fabricFindings.sorted(by: Finding.reportOrder))
    }

    /// The discrepancies that explain a stranded device: those touching a device of its as-built component.
    static func explaining(device: Int32, in topology: Topology, touching: [Int32: [Int]], count: Int) -> [Int] {
        // Flood the component (stranded components are small; this runs only for stranded accelerators).
        var seen: Set<Int32> = [device]
        var stack = [device]
        var adjacency = [Int32: [Int32]]()
        for link in topology.links {
            adjacency[link.source, default: []].append(link.target)
            adjacency[link.target, default: []].append(link.source)
        }
        var owners = Set<Int>()
        while let current = stack.popLast() {
            for index in touching[current] ?? [] { owners.insert(index) }
            for next in adjacency[current] ?? [] where seen.insert(next).inserted { stack.append(next) }
        }
        return owners.sorted()
    }

    /// Devices in the connected component holding the most accelerators.
    /// - Complexity: O((devices + links) · α) with union-find (Tarjan 1975).
    static func mainComponent(_ topology: Topology, count: Int) -> [Bool] {
        var parent = (0..<topology.devices.count).map { Int32($0) }
        func root(_ value: Int32) -> Int32 {
            var node = value
            while parent[Int(node)] != node {
                parent[Int(node)] = parent[Int(parent[Int(node)])]
                node = parent[Int(node)]
            }
            return node
        }
        for link in topology.links where link.source != link.target {
            let a = root(link.source)
            let b = root(link.target)
            if a != b { parent[Int(max(a, b))] = min(a, b) }
        }
        var accelerators = [Int32: Int]()
        for (index, device) in topology.devices.enumerated() where device.isAccelerator { accelerators[root(Int32(index)), default: 0] += 1 }
        let main = accelerators.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? -1
        return (0..<count).map { $0 < topology.devices.count && root(Int32($0)) == main }
    }

    /// For each device, the number of distinct non-accelerator neighbours.
    static func homes(_ topology: Topology, count: Int) -> [Int] {
        var sets = [Set<Int32>](repeating: [], count: count)
        for link in topology.links {
            let (a, b) = (link.source, link.target)
            if Int(a) < count, !topology.devices[Int(b)].isAccelerator { sets[Int(a)].insert(b) }
            if Int(b) < count, !topology.devices[Int(a)].isAccelerator { sets[Int(b)].insert(a) }
        }
        return sets.map(\.count)
    }

    /// The as-built topology, and for each of its links the discrepancy that put it there (nil for designed links).
    /// - Complexity: O(design links + observed links).
    public static func asBuilt(_ result: VerifyResult) -> (Topology, [Int: Int]) {
        let built = build(result, only: nil)
        return (built.topology, built.origin)
    }

    /// The as-built fabric (`only` nil), or the design with the one discrepancy `only` applied.
    static func build(_ result: VerifyResult, only: Int?) -> (topology: Topology, origin: [Int: Int]) {
        let design = result.design
        var topology = design
        var links: [Link] = []
        links.reserveCapacity(design.links.count)
        if let only {
            // Design links, minus this discrepancy's designed cables, plus its observed rate for speed and width.
            var multiplicity = design.links.map(\.multiplicity)
            let item = result.discrepancies[only]
            var rerated: [Link] = []
            if [.missing, .miswired, .swapped, .speed, .width].contains(item.kind) {
                for link in item.designLinks { multiplicity[Int(link)] -= 1 }
            }
            if item.kind == .speed || item.kind == .width {
                for (link, observed) in zip(item.designLinks, item.observedLinks) {
                    var copy = design.links[Int(link)]
                    copy.multiplicity = 1
                    copy.bandwidth = result.observed.links[Int(observed)].bandwidth ?? copy.bandwidth
                    rerated.append(copy)
                }
            }
            for (index, var link) in design.links.enumerated() where multiplicity[index] > 0 {
                link.multiplicity = multiplicity[index]
                links.append(link)
            }
            links += rerated
        } else {
            var matched = [Int32: [Double?]]()
            for (index, link) in result.designLinkOfObserved.enumerated() where link >= 0 {
                matched[link, default: []].append(result.observed.links[index].bandwidth)
            }
            for (index, link) in design.links.enumerated() {
                guard let rates = matched[Int32(index)] else { continue }
                var byRate = [Double?: Int32]()
                for rate in rates { byRate[rate ?? link.bandwidth, default: 0] += 1 }
                for (rate, count) in byRate.sorted(by: { ($0.key ?? 0) < ($1.key ?? 0) }) {
                    var copy = link
                    copy.multiplicity = count
                    copy.bandwidth = rate
                    links.append(copy)
                }
            }
        }
        var origin = [Int: Int]()
        var added = [Int32: Int32]()
        for (discrepancyIndex, item) in result.discrepancies.enumerated()
        where (only == nil || only == discrepancyIndex) && [.miswired, .swapped, .unexpected, .duplicate].contains(item.kind) {
            let reference = item.designLinks.first.map { design.links[Int($0)] }
            for observedIndex in item.observedLinks where result.designLinkOfObserved[Int(observedIndex)] < 0 {
                let observed = result.observed.links[Int(observedIndex)]
                var ends: [Int32] = []
                for end in [observed.a, observed.b] {
                    let mapped = result.designDeviceOfObserved[Int(end.device)]
                    if mapped >= 0 {
                        ends.append(mapped)
                    } else if let existing = added[end.device] {
                        ends.append(existing)
                    } else {
                        let record = result.observed.devices[Int(end.device)]
                        let role: Role = record.kind == .switch ? .switch : .other
                        let id = "observed:" + (record.name.isEmpty ? record.key : record.name) + "#\(end.device)"
                        guard let index = try? topology.addDevice(Device(id: id, role: role)) else { continue }
                        added[end.device] = index
                        ends.append(index)
                    }
                }
                guard ends.count == 2 else { continue }
                origin[links.count] = discrepancyIndex
                links.append(
                    Link(
                        source: ends[0], target: ends[1], bandwidth: observed.bandwidth ?? reference?.bandwidth,
                        medium: reference?.medium, attributes: ["observed": .string(observed.location.description)]))
            }
        }
        topology.links = links
        return (topology, origin)
    }
}
