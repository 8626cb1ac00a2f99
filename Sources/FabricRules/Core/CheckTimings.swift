import Foundation

/// Wall-clock time spent per analysis and per rule during a check (`fabcheck check --timings`), safe to record into
/// from several threads.
public final class CheckTimings: @unchecked Sendable {
    /// One measured step.
    public struct Entry: Sendable, Equatable {
        /// `analysis NAME` or `rule ID`.
        public let name: String
        /// Wall-clock seconds (an analysis started while another one it uses is computing includes the wait).
        public let seconds: Double
    }

    private let lock = NSLock()
    private var recorded: [Entry] = []
    private let onRecord: (@Sendable (Entry) -> Void)?

    /// An empty record; `onRecord` sees each step as it finishes (e.g. to print progress on long runs).
    public init(onRecord: (@Sendable (Entry) -> Void)? = nil) { self.onRecord = onRecord }

    /// Adds one measured step.
    public func record(_ name: String, seconds: Double) {
        let entry = Entry(name: name, seconds: seconds)
        lock.lock()
        recorded.append(entry)
        lock.unlock()
        onRecord?(entry)
    }

    /// Runs `body` and records its wall-clock time under `name`.
    public func measure<Value>(_ name: String, _ body: () throws -> Value) rethrows -> Value {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { record(name, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }

    /// The steps in the order they finished.
    public var entries: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// One line per step, slowest first (ties by name), seconds with 3 decimals: `  1.234 s  analysis routing`.
    public func rendered(prefix: String = "") -> String {
        entries.sorted { ($1.seconds, $0.name) < ($0.seconds, $1.name) }
            .map { prefix + String(format: "%8.3f s  %@", $0.seconds, $0.name) }
            .joined(separator: "\n")
    }
}
