import FabricModel

/// Why a GraphML file could not be imported at all (the run cannot continue). Recoverable problems are diagnostics.
public enum GraphMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case cannotOpen(path: String, reason: String)
    /// The file is larger than `ReaderOptions.maxFileBytes`.
    case fileTooLarge(path: String, bytes: Int64, limit: Int64)
    /// A compressed file decompresses to more than `ReaderOptions.maxFileBytes` (the parse stops at the limit).
    case decompressedTooLarge(path: String, limit: Int64)
    /// libxml2 reported a well-formedness or encoding error.
    case malformedXML(message: String, location: SourceLocation)
    /// The file contains a DOCTYPE declaration (entities, DTDs and external subsets are refused before they are read).
    case doctypeForbidden(name: String, location: SourceLocation)
    /// The file references an entity other than the five predefined ones.
    case entityForbidden(name: String, location: SourceLocation)
    /// The document element is not `<graphml>`.
    case notGraphML(root: String, location: SourceLocation)
    /// The file declares more nodes or links than `ReaderOptions` allow.
    case limitExceeded(what: String, limit: Int, location: SourceLocation)

    /// Where the problem is, when known.
    public var location: SourceLocation? {
        switch self {
        case .cannotOpen, .fileTooLarge, .decompressedTooLarge: nil
        case let .malformedXML(_, location), let .doctypeForbidden(_, location), let .entityForbidden(_, location),
             let .notGraphML(_, location), let .limitExceeded(_, _, location):
            location
        }
    }

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            "\(path): error: cannot open file: \(reason)"
        case let .fileTooLarge(path, bytes, limit):
            "\(path): error: file is \(bytes) bytes, more than the limit of \(limit) bytes (raise it with --max-file-bytes)"
        case let .decompressedTooLarge(path, limit):
            "\(path): error: decompresses to more than the limit of \(limit) bytes (raise it with --max-file-bytes)"
        case let .malformedXML(message, location):
            "\(location): error: malformed XML: \(message)"
        case let .doctypeForbidden(name, location):
            "\(location): error: DOCTYPE '\(name)' is not allowed: fabcheck never reads DTDs or expands entities (remove the <!DOCTYPE> declaration)"
        case let .entityForbidden(name, location):
            "\(location): error: entity reference '&\(name);' is not allowed: only the predefined XML entities and character references are accepted"
        case let .notGraphML(root, location):
            "\(location): error: document element is '\(root)', expected 'graphml'"
        case let .limitExceeded(what, limit, location):
            what == "value-bytes"
                ? "\(location): error: a data value is longer than \(limit) bytes"
                : "\(location): error: more than \(limit) \(what) (raise the limit with --max-\(what))"
        }
    }
}
