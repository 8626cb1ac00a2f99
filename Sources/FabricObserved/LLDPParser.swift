import FabricModel
import Foundation

/// Reads `lldpcli -f json show neighbors [details]` and `-f json0` output into an `ObservedFabric`.
///
/// `-f json` prints an interface as an object keyed by its name, and `interface` is an object for one neighbour but a
/// list for several; `-f json0` prints lists everywhere with `name`/`value` fields. Both are read, as are several
/// documents concatenated in one file (e.g. `lldpcli show chassis` followed by `show neighbors`). The local device
/// is, in order: the `local` argument, the last `local-chassis` document before the neighbours, the file name up to
/// its first dot (`leaf-1.json` -> `leaf-1`).
public struct LLDPParser: Sendable {
    /// Deepest nesting accepted (lldpcli output is 8 deep; hostile input must not exhaust the stack).
    public var maximumDepth = 64

    /// Creates a parser.
    public init() {}

    /// Parses one file. `local` names the device whose neighbours the file lists, when the caller knows it.
    /// - Complexity: O(bytes) for the scan plus Foundation's JSON decoding of each document.
    public func parse(_ bytes: [UInt8], file: String, local: String?, into fabric: inout ObservedFabric) throws(ObservedError) {
        var builder = Builder(fabric: fabric, file: file)
        var localName = local
        for document in try documents(bytes, file: file) {
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(bytes[document.range]), options: [])
            } catch {
                throw .malformed(SourceLocation(file: file, line: document.line, column: 1), "invalid JSON in this document: \(Self.reason(error))")
            }
            guard let root = object as? [String: Any] else {
                throw .malformed(SourceLocation(file: file, line: document.line, column: 1), "expected a JSON object with an 'lldp' or 'local-chassis' member")
            }
            if let chassis = root["local-chassis"] {
                if local == nil, let name = Self.chassis(Self.first(chassis).flatMap { ($0 as? [String: Any])?["chassis"] }).name {
                    localName = name
                }
                continue
            }
            guard let lldp = root["lldp"] else {
                throw .malformed(SourceLocation(file: file, line: document.line, column: 1), "expected an 'lldp' member (lldpcli -f json show neighbors)")
            }
            let device = localName ?? Self.stem(of: file)
            let localIndex = builder.device(key: device, name: device, chassisID: nil, line: document.line)
            for section in Self.list(lldp) {
                guard let section = section as? [String: Any] else { continue }
                for entry in Self.list(section["interface"]) {
                    guard let entry = entry as? [String: Any] else {
                        throw .malformed(SourceLocation(file: file, line: document.line, column: 1), "an 'interface' entry is not an object")
                    }
                    if let name = Self.scalar(entry["name"]) {
                        try builder.neighbour(local: localIndex, interface: name, body: entry, line: document.line)
                    } else {
                        for key in entry.keys.sorted() {
                            guard let body = entry[key] as? [String: Any] else {
                                throw .malformed(SourceLocation(file: file, line: document.line, column: 1), "interface '\(key)' is not an object")
                            }
                            try builder.neighbour(local: localIndex, interface: key, body: body, line: document.line)
                        }
                    }
                }
            }
        }
        fabric = builder.fabric
        fabric.files.append(file)
    }

    /// The file name up to its first dot: the local device when nothing else names it.
    public static func stem(of file: String) -> String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
    }

    /// Byte ranges and first lines of the top-level JSON values in the buffer.
    /// - Complexity: O(bytes).
    func documents(_ bytes: [UInt8], file: String) throws(ObservedError) -> [(range: Range<Int>, line: Int)] {
        var result: [(range: Range<Int>, line: Int)] = []
        var index = 0
        var line = 1
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                index += 1
                continue
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                index += 1
                continue
            }
            guard byte == 0x7B || byte == 0x5B else {
                throw .malformed(
                    SourceLocation(file: file, line: line, column: 1), "expected a JSON object between documents, found '\(Character(Unicode.Scalar(byte)))'")
            }
            let start = index
            let startLine = line
            var depth = 0
            var inString = false
            while index < count {
                let current = bytes[index]
                if current == 0x0A { line += 1 }
                if inString {
                    if current == 0x5C { index += 1 } else if current == 0x22 { inString = false }
                } else if current == 0x22 {
                    inString = true
                } else if current == 0x7B || current == 0x5B {
                    depth += 1
                    guard depth <= maximumDepth else {
                        throw .tooLarge(SourceLocation(file: file, line: line, column: 1), "JSON nested deeper than \(maximumDepth) levels")
                    }
                } else if current == 0x7D || current == 0x5D {
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        break
                    }
                }
                index += 1
            }
            guard depth == 0, !inString else {
                throw .malformed(SourceLocation(file: file, line: startLine, column: 1), "JSON document starting here is not closed before the end of the file")
            }
            result.append((start..<index, startLine))
        }
        return result
    }

    static func reason(_ error: any Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? (error as NSError).localizedDescription
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }

    /// A value as a list: lists stay, a single object becomes a list of one, nil becomes empty.
    static func list(_ value: Any?) -> [Any] {
        if let array = value as? [Any] { return array }
        if let value { return [value] }
        return []
    }

    static func first(_ value: Any?) -> Any? { list(value).first }

    /// A string field in either form: `"x"`, `{"value": "x"}` or `[{"value": "x"}]`.
    static func scalar(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        if let object = first(value) as? [String: Any] { return object["value"] as? String }
        if let text = first(value) as? String { return text }
        return nil
    }

    /// The chassis name and id: json0 `[{"id": …, "name": [{"value": …}]}]`, json `{"NAME": {"id": …}}` or unnamed `{"id": …}`.
    static func chassis(_ value: Any?) -> (name: String?, id: String?) {
        guard let object = first(value) as? [String: Any] else { return (nil, nil) }
        if object["name"] != nil || (object["id"].map { first($0) is [String: Any] } ?? false) {
            let id = (first(object["id"]) as? [String: Any]).flatMap { scalar($0["value"]) }
            return (scalar(object["name"]), id)
        }
        guard object.count == 1, let (name, body) = object.first, let inner = body as? [String: Any] else { return (nil, nil) }
        let id = (first(inner["id"]) as? [String: Any]).flatMap { scalar($0["value"]) }
        return (name, id)
    }

    /// The rate of a MAU type such as `10GbaseT - …`, `100GbaseCR4`, `1000BaseTFD`, in bit/s.
    static func mauRate(_ text: String) -> (Double, String)? {
        var cursor = TokenCursor(Array(text.utf8), from: 0, to: text.utf8.count)
        guard let number = cursor.decimal() else { return nil }
        var scale = 1e6
        if cursor.take(0x47) { scale = 1e9 } else if cursor.take(0x4D) { scale = 1e6 }
        guard cursor.take(word: "base") || cursor.take(word: "Base") || cursor.take(word: "BASE") else { return nil }
        let name = String(text.prefix { $0 != " " })
        return (Double(number) * scale, name)
    }

    struct Builder {
        var fabric: ObservedFabric
        let file: String
        var deviceByKey: [String: Int32] = [:]
        var linkByEnd: [ObservedEnd: Int32] = [:]

        init(fabric: ObservedFabric, file: String) {
            self.fabric = fabric
            self.file = file
            for (index, device) in fabric.devices.enumerated() { deviceByKey[device.key] = Int32(index) }
            for (index, link) in fabric.links.enumerated() {
                linkByEnd[link.a] = linkByEnd[link.a] ?? Int32(index)
                linkByEnd[link.b] = linkByEnd[link.b] ?? Int32(index)
            }
        }

        mutating func device(key: String, name: String, chassisID: String?, line: Int) -> Int32 {
            if let index = deviceByKey[key] {
                if fabric.devices[Int(index)].location.line == 0, chassisID == nil {
                    fabric.devices[Int(index)].location = SourceLocation(file: file, line: line, column: 1)
                }
                return index
            }
            let index = Int32(fabric.devices.count)
            fabric.devices.append(
                ObservedDevice(name: name, key: key, location: SourceLocation(file: file, line: chassisID == nil ? line : 0, column: chassisID == nil ? 1 : 0)))
            deviceByKey[key] = index
            return index
        }

        mutating func neighbour(local: Int32, interface: String, body: [String: Any], line: Int) throws(ObservedError) {
            let (name, chassisID) = LLDPParser.chassis(body["chassis"])
            guard let identity = name ?? chassisID else {
                throw .malformed(
                    SourceLocation(file: file, line: line, column: 1), "neighbour on interface '\(interface)' has neither a system name nor a chassis id")
            }
            let remote = device(key: identity, name: name ?? chassisID ?? "", chassisID: chassisID, line: line)
            let port = LLDPParser.first(body["port"]) as? [String: Any]
            let id = port.flatMap { LLDPParser.first($0["id"]) as? [String: Any] }
            let idType = id.flatMap { LLDPParser.scalar($0["type"]) } ?? ""
            let idValue = id.flatMap { LLDPParser.scalar($0["value"]) }
            let descr = port.flatMap { LLDPParser.scalar($0["descr"]) }
            let remotePort = (idType == "ifname" || idType == "local") ? (idValue ?? descr ?? "") : (descr ?? idValue ?? "")
            var rate: (Double, String)?
            if let negotiation = port.flatMap({ LLDPParser.first($0["auto-negotiation"]) as? [String: Any] }),
                let current = LLDPParser.scalar(negotiation["current"])
            {
                rate = LLDPParser.mauRate(current)
            }
            let a = ObservedEnd(device: local, port: interface)
            let b = ObservedEnd(device: remote, port: remotePort)
            if let existing = linkByEnd[b] {
                let record = fabric.links[Int(existing)]
                if (record.a == b && record.b == a) || (record.a == a && record.b == b) {
                    if fabric.links[Int(existing)].bandwidth == nil, let rate {
                        fabric.links[Int(existing)].bandwidth = rate.0
                        fabric.links[Int(existing)].speed = rate.1
                    }
                    return
                }
            }
            let index = Int32(fabric.links.count)
            fabric.links.append(ObservedLink(a: a, b: b, bandwidth: rate?.0, speed: rate?.1 ?? "", location: SourceLocation(file: file, line: line, column: 1)))
            if linkByEnd[a] == nil { linkByEnd[a] = index }
            if linkByEnd[b] == nil { linkByEnd[b] = index }
        }
    }
}
