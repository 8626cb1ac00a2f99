/// A unit of data rate, as a multiple of one bit per second.
public struct BandwidthUnit: Hashable, Sendable, CustomStringConvertible {
    /// How many bit/s one of this unit is.
    public var bitsPerSecond: Double
    /// The unit's conventional symbol (`Gb/s`, `GB/s`).
    public var symbol: String

    /// Creates a unit from its size in bit/s and its symbol.
    public init(bitsPerSecond: Double, symbol: String) {
        self.bitsPerSecond = bitsPerSecond
        self.symbol = symbol
    }

    public var description: String { symbol }

    /// bit/s.
    public static let bps = BandwidthUnit(bitsPerSecond: 1, symbol: "b/s")
    /// kbit/s (10³).
    public static let kbps = BandwidthUnit(bitsPerSecond: 1e3, symbol: "kb/s")
    /// Mbit/s (10⁶).
    public static let mbps = BandwidthUnit(bitsPerSecond: 1e6, symbol: "Mb/s")
    /// Gbit/s (10⁹), the unit of NIC and switch-port speeds.
    public static let gbps = BandwidthUnit(bitsPerSecond: 1e9, symbol: "Gb/s")
    /// Tbit/s (10¹²).
    public static let tbps = BandwidthUnit(bitsPerSecond: 1e12, symbol: "Tb/s")
    /// Byte/s (8 bit/s).
    public static let bytesPerSecond = BandwidthUnit(bitsPerSecond: 8, symbol: "B/s")
    /// MB/s (8·10⁶ bit/s).
    public static let megabytesPerSecond = BandwidthUnit(bitsPerSecond: 8e6, symbol: "MB/s")
    /// GB/s (8·10⁹ bit/s), the unit vendors use for chip-to-chip links (NVLink, UB).
    public static let gigabytesPerSecond = BandwidthUnit(bitsPerSecond: 8e9, symbol: "GB/s")
    /// TB/s (8·10¹² bit/s).
    public static let terabytesPerSecond = BandwidthUnit(bitsPerSecond: 8e12, symbol: "TB/s")
}

/// Why a bandwidth text could not be read.
public enum BandwidthParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing but whitespace.
    case empty
    /// The number part is missing or malformed.
    case notANumber(String)
    /// A negative rate.
    case negative(String)
    /// The number is NaN or infinite.
    case notFinite(String)
    /// The suffix is not a unit this parser knows.
    case unknownUnit(text: String, unit: String)
    /// A bare number where no unit is known from the key or a default.
    case missingUnit(String)

    public var description: String {
        switch self {
        case .empty: "empty bandwidth value"
        case .notANumber(let text): "'\(text)' is not a bandwidth (expected a number with a unit such as 400Gb/s or 50GB/s)"
        case .negative(let text): "bandwidth '\(text)' is negative"
        case .notFinite(let text): "bandwidth '\(text)' is not a finite number"
        case .unknownUnit(let text, let unit):
            "bandwidth '\(text)' has unknown unit '\(unit)' (use b/s, Kb/s, Mb/s, Gb/s, Tb/s, or B/s, MB/s, GB/s, TB/s for bytes)"
        case .missingUnit(let text): "bandwidth '\(text)' has no unit: \(text) what? write \(text)G or \(text) Gb/s"
        }
    }
}

