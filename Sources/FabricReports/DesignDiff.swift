import FabricModel
import FabricRules

/// What changed between two versions of a design: devices (matched by id) and links added, removed and changed,
/// graph data changes, metric deltas, and findings new and resolved, with the regressions among them.
///
/// Links are matched in three passes, each over the links the previous passes left: (1) by id, when both versions
/// give the link an id; (2) by endpoints and the port names at both ends, when both links name their ports; (3) by
/// endpoints alone, parallel links of a pair paired in file order. An as-built cabling sheet without cable ids thus
/// matches its design cable for cable. A link field that only one version records on any of its links (ports,
/// SRLGs, media missing from a sheet) is not reported as a change. Findings are matched by rule and subject, a link
/// subject through the link matching, never by message text (a message may carry numbers or an example that changed).
public struct DesignDiff: Sendable, Codable, Equatable {
    /// A field that differs: its name and the old and new values as text (empty when absent).
    public struct FieldChange: Hashable, Sendable, Codable {
        /// `radix`, `bandwidth`, `data.vendor`, ...
        public var field: String
        /// The old value (empty when the field was absent).
        public var old: String
        /// The new value (empty when the field is absent).
        public var new: String

        /// Creates a field change.
        public init(field: String, old: String, new: String) {
            self.field = field
            self.old = old
            self.new = new
        }
    }

    /// A device or link present in both versions with differing fields.
    public struct ElementChange: Hashable, Sendable, Codable {
        /// The device id or link key.
        public var key: String
        /// Its differing fields.
        public var changes: [FieldChange]

        /// Creates an element change.
        public init(key: String, changes: [FieldChange]) {
            self.key = key
            self.changes = changes
        }
    }

    /// One metric in both versions.
    public struct MetricDelta: Hashable, Sendable, Codable {
        /// Stable name (`accelerators`, `bisectionLowerRatio`, `maxUtilization`, ...).
        public var name: String
        /// The old value; nil when not computed.
        public var old: Double?
        /// The new value; nil when not computed.
        public var new: Double?
        /// True when the new value is worse.
        public var worse: Bool
        /// True when the new value is better.
        public var better: Bool
    }

    /// Version of this JSON layout.
    public static let currentSchemaVersion = 1

    /// Version of the JSON layout.
    public var schemaVersion: Int
    /// The old file.
    public var oldFile: String
    /// The new file.
    public var newFile: String
    /// Device ids only in the new version, sorted naturally.
    public var devicesAdded: [String]
    /// Device ids only in the old version.
    public var devicesRemoved: [String]
    /// Devices in both with differing fields.
    public var devicesChanged: [ElementChange]
    /// Link keys only in the new version (`id`, else `a~b#n` with the endpoints in order and n counting parallel links).
    public var linksAdded: [String]
    /// Link keys only in the old version.
    public var linksRemoved: [String]
    /// Links in both with differing fields.
    public var linksChanged: [ElementChange]
    /// Graph-level data that differs.
    public var graphChanged: [FieldChange]
    /// Metrics of the old version.
    public var oldMetrics: DesignMetrics
    /// Metrics of the new version.
    public var newMetrics: DesignMetrics
    /// Every metric with its direction of change.
    public var deltas: [MetricDelta]
    /// Findings in the new version without the same rule and subject in the old (link subjects as the old version names
    /// the matched link).
    public var findingsNew: [FindingKey]
    /// Findings of the old version gone from the new.
    public var findingsResolved: [FindingKey]
    /// Why the new version is worse: one line per worse metric and per new error.
    public var regressions: [String]

    /// True when nothing differs: no element, graph data, metric or finding change.
    public var isEmpty: Bool {
        devicesAdded.isEmpty && devicesRemoved.isEmpty && devicesChanged.isEmpty && linksAdded.isEmpty && linksRemoved.isEmpty
            && linksChanged.isEmpty && graphChanged.isEmpty && findingsNew.isEmpty && findingsResolved.isEmpty
            && deltas.allSatisfy { $0.old == $0.new }
    }

