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
        case .malformedXML(_, let location), .doctypeForbidden(_, let location), .entityForbidden(_, let location),
            .notGraphML(_, let location), .limitExceeded(_, _, let location):
            location
        }
    }

    /// The file the error is about.
    public var path: String {
        switch self {
        case .cannotOpen(let path, _), .fileTooLarge(let path, _, _), .decompressedTooLarge(let path, _): path
        case .malformedXML(_, let location), .doctypeForbidden(_, let location), .entityForbidden(_, let location),
            .notGraphML(_, let location), .limitExceeded(_, _, let location):
            location.file
        }
    }

    /// The message without the file, line and severity.
    public var message: String {
        switch self {
        case .cannotOpen(_, let reason):
            "cannot open file: \(reason)"
        case .fileTooLarge(_, let bytes, let limit):
            "file is \(bytes) bytes, more than the limit of \(limit) bytes (raise it with --max-file-bytes)"
        case .decompressedTooLarge(_, let limit):
            "decompresses to more than the limit of \(limit) bytes (raise it with --max-file-bytes)"
        case .malformedXML(let message, _):
            "malformed XML: \(message)"
        case .doctypeForbidden(let name, _):
            "DOCTYPE '\(name)' is not allowed: fabcheck never reads DTDs or expands entities (remove the <!DOCTYPE> declaration)"
        case .entityForbidden(let name, _):
            "entity reference '&\(name);' is not allowed: only the predefined XML entities and character references are accepted"
        case .notGraphML(let root, _):
            "document element is '\(root)', expected 'graphml'"
        case .limitExceeded(let what, let limit, _):
            what == "value-bytes"
                ? "a data value is longer than \(limit) bytes"
                : "more than \(limit) \(what) (raise the limit with --max-\(what))"
        }
    }

    /// A stable short identifier of the kind of error (`graphml.malformed-xml`), like `Diagnostic.code`.
    public var code: String {
        switch self {
        case .cannotOpen: "graphml.cannot-open"
        case .fileTooLarge, .decompressedTooLarge: "graphml.file-too-large"
        case .malformedXML: "graphml.malformed-xml"
        case .doctypeForbidden: "graphml.doctype"
        case .entityForbidden: "graphml.entity"
        case .notGraphML: "graphml.not-graphml"
        case .limitExceeded: "graphml.limit"
        }
    }

    /// The error as an error diagnostic located in its file (line and column 0 when it has no place in the file).
    public var diagnostic: Diagnostic {
        Diagnostic(.error, message, at: location ?? SourceLocation(file: path, line: 0, column: 0), code: code)
    }

    public var description: String {
        "\(location.map(\.description) ?? path): error: \(message)"
    }
}
