import FabricModel

/// Splits a byte buffer into lines (LF or CRLF) and reads tokens inside one line; the shared lexer of the parsers.
struct LineCursor {
    let bytes: [UInt8]
    /// Start of the current line's content.
    var start = 0
    /// End (exclusive) of the current line's content, without the line break.
    var end = 0
    /// Start of the next line.
    var next = 0
    /// 1-based number of the current line.
    var number: Int = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Moves to the next line; false at the end of the buffer.
    /// - Complexity: O(length of the line).
    mutating func advance() -> Bool {
        guard next < bytes.count else { return false }
        start = next
        var index = start
        let count = bytes.count
        while index < count, bytes[index] != 0x0A { index += 1 }
        next = index < count ? index + 1 : index
        end = index
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        number += 1
        return true
    }
}

/// A cursor inside one line: skips spaces, reads numbers, quoted strings and words.
struct TokenCursor {
    let bytes: [UInt8]
    var index: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int, to end: Int) {
        self.bytes = bytes
        self.index = start
        self.end = end
    }

    var atEnd: Bool { index >= end }
    var current: UInt8? { index < end ? bytes[index] : nil }
    /// The column (1-based) of the cursor, relative to the line start `lineStart`.
    func column(from lineStart: Int) -> Int { index - lineStart + 1 }

    mutating func skipSpaces() {
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    }

    /// Consumes `byte` if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard index < end, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Consumes the ASCII `word` if the line continues with it.
    mutating func take(word: String) -> Bool {
        var probe = index
        for byte in word.utf8 {
            guard probe < end, bytes[probe] == byte else { return false }
            probe += 1
        }
        index = probe
        return true
    }

    /// A decimal number of at most 9 digits (no sign), nil when none is next.
    mutating func decimal() -> Int? {
        var value = 0
        var digits = 0
        while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            guard digits < 9 else { return nil }
            value = value * 10 + Int(bytes[index] - 0x30)
            digits += 1
            index += 1
        }
        return digits == 0 ? nil : value
    }

    /// Hex digits (optionally after `0x`) as a 64-bit value, nil when none or more than 16 digits.
    mutating func hex() -> UInt64? {
        if index + 1 < end, bytes[index] == 0x30, bytes[index + 1] == 0x78 || bytes[index + 1] == 0x58 { index += 2 }
        var value: UInt64 = 0
        var digits = 0
        while index < end, let nibble = Self.hexValue(bytes[index]) {
            guard digits < 16 else { return nil }
            value = value << 4 | UInt64(nibble)
            digits += 1
            index += 1
        }
        return digits == 0 ? nil : value
    }

    /// A string between `quote` bytes (no escapes, as ibnetdiscover prints it), nil when not next or unterminated.
    mutating func quoted(_ quote: UInt8 = 0x22) -> String? {
        guard index < end, bytes[index] == quote else { return nil }
        var probe = index + 1
        while probe < end, bytes[probe] != quote { probe += 1 }
        guard probe < end else { return nil }
        let text = String(decoding: bytes[(index + 1)..<probe], as: UTF8.self)
        index = probe + 1
        return text
    }

    /// The run of non-space bytes that follows.
    mutating func word() -> String {
        let from = index
        while index < end, bytes[index] != 0x20, bytes[index] != 0x09 { index += 1 }
        return String(decoding: bytes[from..<index], as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}

/// InfiniBand link widths and lane rates, by the names ibnetdiscover prints (`4xNDR`, `4x NDR`).
public enum InfiniBandRate {
    /// Signalling rate per lane in Gb/s (IBTA spec vol. 2: SDR 2.5 … XDR 200; FDR nominally 14.0625, FDR10 10.3125).
    /// Nominal marketing rates are used so that `4xNDR` is the 400 Gb/s a design writes.
    public static func laneGigabits(_ speed: String) -> Double? {
        switch speed.uppercased() {
        case "SDR": 2.5
        case "DDR": 5
        case "QDR": 10
        case "FDR10": 10
        case "FDR": 14
        case "EDR": 25
        case "HDR": 50
        case "NDR": 100
        case "XDR": 200
        case "GDR": 400
        default: nil
        }
    }

    /// The speed name whose `width` lanes make `bitsPerSecond` (e.g. 4 lanes, 4e11 -> `NDR`), nil when none does.
    public static func speedName(width: Int, bitsPerSecond: Double) -> String? {
        guard width > 0 else { return nil }
        let lane = bitsPerSecond / 1e9 / Double(width)
        for name in ["SDR", "DDR", "QDR", "FDR", "EDR", "HDR", "NDR", "XDR", "GDR"] {
            if let rate = laneGigabits(name), abs(rate - lane) < 1e-9 * max(1, lane) { return name }
        }
        return nil
    }

    /// Splits `4xNDR` into (4, "NDR"); nil when the text is not a width-speed pair.
    public static func parse(_ text: String) -> (width: Int32, speed: String)? {
        let bytes = Array(text.utf8)
        var index = 0
        var width = 0
        while index < bytes.count, index < 3, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            width = width * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        guard index > 0, width > 0, index < bytes.count, bytes[index] == 0x78 else { return nil }
        let speed = String(decoding: bytes[(index + 1)...], as: UTF8.self)
        guard laneGigabits(speed) != nil else { return nil }
        return (Int32(width), speed.uppercased())
    }
}
