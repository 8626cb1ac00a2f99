/// Why a latency text could not be read.
public enum LatencyParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing but whitespace.
    case empty
    /// The number part is missing or malformed.
    case notANumber(String)
    /// A negative or non-finite delay.
    case outOfRange(String)
    /// The suffix is not a time unit.
    case unknownUnit(text: String, unit: String)
    /// A bare number where neither the key name nor a default gives the unit.
    case missingUnit(String)

    public var description: String {
        switch self {
        case .empty: "empty latency value"
        case .notANumber(let text): "'\(text)' is not a latency (expected a number with a unit such as 25ns or 1.2us)"
        case .outOfRange(let text): "latency '\(text)' is not a finite delay of 0 or more"
        case .unknownUnit(let text, let unit): "latency '\(text)' has unknown unit '\(unit)' (use ps, ns, us, µs, ms or s)"
        case .missingUnit(let text):
            "latency '\(text)' has no unit: \(text) what? write \(text)ns or \(text) us, or name the key latency_ns"
        }
    }
}

/// Parsing of one-way delays with explicit units, the way `Bandwidth` parses rates. Values are held in nanoseconds.
///
/// Accepted: `25ns`, `25 ns`, `1.2 us`, `0.5us`, `0.5µs`, `0.5μs`, `2ms`, `1e-6 s`, `800ps`, and the words
/// `nsec`, `usec`, `msec`, `sec`, `second(s)`. A bare number takes the caller's unit (from the key name, e.g.
/// `latency_ns`, `latency_us`) and is an error when the caller has none.
public enum Latency {
    /// Parses a delay into nanoseconds; `bareScale` is the nanoseconds of one unit of a number without a suffix.
    /// - Complexity: O(length of `text`).
    public static func parse(_ text: String, bareScale: Double?) throws(LatencyParseError) -> Double {
        let trimmed = text.trimmingASCIIWhitespace()
        if trimmed.isEmpty { throw .empty }
        // The number is the longest prefix Double accepts; units start with a letter other than e/E followed by a digit.
        let scalars = Array(trimmed.unicodeScalars)
        var end = 0
        while end < scalars.count {
            let scalar = scalars[end]
            let isNumberPart =
                ("0"..."9").contains(scalar) || scalar == "." || scalar == "-" || scalar == "+"
                || ((scalar == "e" || scalar == "E") && end + 1 < scalars.count
                    && (("0"..."9").contains(scalars[end + 1]) || scalars[end + 1] == "-" || scalars[end + 1] == "+"))
            if !isNumberPart { break }
            end += 1
        }
        var numberText = String(String.UnicodeScalarView(scalars[0..<end]))
        var unitText = String(String.UnicodeScalarView(scalars[end...])).trimmingASCIIWhitespace()
        if numberText.isEmpty { throw .notANumber(trimmed) }
        numberText = numberText.trimmingASCIIWhitespace()
        guard let number = Double(numberText) else { throw .notANumber(trimmed) }
        guard number.isFinite, number >= 0 else { throw .outOfRange(trimmed) }
        if unitText.isEmpty {
            guard let bareScale else { throw .missingUnit(trimmed) }
            return number * bareScale
        }
        unitText = unitText.lowercased()
        guard let scale = nanoseconds(perUnit: unitText) else { throw .unknownUnit(text: trimmed, unit: unitText) }
        return number * scale
    }

    /// Nanoseconds per unit for a (lowercased) suffix such as `ns`, `us`, `µs`, `ms`, `s`; nil when unknown.
    public static func nanoseconds(perUnit unit: String) -> Double? {
        switch unit {
        case "ps", "psec", "picosecond", "picoseconds": 1e-3
        case "ns", "nsec", "nanosecond", "nanoseconds": 1
        case "us", "µs", "μs", "usec", "microsecond", "microseconds": 1e3
        case "ms", "msec", "millisecond", "milliseconds": 1e6
        case "s", "sec", "second", "seconds": 1e9
        default: nil
        }
    }

    /// Formats nanoseconds with the largest unit that keeps the number ≥ 1 (`25 ns`, `1.2 µs`, `2 ms`).
    public static func format(nanoseconds value: Double) -> String {
        for (scale, symbol) in [(1e9, "s"), (1e6, "ms"), (1e3, "µs")] where abs(value) >= scale {
            return "\(Bandwidth.trimmedNumber(value / scale)) \(symbol)"
        }
        return "\(Bandwidth.trimmedNumber(value)) ns"
    }
}
