import Dispatch
import Synchronization

/// Result slots written by concurrent workers (each index by one worker) and read once they are done: the one
/// shared-result helper of every parallel loop (`DispatchQueue.concurrentPerform` with per-index results).
/// Writes go through a `Mutex`, so no `@unchecked Sendable` is needed; one lock per result costs nothing next to
/// the work that produces it.
public final class ParallelSlots<Value: Sendable>: Sendable {
    private let storage: Mutex<[Value?]>

    /// `count` empty slots.
    public init(count: Int) { storage = Mutex([Value?](repeating: nil, count: count)) }

    /// Stores the value of slot `index`.
    public func set(_ index: Int, _ value: Value) { storage.withLock { $0[index] = value } }

    /// The value of slot `index`, if set.
    public func get(_ index: Int) -> Value? { storage.withLock { $0[index] } }

    /// Every slot in index order, nil where none was set.
    public var values: [Value?] { storage.withLock { $0 } }

    /// The set values in index order (unset slots skipped).
    public var setValues: [Value] { storage.withLock { $0.compactMap { $0 } } }
}

/// `body(0) … body(count − 1)` computed on every core, in index order.
/// - Complexity: the sum of the bodies' work over the available cores.
public func parallelMap<Value: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
    let slots = ParallelSlots<Value>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, body($0)) }
    let values = slots.setValues
    assert(values.count == count, "every index of a parallel map has a result")
    return values
}
