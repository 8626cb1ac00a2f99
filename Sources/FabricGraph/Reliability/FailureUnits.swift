import FabricModel

/// Errors of a reliability analysis: a failure model or element data it cannot use.
public enum ReliabilityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An element's `failure_rate_per_year` or `mttr_hours` is not a non-negative number.
    case invalidValue(element: String, key: String, value: String, location: SourceLocation)
    /// Options that do not fit together or are out of range.
    case invalidOption(String)
    /// Reports that cannot be merged (different designs, options, or missing shards).
    case mergeMismatch(String)

    /// The message in the house style: location first when known.
    public var description: String {
        switch self {
        case .invalidValue(let element, let key, let value, let location):
            return "\(location): error: '\(element)': \(key) '\(value)' is not a non-negative number"
        case .invalidOption(let detail): return "error: \(detail)"
        case .mergeMismatch(let detail): return "error: cannot merge: \(detail)"
        }
    }
}

/// The independent failure units of a design under a model: each device, each link, each SRLG and each value of a
/// risk-group key, with its steady-state probability of being down and the devices and links it takes down.
///
/// Units that never fail (probability 0) are left out. Members are stored flat (CSR) with integer ids.
public struct FailureUnits: Sendable {
    /// Steady-state probability that each unit is down.
    public let probability: [Double]
    /// Annual failure rate of each unit.
    public let ratePerYear: [Double]
    /// Class index of each unit, into `classes`.
    public let classOf: [Int32]
    /// The classes present, sorted by name.
    public let classes: [FailureClass]
    /// A label per unit (`device:gpu-3`, `link:e12`, `srlg:tray-4`, `power_feed=A`).
    public let labels: [String]
    let deviceStart: [Int32]
    let deviceMembers: [Int32]
    let linkStart: [Int32]
    let linkMembers: [Int32]

    /// Number of units.
    public var count: Int { probability.count }

    /// The devices unit `unit` takes down.
    func devices(of unit: Int) -> ArraySlice<Int32> { deviceMembers[Int(deviceStart[unit])..<Int(deviceStart[unit + 1])] }
    /// The links unit `unit` takes down.
    func links(of unit: Int) -> ArraySlice<Int32> { linkMembers[Int(linkStart[unit])..<Int(linkStart[unit + 1])] }

    /// Builds the units of a topology under a model; throws on element data that is not a non-negative number.
    /// - Complexity: O(V + E + S + Σ attribute lookups), S the SRLG memberships.
    public init(topology: Topology, model: FailureModel) throws(ReliabilityError) {
        var builder = UnitBuilder()
        for (index, device) in topology.devices.enumerated() {
            let rate = try Self.rate(
                device.attributes, base: model.rate(of: .of(device)), element: device.id,
                location: SourceLocation(file: topology.file, position: device.position))
            builder.add(FailureClass.of(device), rate, label: "device:\(device.id)", devices: [Int32(index)], links: [])
        }
        for (index, link) in topology.links.enumerated() where !link.isSelfLoop {
            let name = link.id ?? "\(topology.devices[Int(link.source)].id)~\(topology.devices[Int(link.target)].id)"
            let rate = try Self.rate(
                link.attributes, base: model.rate(of: .of(link)), element: name,
                location: SourceLocation(file: topology.file, position: link.position))
            builder.add(FailureClass.of(link), rate, label: link.id.map { "link:\($0)" } ?? name, devices: [], links: [Int32(index)])
        }
        var srlgMembers = [[Int32]](repeating: [], count: topology.srlgs.count)
        for (index, link) in topology.links.enumerated() {
            link.forEachSRLG { group in if Int(group) < srlgMembers.count { srlgMembers[Int(group)].append(Int32(index)) } }
        }
        for (group, name) in topology.srlgs.enumerated() where !srlgMembers[group].isEmpty {
            builder.add(.srlg, model.srlgRates[name] ?? model.rate(of: .srlg), label: "srlg:\(name)", devices: [], links: srlgMembers[group])
        }
        for key in model.riskGroups.keys.sorted() {
            let rate = model.rate(of: .riskGroup(key))
            for group in attributeGroups(topology, key: key) {
                builder.add(.riskGroup(key), rate, label: "\(key)=\(group.value)", devices: group.devices, links: group.links)
            }
        }
        (probability, ratePerYear, classOf, classes, labels) = builder.finish()
        (deviceStart, deviceMembers, linkStart, linkMembers) = (builder.deviceStart, builder.deviceMembers, builder.linkStart, builder.linkMembers)
    }

    /// An element's rate with its `failure_rate_per_year` / `mttr_hours` data applied over the class rate.
    static func rate(
        _ attributes: [String: AttributeValue], base: FailureRate, element: String,
        location: SourceLocation
    ) throws(ReliabilityError) -> FailureRate {
        var rate = base
        for key in [FailureModel.rateKey, FailureModel.mttrKey] {
            guard let value = attributes[key] else { continue }
            guard let number = value.doubleValue, number >= 0, number.isFinite else {
                throw .invalidValue(element: element, key: key, value: value.description, location: location)
            }
            if key == FailureModel.rateKey { rate.perYear = number } else { rate.mttrHours = number }
        }
        return rate
    }
}

/// Collects units, dropping those that never fail.
private struct UnitBuilder {
    var probability: [Double] = []
    var rate: [Double] = []
    var classOf: [FailureClass] = []
    var labels: [String] = []
    var deviceStart: [Int32] = [0]
    var deviceMembers: [Int32] = []
    var linkStart: [Int32] = [0]
    var linkMembers: [Int32] = []

    mutating func add(_ failureClass: FailureClass, _ failure: FailureRate, label: String, devices: [Int32], links: [Int32]) {
        let q = failure.unavailability
        guard q > 0 else { return }
        probability.append(q)
        rate.append(failure.perYear)
        classOf.append(failureClass)
        labels.append(label)
        deviceMembers += devices
        linkMembers += links
        deviceStart.append(Int32(deviceMembers.count))
        linkStart.append(Int32(linkMembers.count))
    }

    func finish() -> ([Double], [Double], [Int32], [FailureClass], [String]) {
        let classes = Array(Set(classOf)).sorted()
        var indexOf: [FailureClass: Int32] = [:]
        for (index, item) in classes.enumerated() { indexOf[item] = Int32(index) }
        return (probability, rate, classOf.map { indexOf[$0] ?? 0 }, classes, labels)
    }
}

/// The devices and links sharing each value of an attribute key (devices: built-in fields or node data; links:
/// edge data), values in natural order.
/// - Complexity: O(V + E + G log G) for G values.
public func attributeGroups(_ topology: Topology, key: String) -> [(value: String, devices: [Int32], links: [Int32])] {
    var devices: [String: [Int32]] = [:]
    var links: [String: [Int32]] = [:]
    for (index, device) in topology.devices.enumerated() {
        if let value = FailureSelectorResolver.value(of: key, in: device) { devices[value, default: []].append(Int32(index)) }
    }
    for (index, link) in topology.links.enumerated() where !link.isSelfLoop {
        if let value = link.attributes[key]?.description { links[value, default: []].append(Int32(index)) }
    }
    let values = Set(devices.keys).union(links.keys).sorted(by: naturalLess)
    return values.map { ($0, devices[$0] ?? [], links[$0] ?? []) }
}
