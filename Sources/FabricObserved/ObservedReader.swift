import FabricModel
import Foundation

/// Reads observed neighbour data from files, detecting the format unless told.
public struct ObservedReader: Sendable {
    /// The format to read, nil to detect it from each file's first meaningful line.
    public var format: ObservedFormat?
    /// LLDP: the device whose neighbours the files list (otherwise the output's `local-chassis` or the file name).
    public var local: String?
    /// Largest file accepted, in bytes.
    public var maximumFileSize = 1 << 31

    /// Creates a reader.
    public init(format: ObservedFormat? = nil, local: String? = nil) {
        self.format = format
        self.local = local
    }

    /// Reads every file into one fabric (all files must be of one format).
    /// - Complexity: O(total bytes) expected.
    public func read(files: [String]) throws(ObservedError) -> ObservedFabric {
        var fabric: ObservedFabric?
        for file in files {
            let bytes: [UInt8]
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                guard data.count <= maximumFileSize else {
                    throw ObservedError.tooLarge(SourceLocation(file: file, line: 0, column: 0), "file larger than \(maximumFileSize) bytes")
                }
                bytes = [UInt8](data)
            } catch let error as ObservedError {
                throw error
            } catch {
                throw .unreadable(file, (error as NSError).localizedDescription)
            }
            try read(bytes, file: file, into: &fabric)
        }
        return fabric ?? ObservedFabric(format: format ?? .ibnetdiscover)
    }

    /// Reads one buffer (named `file` in messages) into `fabric`, creating it on the first call.
    public func read(_ bytes: [UInt8], file: String, into fabric: inout ObservedFabric?) throws(ObservedError) {
        guard let detected = format ?? Self.detect(bytes) else { throw .unknownFormat(file) }
        var target = fabric ?? ObservedFabric(format: detected)
        if target.format != detected {
            throw .malformed(
                SourceLocation(file: file, line: 1, column: 1),
                "this file is \(detected.rawValue) but earlier ones are \(target.format.rawValue); give files of one format")
        }
        switch detected {
        case .ibnetdiscover: try IBNetDiscoverParser().parseTopology(bytes, file: file, into: &target)
        case .ibnetdiscoverPorts: try IBNetDiscoverParser().parsePorts(bytes, file: file, into: &target)
        case .lldp: try LLDPParser().parse(bytes, file: file, local: local, into: &target)
        case .csv: try CSVNeighbourParser().parse(bytes, file: file, into: &target)
        }
        fabric = target
    }

    /// The format of a buffer from its first line that is neither blank nor a `#` comment; nil when empty.
    public static func detect(_ bytes: [UInt8]) -> ObservedFormat? {
        var lines = LineCursor(bytes)
        var checked = 0
        while lines.advance(), checked < 10_000 {
            checked += 1
            var cursor = TokenCursor(bytes, from: lines.start, to: lines.end)
            cursor.skipSpaces()
            guard let first = cursor.current, first != 0x23 else { continue }
            if first == 0x7B { return .lldp }
            for word in ["vendid=", "devid=", "sysimgguid=", "switchguid=", "caguid=", "routerguid=", "Switch", "Hca", "Ca\t", "Ca ", "Rt "] {
                var probe = cursor
                if probe.take(word: word) { return .ibnetdiscover }
            }
            for word in ["SW ", "CA ", "RT "] {
                var probe = cursor
                if probe.take(word: word) { return .ibnetdiscoverPorts }
            }
            return .csv
        }
        return nil
    }
}