    /// Compares two analysed versions.
    /// - Complexity: O((V + E) log(V + E)) over both versions (dictionaries by id, sorted output).
    public init(old: DesignAnalysis, new: DesignAnalysis) {
        schemaVersion = Self.currentSchemaVersion
        oldFile = old.topology.file
        newFile = new.topology.file
        let oldDevices = Self.devicesByID(old.topology)
        let newDevices = Self.devicesByID(new.topology)
        devicesAdded = newDevices.keys.filter { oldDevices[$0] == nil }.sorted(by: naturalLess)
        devicesRemoved = oldDevices.keys.filter { newDevices[$0] == nil }.sorted(by: naturalLess)
        devicesChanged = newDevices.keys.sorted(by: naturalLess).compactMap { id in
            guard let before = oldDevices[id], let after = newDevices[id] else { return nil }
            let changes = Self.fieldChanges(Self.fields(of: before), Self.fields(of: after))
            return changes.isEmpty ? nil : ElementChange(key: id, changes: changes)
        }
        let oldLinks = Self.linkRecords(old.topology)
        let newLinks = Self.linkRecords(new.topology)
        let matching = Self.matchLinks(oldLinks, newLinks)
        linksAdded = matching.newOnly.map { newLinks[$0].key }.sorted(by: naturalLess)
        linksRemoved = matching.oldOnly.map { oldLinks[$0].key }.sorted(by: naturalLess)
        let compared = Self.recordedFieldKinds(oldLinks).intersection(Self.recordedFieldKinds(newLinks))
        linksChanged = matching.pairs.compactMap { pair -> ElementChange? in
            let before = oldLinks[pair.old]
            let after = newLinks[pair.new]
            var changes = Self.fieldChanges(
                before.fields.filter { compared.contains(Self.fieldKind($0.key)) },
                after.fields.filter { compared.contains(Self.fieldKind($0.key)) })
            if let oldID = before.id, let newID = after.id, oldID != newID {
                changes.insert(FieldChange(field: "id", old: oldID, new: newID), at: 0)
            }
            return changes.isEmpty ? nil : ElementChange(key: before.id ?? after.id ?? before.key, changes: changes)
        }.sorted { naturalLess($0.key, $1.key) }
        // A new link's finding subject named as the old version names its match.
        let oldNames = CheckContext.linkNames(of: old.topology)
        let newNames = CheckContext.linkNames(of: new.topology)
        var renamed: [String: String] = [:]
        for pair in matching.pairs where oldNames[pair.old] != newNames[pair.new] {
            renamed[FindingSubject(.link, newNames[pair.new]).description] = FindingSubject(.link, oldNames[pair.old]).description
        }
        graphChanged = Self.fieldChanges(old.topology.properties.mapValues(\.description), new.topology.properties.mapValues(\.description))
        oldMetrics = old.metrics
        newMetrics = new.metrics
        deltas = Self.deltas(old.metrics, new.metrics)
        let newFindings = new.metrics.findings.map { key in
            var key = key
            if let name = renamed[key.subject] { key.subject = name }
            return key
        }
        let oldByIssue = Dictionary(old.metrics.findings.map { ($0.issue, $0) }, uniquingKeysWith: { first, _ in first })
        let newIssues = Set(newFindings.map(\.issue))
        findingsNew = newFindings.filter { oldByIssue[$0.issue] == nil }
        findingsResolved = old.metrics.findings.filter { !newIssues.contains($0.issue) }
        var reasons: [String] = deltas.filter(\.worse).map { delta in
            "\(Self.label(of: delta.name)) got worse: \(Self.format(delta.old, metric: delta.name)) → \(Self.format(delta.new, metric: delta.name))"
        }
        for finding in findingsNew where finding.severity == .error {
            reasons.append("new error \(finding.rule) on \(finding.subject): \(finding.message)")
        }
        for finding in newFindings where finding.severity == .error {
            if let before = oldByIssue[finding.issue], before.severity < .error {
                reasons.append("\(finding.rule) on \(finding.subject) is now an error (was a \(before.severity.rawValue)): \(finding.message)")
            }
        }
        regressions = reasons
    }

    // MARK: matching

    static func devicesByID(_ topology: Topology) -> [String: Device] {
        var result: [String: Device] = [:]
        for device in topology.devices { result[device.id] = device }
        return result
    }

    /// Every comparable field of a device as text.
    static func fields(of device: Device) -> [String: String] {
        var fields: [String: String] = ["role": device.role.rawValue]
        if let label = device.label { fields["label"] = label }
        if let tier = device.tier { fields["tier"] = String(tier) }
        if let pod = device.pod { fields["pod"] = pod }
        if let rack = device.rack { fields["rack"] = rack }
        if let plane = device.plane { fields["plane"] = plane }
        if let rail = device.rail { fields["rail"] = String(rail) }
        if let radix = device.radix { fields["radix"] = String(radix) }
        if !device.coordinates.isEmpty { fields["coords"] = device.coordinates.map(String.init).joined(separator: ",") }
        for (key, value) in device.attributes { fields["data." + key] = value.description }
        return fields
    }

