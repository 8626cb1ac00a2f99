/// A line and column in a source file, 1-based; 0 means unknown. Stored on every device and link.
public struct SourcePosition: Hashable, Sendable, Comparable, Codable {
    /// 1-based line number, 0 when unknown.
    public var line: Int32
    /// 1-based column number, 0 when unknown.
    public var column: Int32

    /// Creates a position; pass 0 for an unknown line or column.
    public init(line: Int32, column: Int32) {
        self.line = line
        self.column = column
    }

    /// The position used for elements that do not come from a file (generated designs before writing).
    public static let unknown = SourcePosition(line: 0, column: 0)

    /// Orders by line, then column.
    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A file name with a position in it: where a device, link, diagnostic or finding comes from.
public struct SourceLocation: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The path of the file as the user named it.
    public var file: String
    /// 1-based line number, 0 when unknown.
    public var line: Int
    /// 1-based column number, 0 when unknown.
    public var column: Int

    /// Creates a location from a file path and a 1-based line and column (0 = unknown).
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// Creates a location from a file path and a stored position.
    public init(file: String, position: SourcePosition) {
        self.init(file: file, line: Int(position.line), column: Int(position.column))
    }

    /// `FILE:LINE:COL`, omitting the parts that are unknown, as compilers print it.
    public var description: String {
        if line <= 0 { return file }
        if column <= 0 { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }

    /// Orders by file, then line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
