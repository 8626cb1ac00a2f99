import FabricModel

/// One field of a CSV record with the line and column where it starts (1-based, columns in characters).
public struct CSVField: Sendable, Equatable {
    /// The field's text, quotes removed and doubled quotes undone.
    public var text: String
    /// Line where the field starts.
    public var line: Int
    /// Column (character position in its line) where the field starts.
    public var column: Int
}

/// One CSV record: its fields and the line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// The fields in order.
    public var fields: [CSVField]
    /// Line where the record starts.
    public var line: Int
    /// Column just after the last character of the record's last line (where a missing field would start).
    public var endColumn: Int

    /// True for an empty line (one empty unquoted field).
    public var isBlank: Bool { fields.count == 1 && fields[0].text.trimmingASCIIWhitespace().isEmpty }
}

/// A problem in the CSV syntax itself (not in a value).
public struct CSVSyntaxError: Sendable, Equatable {
    /// What is wrong.
    public var message: String
    /// Line of the problem.
    public var line: Int
    /// Column of the problem.
    public var column: Int
}

/// An RFC 4180 reader (fields separated by a delimiter, optionally in double quotes with `""` for a quote inside,
/// CRLF or LF line ends, line breaks allowed inside quotes), tracking line and column of every field so each bad
/// value can be reported where it is. A UTF-8 byte order mark is skipped. Tolerant where RFC 4180 is strict in
/// ways spreadsheets are not: LF alone ends a line, the last line may lack a line end. Reported as syntax errors:
/// text after a closing quote, and a quote left open at the end of the file.
public enum RFC4180 {
    /// Parses `text` into records.
    /// - Complexity: O(length of `text`), one pass over its Unicode scalars.
    public static func parse(_ text: String, delimiter: Unicode.Scalar = ",") -> (records: [CSVRecord], errors: [CSVSyntaxError]) {
        var records: [CSVRecord] = []
        var errors: [CSVSyntaxError] = []
        var fields: [CSVField] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var column = 1
        var fieldLine = 1
        var fieldColumn = 1
        var recordLine = 1
        var quoted = false
        var inQuotes = false
        var afterClosingQuote = false
        var reportedJunk = false
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()

        func endField() {
            fields.append(CSVField(text: String(field), line: fieldLine, column: fieldColumn))
            field = String.UnicodeScalarView()
            quoted = false
            afterClosingQuote = false
            reportedJunk = false
        }
        func endRecord(endColumn: Int) {
            endField()
            records.append(CSVRecord(fields: fields, line: recordLine, endColumn: endColumn))
            fields = []
        }

        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = iterator.next()
                        column += 2
                        continue
                    }
                    inQuotes = false
                    afterClosingQuote = true
                    column += 1
                    continue
                }
                field.append(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else if scalar != "\r" {
                    column += 1
                }
                continue
            }
            switch scalar {
            case delimiter:
                endField()
                column += 1
                fieldLine = line
                fieldColumn = column
            case "\r" where pending == "\n":
                continue
            case "\n", "\r":
                endRecord(endColumn: column)
                line += 1
                column = 1
                fieldLine = line
                fieldColumn = 1
                recordLine = line
            case "\"" where field.isEmpty && !quoted:
                quoted = true
                inQuotes = true
                column += 1
            default:
                if afterClosingQuote {
                    if !reportedJunk {
                        errors.append(CSVSyntaxError(message: "text after the closing quote of a field", line: line, column: column))
                        reportedJunk = true
                    }
                } else {
                    field.append(scalar)
                }
                column += 1
            }
        }
        if inQuotes {
            errors.append(CSVSyntaxError(message: "a quoted field is not closed before the end of the file", line: fieldLine, column: fieldColumn))
        }
        if !field.isEmpty || quoted || !fields.isEmpty {
            endRecord(endColumn: column)
        }
        return (records, errors)
    }

    /// The delimiter of a sheet guessed from its first line: a comma unless that line has none and has semicolons
    /// (spreadsheets in decimal-comma locales) or tabs.
    public static func guessDelimiter(_ text: String) -> Unicode.Scalar {
        let firstLine = text.unicodeScalars.prefix { $0 != "\n" && $0 != "\r" }
        if firstLine.contains(",") { return "," }
        if firstLine.contains(";") { return ";" }
        if firstLine.contains("\t") { return "\t" }
        return ","
    }

    /// One field as CSV: quoted (with doubled quotes) when it holds the delimiter, a quote, a line break or
    /// leading or trailing spaces.
    public static func escape(_ text: String, delimiter: Unicode.Scalar = ",") -> String {
        let needsQuotes =
            text.unicodeScalars.contains { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }
}
