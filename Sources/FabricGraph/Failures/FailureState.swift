import FabricModel

/// One line of a failure state file: what is down, as written, and where.
public struct FailureStateEntry: Hashable, Sendable {
    /// The name as written (comment and surrounding blanks removed).
    public var text: String
    /// 1-based line of the entry.
    public var line: Int
    /// 1-based column where the name starts.
    public var column: Int
}

/// The fabric's current failure state (`--state FILE`): the links and devices that are down now, one per line.
///
/// A line names a device (`tor-A-p0-0`), a link by its stable identity (`Topology.stableLinkIDs`: the edge id, or
/// `A~B`, `A:port~B:port`, `A~B#n`), or anything a `--fail` selector names except `random:` (`device:ID`,
/// `link:ID`, `port:DEVICE:PORT`, `srlg:NAME`, `KEY=VALUE`). `A~B` without `#n` takes every link between the two
/// ends. Blank lines are skipped; `#` at the start of a line or after a blank starts a comment (`A~B#2` is a name).
public struct FailureState: Hashable, Sendable {
    /// The file the state was read from (used in every message).
    public var file: String
    /// The entries in file order.
    public var entries: [FailureStateEntry]

    /// Parses the text of a state file. Never fails: names are checked by `resolve(against:)`.
    /// - Complexity: O(length of the text).
    public init(parsing text: String, file: String) {
        self.file = file
        var entries: [FailureStateEntry] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var content = Substring(rawLine)
            if content.last == "\r" { content = content.dropLast() }
            if let comment = Self.commentStart(in: content) { content = content[..<comment] }
            let leading = content.prefix { $0 == " " || $0 == "\t" }
            let name = String(content.dropFirst(leading.count)).trimmingASCIIWhitespace()
            guard !name.isEmpty else { continue }
            entries.append(FailureStateEntry(text: name, line: lineNumber, column: leading.count + 1))
        }
        self.entries = entries
    }

    /// Creates a state from entries already parsed.
    public init(file: String, entries: [FailureStateEntry]) {
        self.file = file
        self.entries = entries
    }

    private static func commentStart(in line: Substring) -> Substring.Index? {
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if character == "#", previous == " " || previous == "\t" { return index }
            previous = character
        }
        return nil
    }

    /// The links and devices the state names in `topology`; every name that cannot be resolved is reported, each
    /// located in the state file with a suggestion when a close name exists.
    /// - Complexity: O(V + E + P) (one selector index and one pass over the links for the `A~B` names) plus the
    ///   selectors' own costs.
    public func resolve(against topology: Topology) throws(FailureStateError) -> FailureScenario {
        let resolver = FailureSelectorResolver(topology)
        var links: [Int32] = []
        var devices: [Int32] = []
        var problems: [FailureStateProblem] = []
        var endpointEntries: [(entry: FailureStateEntry, ends: StateLinkEnds)] = []
        for entry in entries {
            do throws(FailureSelectionError) {
                if let ends = try StateLinkEnds(parsing: entry.text, in: topology) {
                    endpointEntries.append((entry, ends))
                    continue
                }
                let selector = try FailureSelector(parsing: entry.text)
                if case .random = selector {
                    throw FailureSelectionError.malformed(entry.text, reason: "a state file lists what is down; 'random:' draws a scenario")
                }
                let part = try resolver.resolve([selector])
                links += part.links
                devices += part.devices
            } catch {
                problems.append(FailureStateProblem(file: file, entry: entry, error: error))
            }
        }
        if !endpointEntries.isEmpty {
            let matched = StateLinkEnds.match(endpointEntries.map(\.ends), in: topology)
            for (offset, found) in matched.enumerated() {
                if found.isEmpty {
                    let (entry, ends) = endpointEntries[offset]
                    problems.append(FailureStateProblem(file: file, entry: entry, error: ends.noMatchError(in: topology)))
                }
                links += found
            }
        }
        guard problems.isEmpty else { throw .unresolved(problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }) }
        return FailureScenario(links: links, devices: devices)
    }
}

/// One name of a state file that does not resolve.
public struct FailureStateProblem: Hashable, Sendable, CustomStringConvertible {
    /// The state file.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// The name as written.
    public var name: String
    /// Why it does not resolve, with the suggestion when there is one (the selector error's wording).
    public var error: FailureSelectionError

    init(file: String, entry: FailureStateEntry, error: FailureSelectionError) {
        self.file = file
        self.line = entry.line
        self.column = entry.column
        self.name = entry.text
        self.error = error
    }

    public var description: String {
        let message = error.description.hasPrefix("error: ") ? String(error.description.dropFirst(7)) : error.description
        return "\(file):\(line):\(column): error: '\(name)': \(message)"
    }
}

