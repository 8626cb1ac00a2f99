import FabricModel
import FabricRules
import Foundation

/// Output formats of `fabcheck diff`.
public enum DesignDiffFormat: String, Sendable, CaseIterable {
    /// Plain text for the terminal.
    case text
    /// JSON with sorted keys and `schemaVersion`.
    case json
    /// GitHub-flavoured Markdown for a pull-request comment.
    case markdown
}

extension DesignDiff {
    /// Renders the diff; `limit` caps each list of elements in text and Markdown (JSON always lists everything).
    public func render(_ format: DesignDiffFormat, limit: Int = 20) -> String {
        switch format {
        case .text: text(limit: limit)
        case .json: json()
        case .markdown: markdown(limit: limit)
        }
    }

    /// JSON, keys sorted, pretty, with a final newline.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One line per changed field: `radix 64 → 128`, `bandwidth (none) → 400 Gb/s`.
    static func describe(_ change: FieldChange) -> String {
        "\(change.field) \(change.old.isEmpty ? "(none)" : change.old) → \(change.new.isEmpty ? "(none)" : change.new)"
    }

    /// The element changes as `(sign, text)` lines.
    func elementLines() -> [(section: String, lines: [String])] {
        [
            ("devices added", devicesAdded.map { "+ device '\($0)'" }),
            ("devices removed", devicesRemoved.map { "- device '\($0)'" }),
            ("devices changed", devicesChanged.map { "~ device '\($0.key)': " + $0.changes.map(Self.describe).joined(separator: "; ") }),
            ("links added", linksAdded.map { "+ link '\($0)'" }),
            ("links removed", linksRemoved.map { "- link '\($0)'" }),
            ("links changed", linksChanged.map { "~ link '\($0.key)': " + $0.changes.map(Self.describe).joined(separator: "; ") }),
            ("graph data changed", graphChanged.map { "~ " + Self.describe($0) }),
        ]
    }

    func deltaText(_ delta: MetricDelta) -> String {
        guard let old = delta.old, let new = delta.new, old != new else { return "" }
        if delta.name.hasSuffix("Ratio") || delta.name == "maxUtilization" {
            let points = ((new - old) * 1000).rounded() / 10
            return (points >= 0 ? "+" : "") + Bandwidth.trimmedNumber(points) + " pt"
        }
        if delta.name.hasSuffix("Bps") {
            return (new >= old ? "+" : "-") + Bandwidth.format(bitsPerSecond: abs(new - old))
        }
        return (new >= old ? "+" : "") + Bandwidth.trimmedNumber(new - old)
    }

    static func findingLine(_ finding: FindingKey) -> String {
        "\(finding.severity.rawValue) \(finding.rule) on \(finding.subject): \(finding.message)"
    }

    /// The text report.
    public func text(limit: Int = 20) -> String {
        var out = "fabcheck diff \(oldFile) → \(newFile)\n"
        if isEmpty {
            out += "no differences: \(newMetrics.devices) devices, \(newMetrics.cables) cables; metrics and findings unchanged\n"
            return out
        }
        out += "devices: +\(devicesAdded.count) -\(devicesRemoved.count) ~\(devicesChanged.count); "
        out += "links: +\(linksAdded.count) -\(linksRemoved.count) ~\(linksChanged.count)"
        out += graphChanged.isEmpty ? "\n" : "; graph data ~\(graphChanged.count)\n"
        for (_, lines) in elementLines() where !lines.isEmpty {
            for line in lines.prefix(limit) { out += "  \(line)\n" }
            if lines.count > limit { out += "  ... and \(lines.count - limit) more\n" }
        }
        out += "metrics:\n"
        let nameWidth = deltas.map { Self.label(of: $0.name).count }.max() ?? 0
        let oldTexts = deltas.map { Self.format($0.old, metric: $0.name) }
        let newTexts = deltas.map { Self.format($0.new, metric: $0.name) }
        let oldWidth = max(oldTexts.map(\.count).max() ?? 0, 3)
        let newWidth = max(newTexts.map(\.count).max() ?? 0, 3)
        out += "  " + pad("metric", nameWidth) + "  " + pad("old", oldWidth) + "  " + pad("new", newWidth) + "  change\n"
        for (index, delta) in deltas.enumerated() {
            var line = "  " + pad(Self.label(of: delta.name), nameWidth) + "  " + pad(oldTexts[index], oldWidth) + "  " + pad(newTexts[index], newWidth)
            let change = deltaText(delta)
            if !change.isEmpty { line += "  " + change + (delta.worse ? " (worse)" : delta.better ? " (better)" : "") }
            out += line.trimmingTrailingSpaces() + "\n"
        }
        if let worst = newMetrics.worstSingleFailure, worst != oldMetrics.worstSingleFailure {
            out += "  worst single failure now: \(worst.element) strands \(worst.strandedAccelerators)\n"
        }
        out += "findings: \(findingsNew.count) new, \(findingsResolved.count) resolved\n"
        for finding in findingsNew.prefix(limit) { out += "  + \(Self.findingLine(finding))\n" }
        if findingsNew.count > limit { out += "  ... and \(findingsNew.count - limit) more new\n" }
        for finding in findingsResolved.prefix(limit) { out += "  - \(Self.findingLine(finding))\n" }
        if findingsResolved.count > limit { out += "  ... and \(findingsResolved.count - limit) more resolved\n" }
        if regressions.isEmpty {
            out += "verdict: no regression\n"
        } else {
            out += "verdict: \(regressions.count) regression\(regressions.count == 1 ? "" : "s")\n"
            for reason in regressions { out += "  ! \(reason)\n" }
        }
        return out
    }

