import FabricModel
import FabricRules

/// What changed between two versions of a design: devices and links added, removed and changed (matched by id),
/// graph data changes, metric deltas, and findings new and resolved, with the regressions among them.
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
    /// Findings in the new version without the same rule, severity and subject in the old.
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
        let oldLinks = Self.linksByKey(old.topology)
        let newLinks = Self.linksByKey(new.topology)
        linksAdded = newLinks.keys.filter { oldLinks[$0] == nil }.sorted(by: naturalLess)
        linksRemoved = oldLinks.keys.filter { newLinks[$0] == nil }.sorted(by: naturalLess)
        linksChanged = newLinks.keys.sorted(by: naturalLess).compactMap { key in
            guard let before = oldLinks[key], let after = newLinks[key] else { return nil }
            let changes = Self.fieldChanges(before, after)
            return changes.isEmpty ? nil : ElementChange(key: key, changes: changes)
        }
        graphChanged = Self.fieldChanges(old.topology.properties.mapValues(\.description), new.topology.properties.mapValues(\.description))
        oldMetrics = old.metrics
        newMetrics = new.metrics
        deltas = Self.deltas(old.metrics, new.metrics)
        findingsNew = new.metrics.findings.filter { key in !old.metrics.findings.contains { $0.sameIssue(as: key) } }
        findingsResolved = old.metrics.findings.filter { key in !new.metrics.findings.contains { $0.sameIssue(as: key) } }
        var reasons: [String] = deltas.filter(\.worse).map { delta in
            "\(Self.label(of: delta.name)) got worse: \(Self.format(delta.old, metric: delta.name)) → \(Self.format(delta.new, metric: delta.name))"
        }
        for finding in findingsNew where finding.severity == .error {
            reasons.append("new error \(finding.rule) on \(finding.subject): \(finding.message)")
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

    /// Links by key with their comparable fields: the edge id when there is one, else `a~b#n` with the endpoint ids
    /// in ascending order and n the position among the parallel links of that pair without id.
    static func linksByKey(_ topology: Topology) -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        var ordinal: [String: Int] = [:]
        for link in topology.links {
            let a = topology.devices[Int(link.source)].id
            let b = topology.devices[Int(link.target)].id
            let ends = link.directed || a <= b ? "\(a)~\(b)" : "\(b)~\(a)"
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
            if link.sourcePort >= 0 { fields["port@\(a)"] = topology.ports[Int(link.sourcePort)].name }
            if link.targetPort >= 0 { fields["port@\(b)"] = topology.ports[Int(link.targetPort)].name }
            for (name, value) in link.attributes { fields["data." + name] = value.description }
            result[key] = fields
        }
        return result
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

    /// A metric value as text: bandwidths in bytes per second, ratios and utilizations in percent, counts whole.
    public static func format(_ value: Double?, metric: String) -> String {
        guard let value else { return "n/a" }
        switch metric {
        case "bisectionLowerBps", "bisectionUpperBps", "sustainedAllToAllBps": return Bandwidth.format(bytesPerSecondFromBits: value)
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
