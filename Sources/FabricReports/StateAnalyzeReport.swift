import FabricGraph
import FabricModel
import Foundation

/// What `fabcheck analyze --state FILE` prints: the figures of the fabric now (the design with the state's elements
/// deleted), preceded by every headline figure that differs from the design's ("design -> now").
public struct StateAnalyzeReport: Codable, Equatable, Sendable {
    /// Version of this JSON layout.
    static let currentSchemaVersion = 1

    /// One figure that differs between the design and now.
    public struct Difference: Codable, Equatable, Sendable {
        /// The figure's name (the `AnalyzeReport` JSON key).
        public var name: String
        /// Its value in the design, as printed.
        public var design: String
        /// Its value now, as printed.
        public var now: String
    }

    var schemaVersion: Int
    /// The state applied.
    public var state: FailureStateSummary
    /// The figures that differ, in report order.
    public var differences: [Difference]
    /// The design's figures.
    var design: AnalyzeReport
    /// The figures now.
    var now: AnalyzeReport

    /// Analyses the design and the fabric now with the same options.
    /// - Complexity: twice `AnalyzeReport.init`.
    public init(
        file: String, state: AppliedFailureState, designPattern: TrafficPattern, nowPattern: TrafficPattern,
        scheme: RoutingScheme, top: Int, bisection: Bool
    ) throws(GraphError) {
        schemaVersion = Self.currentSchemaVersion
        self.state = state.summary
        design = try AnalyzeReport(file: file, topology: state.design, pattern: designPattern, scheme: scheme, top: top, bisection: bisection)
        now = try AnalyzeReport(file: file, topology: state.now, pattern: nowPattern, scheme: scheme, top: top, bisection: bisection)
        differences = Self.differences(design, now)
    }

    private static func differences(_ a: AnalyzeReport, _ b: AnalyzeReport) -> [Difference] {
        func text(_ value: Double?) -> String { value.map { Bandwidth.trimmedNumber($0) } ?? "-" }
        func text(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        let figures: [(String, String, String)] = [
            ("devices", text(a.devices), text(b.devices)),
            ("accelerators", text(a.accelerators), text(b.accelerators)),
            ("cables", text(a.cables), text(b.cables)),
            ("acceleratorComponents", text(a.acceleratorComponents), text(b.acceleratorComponents)),
            ("acceleratorsOutsideLargestComponent", text(a.acceleratorsOutsideLargestComponent), text(b.acceleratorsOutsideLargestComponent)),
            ("bridges", text(a.bridges), text(b.bridges)),
            ("articulationPoints", text(a.articulationPoints), text(b.articulationPoints)),
            ("criticalElements", text(a.criticalElements.count), text(b.criticalElements.count)),
            ("edgeConnectivity", text(a.edgeConnectivity), text(b.edgeConnectivity)),
            ("minCutBps", text(a.minCutBps), text(b.minCutBps)),
            ("diameter", text(a.diameter?.upper), text(b.diameter?.upper)),
            ("unroutedPairs", text(a.unroutedPairs), text(b.unroutedPairs)),
            ("acceleratorsInTraffic", text(a.acceleratorsInTraffic), text(b.acceleratorsInTraffic)),
            ("maxUtilization", text(a.maxUtilization), text(b.maxUtilization)),
            ("throughput", text(a.throughput), text(b.throughput)),
            ("bisectionLowerBps", text(a.bisectionLowerBps), text(b.bisectionLowerBps)),
            ("bisectionUpperBps", text(a.bisectionUpperBps), text(b.bisectionUpperBps)),
        ]
        return figures.filter { $0.1 != $0.2 }.map { Difference(name: $0.0, design: $0.1, now: $0.2) }
    }

    /// JSON with sorted keys.
    public func json() throws -> String { try ReportJSON.encode(self) }

    /// The state, the figures that differ (design -> now), then the full analysis of the fabric now.
    public func text() -> String {
        var lines = [state.headline, "design -> now (figures that differ):"]
        if differences.isEmpty { lines.append("  none") }
        let width = differences.map(\.name.count).max() ?? 0
        for difference in differences {
            lines.append(
                "  \(difference.name)\(String(repeating: " ", count: width - difference.name.count))  "
                    + "\(difference.design) -> \(difference.now)")
        }
        lines.append("now:")
        return lines.joined(separator: "\n") + "\n" + now.text()
    }
}