    /// Markdown for a pull-request comment: a verdict line, a metrics table, collapsible element lists, findings.
    public func markdown(limit: Int = 20) -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        func code(_ text: String) -> String { "`" + text.replacingOccurrences(of: "`", with: "'") + "`" }
        var out = "### fabcheck diff: \(code(oldFile)) → \(code(newFile))\n\n"
        if isEmpty {
            out += "No differences: \(newMetrics.devices) devices, \(newMetrics.cables) cables; metrics and findings unchanged.\n"
            return out
        }
        if regressions.isEmpty {
            out += "**No regression.**\n\n"
        } else {
            out += "**\(regressions.count) regression\(regressions.count == 1 ? "" : "s"):**\n\n"
            for reason in regressions { out += "- \(cell(reason))\n" }
            out += "\n"
        }
        out += "| metric | old | new | change |\n| --- | ---: | ---: | --- |\n"
        for delta in deltas {
            let change = deltaText(delta)
            let marker = delta.worse ? " :warning: worse" : delta.better ? " better" : ""
            out +=
                "| \(Self.label(of: delta.name)) | \(Self.format(delta.old, metric: delta.name)) | \(Self.format(delta.new, metric: delta.name)) | \(change)\(marker) |\n"
        }
        out += "\n**Devices** +\(devicesAdded.count) −\(devicesRemoved.count) ~\(devicesChanged.count) · "
        out += "**Links** +\(linksAdded.count) −\(linksRemoved.count) ~\(linksChanged.count)"
        out += graphChanged.isEmpty ? "\n" : " · **Graph data** ~\(graphChanged.count)\n"
        for (section, lines) in elementLines() where !lines.isEmpty {
            out += "\n<details><summary>\(section) (\(lines.count))</summary>\n\n"
            for line in lines.prefix(limit) { out += "- \(code(line))\n" }
            if lines.count > limit { out += "- … and \(lines.count - limit) more\n" }
            out += "\n</details>\n"
        }
        out += "\n**Findings** \(findingsNew.count) new, \(findingsResolved.count) resolved\n"
        if !findingsNew.isEmpty || !findingsResolved.isEmpty {
            out += "\n| | severity | rule | subject | message |\n| --- | --- | --- | --- | --- |\n"
            for finding in findingsNew.prefix(limit) {
                out += "| new | \(finding.severity.rawValue) | \(code(finding.rule)) | \(cell(finding.subject)) | \(cell(finding.message)) |\n"
            }
            for finding in findingsResolved.prefix(limit) {
                out += "| resolved | \(finding.severity.rawValue) | \(code(finding.rule)) | \(cell(finding.subject)) | \(cell(finding.message)) |\n"
            }
            let hidden = max(0, findingsNew.count - limit) + max(0, findingsResolved.count - limit)
            if hidden > 0 { out += "\n… and \(hidden) more findings (see the JSON output).\n" }
        }
        return out
    }
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
