import FabricModel

/// Collects diagnostics, keeping at most `cap` of each code and summarising the rest in one note per code.
struct DiagnosticSink {
    private(set) var items: [Diagnostic] = []
    private var counts: [String: Int] = [:]
    let cap: Int
    let file: String

    init(file: String, cap: Int) {
        self.file = file
        self.cap = max(cap, 1)
    }

    /// Records a diagnostic unless `cap` of its code were recorded already.
    mutating func add(_ severity: Severity, _ message: String, at position: SourcePosition?, code: String) {
        let seen = counts[code, default: 0]
        counts[code] = seen + 1
        if seen >= cap { return }
        let location = position.map { SourceLocation(file: file, position: $0) } ?? SourceLocation(file: file, line: 0, column: 0)
        items.append(Diagnostic(severity, message, at: location, code: code))
    }

    /// True once an error-severity diagnostic was recorded.
    var hasErrors: Bool { items.contains { $0.severity == .error } }

    /// The diagnostics in document order, plus one note per code whose diagnostics were cut off.
    func finished() -> [Diagnostic] {
        var result = items.enumerated().sorted { lhs, rhs in
            let left = lhs.element.location ?? SourceLocation(file: file, line: 0, column: 0)
            let right = rhs.element.location ?? SourceLocation(file: file, line: 0, column: 0)
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
        for (code, count) in counts.sorted(by: { $0.key < $1.key }) where count > cap {
            let severity = items.first { $0.code == code }?.severity ?? .warning
            result.append(
                Diagnostic(
                    .note,
                    "\(count - cap) more '\(code)' \(severity.rawValue)s not shown (\(count) in total)",
                    at: SourceLocation(file: file, line: 0, column: 0),
                    code: "graphml.more-diagnostics"
                ))
        }
        return result
    }
}