    /// One link as the diff sees it: its key for people, its id, its endpoints and port names, and its comparable fields.
    struct LinkRecord {
        /// The edge id when there is one, else `a~b#n` with the endpoint ids in ascending order and n the position
        /// among the parallel links of that pair without id.
        var key: String
        var id: String?
        /// `a~b`, endpoint ids ascending unless the link is directed.
        var ends: String
        /// `ends` with the port names at both ends (in the same order), or nil unless both ends name a port.
        var endsAndPorts: String?
        var fields: [String: String]
    }

    /// Every link of the topology as a record, in link order.
    static func linkRecords(_ topology: Topology) -> [LinkRecord] {
        var records: [LinkRecord] = []
        records.reserveCapacity(topology.links.count)
        var ordinal: [String: Int] = [:]
        for link in topology.links {
            let a = topology.devices[Int(link.source)].id
            let b = topology.devices[Int(link.target)].id
            let inOrder = link.directed || a <= b
            let ends = inOrder ? "\(a)~\(b)" : "\(b)~\(a)"
            let key: String
            if let id = link.id {
                key = id
            } else {
                let count = ordinal[ends, default: 0] + 1
                ordinal[ends] = count
                key = "\(ends)#\(count)"
            }
            var fields: [String: String] = ["ends": ends, "multiplicity": String(link.multiplicity)]
            if link.directed { fields["directed"] = "true" }
            if let bandwidth = link.bandwidth { fields["bandwidth"] = Bandwidth.format(bitsPerSecond: bandwidth) }
            if let latency = link.latencyNanoseconds { fields["latency_ns"] = Bandwidth.trimmedNumber(latency) }
            if let medium = link.medium { fields["medium"] = medium.rawValue }
            if !link.srlgs.isEmpty { fields["srlg"] = link.srlgs.map { topology.srlgs[Int($0)] }.sorted().joined(separator: ",") }
            let sourcePort = link.sourcePort >= 0 ? topology.ports[Int(link.sourcePort)].name : nil
            let targetPort = link.targetPort >= 0 ? topology.ports[Int(link.targetPort)].name : nil
            if let sourcePort { fields["port@\(a)"] = sourcePort }
            if let targetPort { fields["port@\(b)"] = targetPort }
            for (name, value) in link.attributes { fields["data." + name] = value.description }
            var endsAndPorts: String?
            if let sourcePort, let targetPort {
                endsAndPorts = inOrder ? "\(ends)|\(sourcePort)|\(targetPort)" : "\(ends)|\(targetPort)|\(sourcePort)"
            }
            records.append(LinkRecord(key: key, id: link.id, ends: ends, endsAndPorts: endsAndPorts, fields: fields))
        }
        return records
    }

    /// Pairs of matched links (indexes into each version's records, in new-link order) and the links left over.
    /// Pass 1 matches by id, pass 2 by endpoints and ports, pass 3 by endpoints; each pass takes the unmatched links
    /// of a key in file order.
    /// - Complexity: O(E_old + E_new) expected (hashing), plus sorting the leftovers.
    static func matchLinks(_ old: [LinkRecord], _ new: [LinkRecord]) -> (pairs: [(old: Int, new: Int)], oldOnly: [Int], newOnly: [Int]) {
        var oldMatched = [Bool](repeating: false, count: old.count)
        var newMatched = [Int](repeating: -1, count: new.count)
        func pass(_ key: (LinkRecord) -> String?) {
            var queues: [String: [Int]] = [:]
            for index in old.indices where !oldMatched[index] {
                if let value = key(old[index]) { queues[value, default: []].append(index) }
            }
            var taken: [String: Int] = [:]
            for index in new.indices where newMatched[index] < 0 {
                guard let value = key(new[index]), let queue = queues[value] else { continue }
                let next = taken[value, default: 0]
                guard next < queue.count else { continue }
                taken[value] = next + 1
                newMatched[index] = queue[next]
                oldMatched[queue[next]] = true
            }
        }
        pass { $0.id }
        pass { $0.endsAndPorts }
        pass { $0.ends }
        var pairs: [(old: Int, new: Int)] = []
        for index in new.indices where newMatched[index] >= 0 { pairs.append((newMatched[index], index)) }
        assert(Set(pairs.map(\.old)).count == pairs.count, "an old link is matched at most once")
        return (pairs, old.indices.filter { !oldMatched[$0] }, new.indices.filter { newMatched[$0] < 0 })
    }

    /// The kind of a link field: `port` for `port@DEVICE`, else the field name.
    static func fieldKind(_ field: String) -> String { field.hasPrefix("port@") ? "port" : field }