/// Parsing and printing of data rates with explicit units. Values are always held in bit/s.
///
/// Accepted: `400G`, `400Gbps`, `400 Gb/s`, `400Gbit/s`, `1.6T`, `100M`, `50GB/s`, `28 GB/s`, `25GBps`, `2 TB/s`.
/// A lowercase `b` (or `bit`, `bps`) means bits, an uppercase `B` (or `byte`) means bytes (×8); a bare prefix
/// letter (`400G`) means bits, the networking convention. Prefixes are decimal (k/K=10³, M=10⁶, G=10⁹, T=10¹², P=10¹⁵);
/// binary prefixes (`Gi`) are powers of two. A bare number takes the caller's unit (from the key name, e.g.
/// `bandwidth_gbps`) and is an error when the caller has none.
public enum Bandwidth {
    /// Parses a data-rate text into bit/s; `bareUnit` is the unit of a number without a suffix.
    /// - Complexity: O(length of `text`).
    public static func parse(_ text: String, bareUnit: BandwidthUnit?) throws(BandwidthParseError) -> Double {
        let trimmed = text.trimmingASCIIWhitespace()
        if trimmed.isEmpty { throw .empty }
        let bytes = Array(trimmed.utf8)
        var end = 0
        // Number: optional sign, digits, optional fraction, optional exponent.
        if end < bytes.count, bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: "+") { end += 1 }
        var digits = 0
        while end < bytes.count, isDigit(bytes[end]) {
            end += 1
            digits += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: ".") {
            end += 1
            while end < bytes.count, isDigit(bytes[end]) {
                end += 1
                digits += 1
            }
        }
        if digits == 0 { throw .notANumber(trimmed) }
        if end + 1 < bytes.count, bytes[end] == UInt8(ascii: "e") || bytes[end] == UInt8(ascii: "E") {
            var probe = end + 1
            if bytes[probe] == UInt8(ascii: "-") || bytes[probe] == UInt8(ascii: "+") { probe += 1 }
            if probe < bytes.count, isDigit(bytes[probe]) {
                end = probe
                while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            }
        }
        let numberText = String(decoding: bytes[0..<end], as: UTF8.self)
        guard let number = Double(numberText) else { throw .notANumber(trimmed) }
        guard number.isFinite else { throw .notFinite(trimmed) }
        if number < 0 { throw .negative(trimmed) }
        let unitText = String(decoding: bytes[end...], as: UTF8.self).trimmingASCIIWhitespace()
        if unitText.isEmpty {
            guard let bareUnit else { throw .missingUnit(trimmed) }
            return number * bareUnit.bitsPerSecond
        }
        guard let unit = unit(forSuffix: unitText) else { throw .unknownUnit(text: trimmed, unit: unitText) }
        return number * unit.bitsPerSecond
    }

    /// The unit a suffix such as `Gb/s`, `GB/s`, `Gbps`, `G` or `Mbit/s` denotes; nil when unknown.
    public static func unit(forSuffix suffix: String) -> BandwidthUnit? {
        var rest = Substring(suffix)
        var multiplier = 1.0
        var prefix = ""
        if let first = rest.first {
            let binary = rest.count >= 2 && rest.dropFirst().first == "i"
            let scale: Double? =
                switch first {
                case "k", "K": binary ? 1024 : 1e3
                case "M": binary ? 1_048_576 : 1e6
                case "G": binary ? 1_073_741_824 : 1e9
                case "T": binary ? 1_099_511_627_776 : 1e12
                case "P": binary ? 1_125_899_906_842_624 : 1e15
                default: nil
                }
            if let scale {
                multiplier = scale
                prefix = String(first) + (binary ? "i" : "")
                rest = rest.dropFirst(binary ? 2 : 1)
            }
        }
        let body = String(rest)
        let bits: Bool
        switch body {
        case "", "b", "bps", "b/s", "bit", "bits", "bit/s", "bits/s", "bitps", "bit/sec", "b/sec", "bpersec":
            bits = true
        case "B", "Bps", "B/s", "byte", "bytes", "byte/s", "bytes/s", "Byte/s", "Bytes/s", "B/sec":
            bits = false
        default:
            // Case-insensitive words are unambiguous once spelled out.
            switch body.lowercased() {
            case "bit/s", "bits/s", "bits", "bit", "bitps": bits = true
            case "byte/s", "bytes/s", "bytes", "byte": bits = false
            default: return nil
            }
        }
        // A bare prefix with no b/B ("400G") means bits; a bare "" without prefix is handled by the caller.
        if body.isEmpty && prefix.isEmpty { return nil }
        let factor = multiplier * (bits ? 1 : 8)
        return BandwidthUnit(bitsPerSecond: factor, symbol: prefix + (bits ? "b/s" : "B/s"))
    }

    /// The unit implied by a key name's suffix (`bandwidth_gbps` → Gb/s, `bw_GBps` → GB/s, `speed_bps` → b/s);
    /// nil when the name implies none. `bps` in lowercase means bits; an uppercase `B` means bytes.
    public static func unit(forKeyName name: String) -> BandwidthUnit? {
        let separators: Set<Character> = ["_", "-", "."]
        guard let split = name.lastIndex(where: { separators.contains($0) }) else { return nil }
        let suffix = String(name[name.index(after: split)...])
        switch suffix {
        case "bps", "bitps": return .bps
        case "kbps", "Kbps": return .kbps
        case "mbps", "Mbps": return .mbps
        case "gbps", "Gbps", "gbit", "Gbit": return .gbps
        case "tbps", "Tbps": return .tbps
        case "MBps", "MBs": return .megabytesPerSecond
        case "GBps", "GBs", "gbytes", "GBytes": return .gigabytesPerSecond
        case "TBps", "TBs": return .terabytesPerSecond
        default: return nil
        }
    }

    /// The one display convention for data rates in every text and HTML output: **bits per second, per direction,
    /// with the largest SI decimal prefix that keeps the number at least 1** (`400 Gb/s`, `3.2 Tb/s`, `25.6 Tb/s`),
    /// at most three decimals, no trailing zeros. Byte units (`GB/s`) are accepted on input only; JSON keeps raw
    /// bit/s in fields named `…Bps`. Documented in docs/graphml-schema.md ("Units").
    /// - Parameter significantDigits: round to this many significant digits instead (chart labels: `172 Tb/s`).
    public static func format(bitsPerSecond value: Double, significantDigits: Int? = nil) -> String {
        for (scale, symbol) in displayUnits where abs(value) >= scale {
            return "\(number(value / scale, significantDigits)) \(symbol)"
        }
        return "\(number(value, significantDigits)) b/s"
    }

    /// A capacity figure: bit/s through `format(bitsPerSecond:)` when the design's capacities are bandwidths, else
    /// a count of cables (`3 cables`, `1 cable`), the unit of every figure of a design without bandwidths.
    public static func format(capacity value: Double, inBitsPerSecond: Bool) -> String {
        if inBitsPerSecond { return format(bitsPerSecond: value) }
        let text = trimmedNumber(value)
        return "\(text) \(text == "1" ? "cable" : "cables")"
    }

    /// Prefixes of the display convention, largest first.
    private static let displayUnits: [(Double, String)] = [(1e15, "Pb/s"), (1e12, "Tb/s"), (1e9, "Gb/s"), (1e6, "Mb/s"), (1e3, "kb/s")]

    private static func number(_ value: Double, _ significantDigits: Int?) -> String {
        guard let significantDigits, value != 0, value.isFinite else { return trimmedNumber(value) }
        let magnitude = Int((abs(value)).log10Floor) + 1
        let decimals = max(0, significantDigits - magnitude)
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return trimmedNumber(rounded)
    }

    /// A number with at most 3 decimals and no trailing zeros (`691.2`, `25.6`, `400`).
    public static func trimmedNumber(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 {
            return String(Int64(rounded))
        }
        var text = String(rounded)
        if text.contains("e") { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}

extension Double {
    /// ⌊log10(self)⌋ for a positive finite value, exact at powers of ten.
    fileprivate var log10Floor: Double {
        var exponent = 0.0
        var value = self
        while value >= 10 {
            value /= 10
            exponent += 1
        }
        while value < 1 {
            value *= 10
            exponent -= 1
        }
        return exponent
    }
}
