import Foundation

/// A value computed at most once, on first use, safely from several threads.
final class LazyBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?
    private let make: @Sendable () -> Value
    private let name: String?
    private let timings: CheckTimings?

    /// A box computing `make` on first use; with `timings`, records the computation as `analysis NAME`.
    init(_ name: String? = nil, timings: CheckTimings? = nil, _ make: @escaping @Sendable () -> Value) {
        self.make = make
        self.name = name
        self.timings = timings
    }

    /// The value, computing it under the lock the first time.
    func get() -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let made: Value
        if let timings, let name { made = timings.measure("analysis \(name)", make) } else { made = make() }
        value = made
        return made
    }
}

/// Lazy boxes by key, each created once (e.g. one blast-radius survey per loss fraction).
final class KeyedBoxes<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var boxes: [Key: LazyBox<Value>] = [:]

    /// The box for `key`, made by `make` the first time.
    func box(for key: Key, make: () -> LazyBox<Value>) -> LazyBox<Value> {
        lock.lock()
        defer { lock.unlock() }
        if let box = boxes[key] { return box }
        let box = make()
        boxes[key] = box
        return box
    }
}