    /// The kinds of field a version records on at least one link (always `ends`, `multiplicity` and `directed`).
    static func recordedFieldKinds(_ records: [LinkRecord]) -> Set<String> {
        var kinds: Set<String> = ["ends", "multiplicity", "directed"]
        for record in records { for field in record.fields.keys { kinds.insert(fieldKind(field)) } }
        return kinds
    }

    static func fieldChanges(_ old: [String: String], _ new: [String: String]) -> [FieldChange] {
        Set(old.keys).union(new.keys).sorted().compactMap { field in
            let before = old[field] ?? ""
            let after = new[field] ?? ""
            return before == after ? nil : FieldChange(field: field, old: before, new: after)
        }
    }

    // MARK: metrics

    /// Metric names in report order.
    static let metricOrder = [
        "accelerators", "devices", "cables", "bisectionLowerBps", "bisectionUpperBps", "bisectionLowerRatio", "bisectionUpperRatio",
        "maxUtilization", "sustainedAllToAllBps", "singlePointsOfFailure", "worstSingleFailureStranded", "errors", "warnings", "notes",
    ]

    static func values(_ metrics: DesignMetrics) -> [String: Double?] {
        [
            "accelerators": Double(metrics.accelerators), "devices": Double(metrics.devices), "cables": Double(metrics.cables),
            "bisectionLowerBps": metrics.bisectionLowerBps, "bisectionUpperBps": metrics.bisectionUpperBps,
            "bisectionLowerRatio": metrics.bisectionLowerRatio, "bisectionUpperRatio": metrics.bisectionUpperRatio,
            "maxUtilization": metrics.maxUtilization, "sustainedAllToAllBps": metrics.sustainedAllToAllBps,
            "singlePointsOfFailure": Double(metrics.singlePointsOfFailure),
            "worstSingleFailureStranded": Double(metrics.worstSingleFailure?.strandedAccelerators ?? 0),
            "errors": Double(metrics.count(.error)), "warnings": Double(metrics.count(.warning)), "notes": Double(metrics.count(.note)),
        ]
    }

    /// +1 when a larger value is better, -1 when smaller is better, 0 when neither is a regression.
    static func direction(of metric: String) -> Int {
        switch metric {
        case "accelerators", "bisectionLowerRatio", "bisectionUpperRatio", "sustainedAllToAllBps": 1
        case "maxUtilization", "singlePointsOfFailure", "worstSingleFailureStranded": -1
        default: 0
        }
    }

    static func deltas(_ old: DesignMetrics, _ new: DesignMetrics) -> [MetricDelta] {
        let before = values(old)
        let after = values(new)
        return metricOrder.map { name in
            let a = before[name] ?? nil
            let b = after[name] ?? nil
            var worse = false
            var better = false
            if let a, let b {
                let tolerance = 1e-9 * max(abs(a), abs(b), 1e-300)
                let sign = direction(of: name)
                if sign != 0, abs(b - a) > tolerance {
                    worse = (b - a) * Double(sign) < 0
                    better = !worse
                }
            }
            return MetricDelta(name: name, old: a, new: b, worse: worse, better: better)
        }
    }

    /// A metric's name for people.
    public static func label(of metric: String) -> String {
        switch metric {
        case "accelerators": "accelerators"
        case "devices": "devices"
        case "cables": "cables"
        case "bisectionLowerBps": "bisection lower bound"
        case "bisectionUpperBps": "bisection upper bound"
        case "bisectionLowerRatio": "bisection lower ÷ full"
        case "bisectionUpperRatio": "bisection upper ÷ full"
        case "maxUtilization": "max utilization (all-to-all)"
        case "sustainedAllToAllBps": "sustained all-to-all"
        case "singlePointsOfFailure": "single points of failure"
        case "worstSingleFailureStranded": "worst single failure (stranded)"
        case "errors": "error findings"
        case "warnings": "warning findings"
        case "notes": "note findings"
        default: metric
        }
    }

    /// A metric value as text: bandwidths by the one unit convention (`Bandwidth.format`), ratios and utilizations in percent, counts whole.
    public static func format(_ value: Double?, metric: String) -> String {
        guard let value else { return "n/a" }
        switch metric {
        case "bisectionLowerBps", "bisectionUpperBps", "sustainedAllToAllBps": return Bandwidth.format(bitsPerSecond: value)
        case "bisectionLowerRatio", "bisectionUpperRatio", "maxUtilization": return percent(value)
        default: return Bandwidth.trimmedNumber(value)
        }
    }
}

/// `57.1%` (one decimal, trailing `.0` dropped).
public func percent(_ fraction: Double) -> String {
    let value = (fraction * 1000).rounded() / 10
    return (value == value.rounded() ? String(Int64(value)) : String(value)) + "%"
}
