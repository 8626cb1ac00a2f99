import FabricModel

/// One parameter of a family: its name (as `--name` on the command line), default value and meaning.
public struct ParameterSpec: Hashable, Sendable {
    /// The parameter name, lowercase with dashes (`leaf-hosts`).
    public var name: String
    /// The default value as text.
    public var defaultValue: String
    /// One line saying what the parameter means and which values work.
    public var help: String

    /// Creates a parameter description.
    public init(_ name: String, _ defaultValue: String, _ help: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.help = help
    }
}

/// Parameter values given by the user, read against a family's specs with typed, range-checked accessors.
struct ParameterValues {
    let design: String
    let specs: [ParameterSpec]
    let given: [String: String]

    /// Checks that every given name is a known parameter.
    init(design: String, specs: [ParameterSpec], given: [String: String]) throws(DesignError) {
        self.design = design
        self.specs = specs
        self.given = given
        let known = Set(specs.map(\.name))
        for name in given.keys.sorted() where !known.contains(name) {
            throw .unknownParameter(name, design: design, known: specs.map(\.name))
        }
    }

    /// Every parameter with its effective value, in the family's declared order (recorded in the file).
    var effective: [(String, String)] { specs.map { ($0.name, text($0.name)) } }

    func text(_ name: String) -> String {
        given[name] ?? specs.first { $0.name == name }?.defaultValue ?? ""
    }

    /// An integer in `range`; the hint names the range.
    func int(_ name: String, in range: ClosedRange<Int>) throws(DesignError) -> Int {
        let raw = text(name)
        guard let value = Int(raw.trimmingASCIIWhitespace()), range.contains(value) else {
            throw .invalidParameter(name: name, value: raw, hint: "expected an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// An even integer in `range`.
    func evenInt(_ name: String, in range: ClosedRange<Int>) throws(DesignError) -> Int {
        let value = try int(name, in: range)
        if value % 2 != 0 {
            throw .invalidParameter(
                name: name, value: text(name),
                hint: "must be even; try \(value - 1 >= range.lowerBound ? value - 1 : value + 1) or \(value + 1)")
        }
        return value
    }

    /// A positive number (ratios such as oversubscription).
    func ratio(_ name: String) throws(DesignError) -> Double {
        let raw = text(name)
        guard let value = Double(raw.trimmingASCIIWhitespace()), value.isFinite, value >= 1 else {
            throw .invalidParameter(name: name, value: raw, hint: "expected a ratio of at least 1 (1 = non-blocking, 3 = 3:1)")
        }
        return value
    }

    /// A bandwidth with a unit (`400Gb/s`, `50GB/s`), in bit/s, greater than zero.
    func bandwidth(_ name: String) throws(DesignError) -> Double {
        let raw = text(name)
        let value: Double
        do {
            value = try Bandwidth.parse(raw, bareUnit: nil)
        } catch {
            throw .invalidParameter(name: name, value: raw, hint: "expected a bandwidth with a unit such as 400Gb/s or 50GB/s (\(error))")
        }
        if value <= 0 { throw .invalidParameter(name: name, value: raw, hint: "bandwidth must be greater than zero") }
        return value
    }

    /// A comma-separated list of bandwidths.
    func bandwidthList(_ name: String, count: Int) throws(DesignError) -> [Double] {
        let raw = text(name)
        let parts = raw.split(separator: ",").map { String($0) }
        if parts.count == 1, count > 1, let single = try? Bandwidth.parse(parts[0], bareUnit: nil), single > 0 {
            return Array(repeating: single, count: count)
        }
        guard parts.count == count else {
            throw .invalidParameter(name: name, value: raw, hint: "expected \(count) comma-separated bandwidths (one per dimension) or a single one for all")
        }
        var result: [Double] = []
        for part in parts {
            guard let value = try? Bandwidth.parse(part, bareUnit: nil), value > 0 else {
                throw .invalidParameter(name: name, value: raw, hint: "'\(part)' is not a bandwidth with a unit such as 50GB/s")
            }
            result.append(value)
        }
        return result
    }

    /// A comma-separated list of integers, each in `range`.
    func intList(_ name: String, in range: ClosedRange<Int>) throws(DesignError) -> [Int] {
        let raw = text(name)
        let parts = raw.split(separator: ",")
        var result: [Int] = []
        for part in parts {
            guard let value = Int(String(part).trimmingASCIIWhitespace()), range.contains(value) else {
                throw .invalidParameter(
                    name: name, value: raw,
                    hint: "expected comma-separated integers from \(range.lowerBound) to \(range.upperBound), e.g. 8,8,4,4")
            }
            result.append(value)
        }
        if result.isEmpty { throw .invalidParameter(name: name, value: raw, hint: "expected at least one size, e.g. 8,8,4,4") }
        return result
    }

    /// A boolean (`true`/`false`, `yes`/`no`, `1`/`0`).
    func bool(_ name: String) throws(DesignError) -> Bool {
        let raw = text(name)
        switch raw.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw .invalidParameter(name: name, value: raw, hint: "expected true or false")
        }
    }
}
