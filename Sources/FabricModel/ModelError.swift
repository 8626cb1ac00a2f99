/// Errors raised while building a topology in memory.
public enum ModelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Two devices share one id.
    case duplicateDeviceID(String, first: SourceLocation, second: SourceLocation)
    /// A link names a device index that does not exist.
    case deviceIndexOutOfRange(Int32, deviceCount: Int)

    public var description: String {
        switch self {
        case .duplicateDeviceID(let id, let first, let second):
            "\(second): error: duplicate node id '\(id)' (first declared at \(first))"
        case .deviceIndexOutOfRange(let index, let count):
            "link endpoint index \(index) is out of range (the topology has \(count) devices)"
        }
    }
}