/// Errors of `--state` files.
public enum FailureStateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Names that do not resolve against the design, each located.
    case unresolved([FailureStateProblem])
    /// The file cannot be read.
    case unreadable(String, reason: String)

    public var description: String {
        switch self {
        case .unresolved(let problems): problems.map(\.description).joined(separator: "\n")
        case .unreadable(let file, let reason): "error: cannot read state file '\(file)': \(reason)"
        }
    }
}

/// The two ends of an `A~B`, `A:port~B:port` or `A~B#n` state line, resolved to devices and ports.
struct StateLinkEnds {
    var first: Int32
    var firstPort: Int32?
    var second: Int32
    var secondPort: Int32?
    var ordinal: Int?
    var text: String

    /// nil when the text is not an endpoint name (no `~`, or a selector prefix such as `link:`).
    init?(parsing text: String, in topology: Topology) throws(FailureSelectionError) {
        guard text.contains("~"), !text.hasPrefix("link:") else { return nil }
        var body = Substring(text)
        if let hash = body.lastIndex(of: "#") {
            guard let value = Int(body[body.index(after: hash)...]), value >= 1 else {
                throw .malformed(text, reason: "'#n' must be a positive parallel-link number")
            }
            ordinal = value
            body = body[..<hash]
        } else {
            ordinal = nil
        }
        let ends = body.split(separator: "~", omittingEmptySubsequences: false)
        guard ends.count == 2, !ends[0].isEmpty, !ends[1].isEmpty else {
            throw .malformed(text, reason: "expected 'A~B', 'A:PORT~B:PORT' or 'A~B#n'")
        }
        (first, firstPort) = try Self.end(String(ends[0]), in: topology)
        (second, secondPort) = try Self.end(String(ends[1]), in: topology)
        self.text = text
    }

    /// A device id, else `DEVICE:PORT` split at the last colon whose left part is a device.
    private static func end(_ text: String, in topology: Topology) throws(FailureSelectionError) -> (Int32, Int32?) {
        if let device = topology.deviceIndex(forID: text) { return (device, nil) }
        if let colon = text.lastIndex(of: ":"), let device = topology.deviceIndex(forID: String(text[..<colon])) {
            let name = String(text[text.index(after: colon)...])
            var names: [String] = []
            for (index, port) in topology.ports.enumerated() where port.device == device {
                if port.name == name { return (device, Int32(index)) }
                names.append(port.name)
            }
            throw .unknownPort(device: String(text[..<colon]), port: name, suggestion: closestMatch(to: name, among: names))
        }
        throw .unknownDevice(text, suggestion: closestMatch(to: text, among: topology.devices.lazy.map(\.id)))
    }

    /// Whether a link joins these ends (either orientation; an end without a port matches any port).
    func joins(_ link: Link) -> Bool {
        func fits(_ device: Int32, _ port: Int32?, _ linkDevice: Int32, _ linkPort: Int32) -> Bool {
            device == linkDevice && (port == nil || port == linkPort)
        }
        return (fits(first, firstPort, link.source, link.sourcePort) && fits(second, secondPort, link.target, link.targetPort))
            || (fits(first, firstPort, link.target, link.targetPort) && fits(second, secondPort, link.source, link.sourcePort))
    }

    /// For each name, the links it selects: every link joining the ends, or with `#n` the n-th link (document order)
    /// among the links without an edge id that join them with the same two (device, port) ends, as
    /// `Topology.stableLinkIDs` counts them.
    /// - Complexity: O(E + total matches).
    static func match(_ names: [StateLinkEnds], in topology: Topology) -> [[Int32]] {
        var byPair: [DevicePair: [Int]] = [:]
        for (offset, name) in names.enumerated() { byPair[DevicePair(name.first, name.second), default: []].append(offset) }
        var found = [[Int32]](repeating: [], count: names.count)
        var ordinals = [[LinkEndsKey: Int]](repeating: [:], count: names.count)
        for (index, link) in topology.links.enumerated() {
            guard let offsets = byPair[DevicePair(link.source, link.target)] else { continue }
            for offset in offsets where names[offset].joins(link) {
                guard let wanted = names[offset].ordinal else {
                    found[offset].append(Int32(index))
                    continue
                }
                guard link.id == nil else { continue }
                let key = LinkEndsKey(link)
                let ordinal = (ordinals[offset][key] ?? 0) + 1
                ordinals[offset][key] = ordinal
                if ordinal == wanted { found[offset].append(Int32(index)) }
            }
        }
        return found
    }

    /// Why nothing matched: the devices are not adjacent, or `#n` is beyond the parallel links.
    func noMatchError(in topology: Topology) -> FailureSelectionError {
        let a = topology.devices[Int(first)].id
        let b = topology.devices[Int(second)].id
        let joining = topology.links.filter { joins($0) }.count
        if joining == 0 { return .notAdjacent(a, b) }
        return .ordinalOutOfRange(a, b, ordinal: ordinal ?? 1, available: joining)
    }
}
