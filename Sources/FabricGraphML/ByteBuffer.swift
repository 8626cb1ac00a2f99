/// A growable byte buffer for the text of `<data>` values: reset and refilled millions of times without allocating.
///
/// A class whose state lives behind a pointer, so the hot paths pay neither copy-on-write checks nor dynamic
/// exclusivity checks (`Array.removeAll(keepingCapacity:)` costs a generic `replaceSubrange`).
final class ByteBuffer {
    private struct State {
        var bytes: UnsafeMutablePointer<UInt8>
        var count: Int
        var capacity: Int
    }

    private let state: UnsafeMutablePointer<State>

    init(capacity: Int = 64) {
        state = UnsafeMutablePointer<State>.allocate(capacity: 1)
        let size = max(capacity, 16)
        state.initialize(to: State(bytes: UnsafeMutablePointer<UInt8>.allocate(capacity: size), count: 0, capacity: size))
    }

    deinit {
        state.pointee.bytes.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Number of bytes held.
    @inline(__always) var count: Int { state.pointee.count }

    /// Forgets the content, keeping the storage.
    @inline(__always) func reset() { state.pointee.count = 0 }

    /// Appends bytes, growing the storage geometrically when needed.
    /// - Complexity: amortized O(bytes.count).
    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        let needed = state.pointee.count + bytes.count
        if needed > state.pointee.capacity { grow(to: needed) }
        (state.pointee.bytes + state.pointee.count).update(from: source, count: bytes.count)
        state.pointee.count = needed
    }

    /// Replaces the content with a copy of `other`'s.
    func assign(_ other: ByteBuffer) {
        reset()
        other.withBytes { append($0) }
    }

    /// Replaces the content with `bytes`.
    func assign(_ bytes: [UInt8]) {
        reset()
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// True when both buffers hold the same bytes.
    @inline(__always)
    func equals(_ other: ByteBuffer) -> Bool {
        let count = state.pointee.count
        guard count == other.count else { return false }
        return memcmpBytes(state.pointee.bytes, other.state.pointee.bytes, count)
    }

    /// True when the buffer holds exactly `bytes`.
    @inline(__always)
    func equals(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = state.pointee.count
        guard count == bytes.count else { return false }
        guard let other = bytes.baseAddress else { return count == 0 }
        return memcmpBytes(state.pointee.bytes, other, count)
    }

    /// Calls `body` with the bytes (valid only inside `body`).
    @inline(__always)
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: state.pointee.bytes, count: state.pointee.count))
    }

    /// The content as an array.
    var array: [UInt8] { withBytes { Array($0) } }

    private func grow(to needed: Int) {
        var capacity = state.pointee.capacity
        while capacity < needed { capacity *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        fresh.update(from: state.pointee.bytes, count: state.pointee.count)
        state.pointee.bytes.deallocate()
        state.pointee.bytes = fresh
        state.pointee.capacity = capacity
    }
}
