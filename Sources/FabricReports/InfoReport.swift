import FabricModel
import Foundation

/// The figures `fabcheck info` prints; encoded as JSON with sorted keys.
public struct InfoReport: Codable, Equatable, Sendable {
    /// Version of this JSON layout.
    static let currentSchemaVersion = 1

    var schemaVersion: Int
    var file: String
    var nodes: Int
    var links: Int
    var selfLoops: Int
    var parallelLinks: Int
    var components: Int
    var largestComponent: Int
    var isolatedNodes: Int
    var physicalLinks: Int
    var accelerators: Int
    var switches: Int
    var devicesByRole: [String: Int]
    var devicesByTier: [String: Int]
    var linkBandwidthTotalBps: Double
    var linksWithBandwidth: Int
    var minDegree: Int
    var maxDegree: Int
    var rolesDeclared: Bool
    var graphs: Int
    var ports: Int
    var srlgs: Int

    public init(file: String, topology: Topology) {
        let summary = TopologySummary(topology)
        schemaVersion = Self.currentSchemaVersion
        self.file = file
        nodes = summary.nodes
        links = summary.links
        selfLoops = summary.selfLoops
        parallelLinks = summary.parallelLinks
        components = summary.components
        largestComponent = summary.largestComponent
        isolatedNodes = summary.isolatedNodes
        physicalLinks = summary.physicalLinks
        accelerators = summary.accelerators
        switches = summary.switches
        devicesByRole = summary.devicesByRole
        devicesByTier = summary.devicesByTier
        linkBandwidthTotalBps = summary.linkBandwidthTotalBps
        linksWithBandwidth = summary.linksWithBandwidth
        minDegree = summary.minDegree
        maxDegree = summary.maxDegree
        rolesDeclared = topology.rolesDeclared
        graphs = topology.graphs.count
        ports = topology.ports.count
        srlgs = topology.srlgs.count
    }

    /// One JSON object, keys sorted, no trailing newline.
    public func json() throws -> String { try ReportJSON.encode(self) }

    /// Several reports as one JSON array, keys sorted, no trailing newline.
    public static func json(_ reports: [InfoReport]) throws -> String { try ReportJSON.encode(reports) }

    /// The human-readable summary.
    public func text() -> String {
        var lines: [String] = [file]
        let roles = devicesByRole.sorted { (Role(rawValue: $0.key) ?? .other, $0.key) < (Role(rawValue: $1.key) ?? .other, $1.key) }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("  devices:     \(nodes) (\(roles.isEmpty ? "none" : roles))\(rolesDeclared ? "" : "; no roles declared: every device is an accelerator")")
        let tiers = devicesByTier.sorted { lhs, rhs in
            switch (Int(lhs.key), Int(rhs.key)) {
            case (let left?, let right?): left < right
            case (nil, _?): false
            case (_?, nil): true
            case (nil, nil): lhs.key < rhs.key
            }
        }.map { "\($0.key == "none" ? "no tier" : "tier \($0.key)") \($0.value)" }.joined(separator: ", ")
        lines.append("  tiers:       \(tiers.isEmpty ? "none" : tiers)")
        lines.append("  links:       \(links) (\(physicalLinks) physical, \(selfLoops) self-loops, \(parallelLinks) parallel)")
        let bandwidth =
            linksWithBandwidth == 0
            ? "unknown (no link declares a bandwidth)"
            : "\(Bandwidth.format(bitsPerSecond: linkBandwidthTotalBps)) per direction over \(linksWithBandwidth) links"
        lines.append("  capacity:    \(bandwidth)")
        lines.append("  degree:      \(minDegree)–\(maxDegree)")
        lines.append("  components:  \(components) (largest \(largestComponent) devices, \(isolatedNodes) isolated)")
        if graphs > 1 || ports > 0 || srlgs > 0 {
            lines.append("  structure:   \(graphs) graphs, \(ports) ports, \(srlgs) SRLGs")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
