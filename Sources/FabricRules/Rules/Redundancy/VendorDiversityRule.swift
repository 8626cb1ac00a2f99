import FabricModel

/// A tier or plane of a design declared `no_spof` whose devices all share one vendor, model or firmware.
public struct VendorDiversityRule: Rule {
    public static let description = RuleDescription(
        identifier: "vendor_diversity",
        name: "Vendor diversity",
        summary: "in a design declared no_spof, no switch tier or plane has all its devices of one vendor, model or firmware",
        rationale: "A firmware bug, a bad batch of one model or one vendor's embargoed parts takes out every device that shares it at once: "
            + "a tier or plane of one source is a "
            + "correlated single point of failure however many devices it has (the supply-chain risk that pushes operators to dual-source; "
            + "`fabcheck reliability` models it with "
            + "`risk_groups`). Judged only where every device of the tier or plane declares the key.",
        kind: .redundancy,
        defaultSeverity: .warning,
        analyses: [],
        passingExamples: [RuleExample("spines from two vendors") { example(spineVendors: ["acme", "globex"]).topology }],
        failingExamples: [RuleExample("both spines from one vendor", subjects: ["tier 2"]) { example(spineVendors: ["acme", "acme"]).topology }]
    )

    /// The keys whose shared value makes a correlated failure.
    static let keys = ["vendor", "model", "firmware"]

    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func check(_ context: CheckContext) -> [Finding] {
        guard context.properties.noSPOF else { return [] }
        let topology = context.topology
        var tiers: [Int: [Int32]] = [:]
        var planes: [String: [Int32]] = [:]
        for (index, device) in topology.devices.enumerated() {
            if device.role == .switch, let tier = device.tier, tier >= 1 { tiers[tier, default: []].append(Int32(index)) }
            if let plane = device.plane, device.role != .accelerator { planes[plane, default: []].append(Int32(index)) }
        }
        var findings: [Finding] = []
        for tier in tiers.keys.sorted() {
            if let finding = check(tiers[tier] ?? [], name: "tier \(tier)", kind: .design, context) { findings.append(finding) }
        }
        for plane in planes.keys.sorted(by: naturalLess) {
            if let finding = check(planes[plane] ?? [], name: "plane \(plane)", kind: .plane, context) { findings.append(finding) }
        }
        return findings
    }

    /// A finding when all of `devices` (two or more) share a value of a key every one of them declares.
    func check(_ devices: [Int32], name: String, kind: FindingSubject.Kind, _ context: CheckContext) -> Finding? {
        guard devices.count >= 2 else { return nil }
        let topology = context.topology
        var shared: [String] = []
        for key in Self.keys {
            let values = devices.map { topology.devices[Int($0)].attributes[key]?.description }
            guard let first = values[0], values.allSatisfy({ $0 == first }) else { continue }
            shared.append("\(key) '\(first)'")
        }
        guard !shared.isEmpty else { return nil }
        let first = devices[0]
        return finding(
            "all \(devices.count) devices of \(name) share \(shared.joined(separator: ", ")): one bug, batch or supply problem takes them all",
            subject: FindingSubject(kind, name), at: context.location(device: first),
            related: devices.prefix(3).map { RelatedLocation("device '\(context.id(device: $0))'", context.location(device: $0)) })
    }

    static func example(spineVendors: [String]) -> ExampleBuilder {
        var builder = ExampleDesigns.leafSpine(name: "vendors", leaves: 2, spines: 0, perLeaf: 2)
        builder.set("no_spof", .bool(true))
        for (index, vendor) in spineVendors.enumerated() {
            builder.switch("spine-\(index)", tier: 2, attributes: ["vendor": .string(vendor)])
            for leaf in 0..<2 { builder.link("leaf-\(leaf)", "spine-\(index)") }
        }
        return builder
    }
}
