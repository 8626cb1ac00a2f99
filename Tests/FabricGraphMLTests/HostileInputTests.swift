import FabricGraphML
import FabricModel
import Foundation
import Testing

/// Hostile and broken input: each case is one precise error at the right place, no crash, no hang, no other file read.
@Suite struct HostileInputTests {
    /// Fixtures whose import throws, with the exact error text (the path is the fixture path).
    static let fatalCases: [(file: String, message: String)] = [
        ("doctype-entities.graphml", ":2:1: error: DOCTYPE 'graphml' is not allowed"),
        ("xxe-general-entity.graphml", ":2:1: error: DOCTYPE 'graphml' is not allowed"),
        ("xxe-external-dtd.graphml", ":2:1: error: DOCTYPE 'graphml' is not allowed"),
        ("xxe-parameter-entity.graphml", ":2:1: error: DOCTYPE 'graphml' is not allowed"),
        ("billion-laughs.graphml", ":2:1: error: DOCTYPE 'graphml' is not allowed"),
        ("undeclared-entity.graphml", ":5:38: error: entity reference '&nbsp;' is not allowed"),
        ("truncated.graphml", ":6:34: error: malformed XML: "),
        ("bad-utf8.graphml", ":4:18: error: malformed XML: input is not proper UTF-8"),
        ("not-graphml.graphml", ":2:1: error: document element is 'svg', expected 'graphml'"),
    ]

    @Test(arguments: fatalCases)
    func fatalInputThrowsOnePreciseError(file: String, message: String) {
        let path = FixtureFiles.path("hostile/" + file)
        do {
            let result = try GraphMLReader.read(file: path)
            Issue.record("\(file) imported with \(result.topology.devices.count) devices")
        } catch {
            #expect(error.description.hasPrefix(path + message), "\(error.description)")
            #expect(!error.description.contains(FixtureFiles.canaryContent))
        }
    }

    @Test func truncatedFileSaysSo() {
        #expect(throws: GraphMLError.self) { try GraphMLReader.read(file: FixtureFiles.path("hostile/truncated.graphml")) }
        do {
            _ = try GraphMLReader.read(file: FixtureFiles.path("hostile/truncated.graphml"))
        } catch {
            #expect(error.description.contains("truncated?"))
        }
    }

    /// Fixtures that parse but hold exactly one error diagnostic.
    static let errorCases: [(file: String, message: String, code: String)] = [
        ("duplicate-node-ids.graphml", ":6:5: error: duplicate node id 'leaf-07' (first declared at ", "graphml.duplicate-node"),
        ("undefined-node.graphml", ":5:5: error: edge 'up-3' refers to undefined node 'spine-99'", "graphml.undefined-node"),
        ("unparseable-value.graphml", ":6:25: error: node 'spine-01': key 'tier': 'two' is not an integer", "graphml.bad-value"),
        ("bad-bandwidth.graphml", ":6:42: error: edge 'neg': bandwidth '-400Gb/s' is negative", "graphml.bad-bandwidth"),
    ]

    @Test(arguments: errorCases)
    func invalidContentIsOneErrorDiagnostic(file: String, message: String, code: String) throws {
        let path = FixtureFiles.path("hostile/" + file)
        let result = try GraphMLReader.read(file: path)
        #expect(result.hasErrors)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.description.hasPrefix(path + message) == true, "\(errors)")
        #expect(errors.first?.code == code)
    }

    @Test func duplicateIDKeepsTheFirstNode() throws {
        let result = try GraphMLReader.read(file: FixtureFiles.path("hostile/duplicate-node-ids.graphml"))
        #expect(result.topology.devices.map(\.id) == ["leaf-07", "spine-01"])
        #expect(result.topology.links.count == 1)
    }

    @Test func entityExpansionNeverHappens() throws {
        // Quadratic blow-up: one 100,000-character entity used 20,000 times would expand to 2 GB.
        let big = String(repeating: "a", count: 100_000)
        let uses = String(repeating: "&big;", count: 20_000)
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE graphml [<!ENTITY big "\(big)">]>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">
            <node id="a">\(uses)</node></graph></graphml>
            """
        #expect(throws: GraphMLError.doctypeForbidden(name: "graphml", location: SourceLocation(file: "blowup.graphml", line: 2, column: 1))) {
            try GraphMLReader.read(string: text, fileName: "blowup.graphml")
        }
    }

    @Test func deepNestingStopsAtLibxml2DepthLimit() {
        let depth = 100_000
        var text = "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"><graph edgedefault=\"undirected\"><node id=\"a\">"
        text += String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth)
        text += "</node></graph></graphml>"
        do {
            _ = try GraphMLReader.read(string: text, fileName: "deep.graphml")
            Issue.record("100k-deep nesting was accepted")
        } catch {
            guard case .malformedXML(let message, let location) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(message.contains("excessive depth in document: 256"))
            #expect(location.line == 2)
        }
    }

    @Test func deepGraphMLNestingIsAlsoRefused() {
        // Nested graphs inside nodes, 1,000 levels: libxml2's depth limit applies to GraphML elements too.
        var text = "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">"
        for level in 0..<1_000 { text += "<graph edgedefault=\"undirected\"><node id=\"n\(level)\">" }
        for _ in 0..<1_000 { text += "</node></graph>" }
        text += "</graphml>"
        #expect(throws: GraphMLError.self) { try GraphMLReader.read(string: text, fileName: "deep-graphs.graphml") }
    }

    @Test func limitsAreRefusedEarly() {
        let path = FixtureFiles.path("native-small.graphml")
        #expect(throws: GraphMLError.limitExceeded(what: "nodes", limit: 2, location: SourceLocation(file: path, line: 26, column: 5))) {
            try GraphMLReader.read(file: path, options: ReaderOptions(maxNodes: 2))
        }
        #expect(throws: GraphMLError.limitExceeded(what: "links", limit: 1, location: SourceLocation(file: path, line: 33, column: 5))) {
            try GraphMLReader.read(file: path, options: ReaderOptions(maxLinks: 1))
        }
        do {
            _ = try GraphMLReader.read(file: path, options: ReaderOptions(maxFileBytes: 100))
            Issue.record("file size limit ignored")
        } catch {
            guard case .fileTooLarge(_, let bytes, let limit) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(limit == 100)
            #expect(bytes > 100)
        }
    }

    @Test("a gzip file is bounded by its decompressed size too (a gzip bomb stops at --max-file-bytes)")
    func decompressedSizeIsBounded() throws {
        // 2,000 devices in a ring: about 240 KB of GraphML that gzip packs into a few KB.
        var topology = Topology(file: "ring")
        for index in 0..<2_000 { try topology.addDevice(Device(id: "accelerator-\(index)", role: .accelerator)) }
        for index in 0..<2_000 { try topology.addLink(Link(source: Int32(index), target: Int32((index + 1) % 2_000), bandwidth: 4e11)) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fabcheck-gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ring.graphml.gz").path
        try GraphMLWriter.write(topology, to: path)
        let compressed = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let plain = directory.appendingPathComponent("ring.graphml").path
        try GraphMLWriter.write(topology, to: plain)
        let decompressed = try #require(FileManager.default.attributesOfItem(atPath: plain)[.size] as? Int)
        #expect(compressed * 10 < decompressed)

        // Within the limit on disk, over it once inflated: refused with the decompression named.
        let limit = Int64(decompressed / 2)
        #expect(Int64(compressed) < limit)
        #expect(throws: GraphMLError.decompressedTooLarge(path: path, limit: limit)) {
            try GraphMLReader.read(file: path, options: ReaderOptions(maxFileBytes: limit))
        }
        #expect(
            GraphMLError.decompressedTooLarge(path: path, limit: limit).description
                == "\(path): error: decompresses to more than the limit of \(limit) bytes (raise it with --max-file-bytes)")
        // At the exact decompressed size it imports, and gives what the plain file gives.
        let result = try GraphMLReader.read(file: path, options: ReaderOptions(maxFileBytes: Int64(decompressed)))
        #expect(result.topology.devices.count == 2_000 && result.topology.links.count == 2_000 && !result.hasErrors)
        #expect(result.topology.withoutSourcePositions().links == (try GraphMLReader.read(file: plain)).topology.withoutSourcePositions().links)
    }

    @Test func hugeDataValueIsRefusedNotBuffered() {
        let huge = String(repeating: "x", count: 17 << 20)
        let text =
            "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"><key id=\"l\" for=\"node\" attr.name=\"label\"/><graph edgedefault=\"undirected\"><node id=\"a\"><data key=\"l\">\(huge)</data></node></graph></graphml>"
        do {
            _ = try GraphMLReader.read(string: text, fileName: "huge.graphml")
            Issue.record("a 17 MiB value was accepted")
        } catch {
            #expect(error.description.contains("error: a data value is longer than 16777216 bytes"))
        }
    }

    @Test func missingFileAndDirectoryAreCannotOpen() {
        #expect(throws: GraphMLError.cannotOpen(path: "/nonexistent/x.graphml", reason: "No such file or directory")) {
            try GraphMLReader.read(file: "/nonexistent/x.graphml")
        }
        #expect(throws: GraphMLError.cannotOpen(path: FixtureFiles.directory.path, reason: "is a directory")) {
            try GraphMLReader.read(file: FixtureFiles.directory.path)
        }
    }

    @Test func emptyAndGarbageInput() {
        #expect(throws: GraphMLError.self) { try GraphMLReader.read(bytes: [], fileName: "empty.graphml") }
        #expect(throws: GraphMLError.self) { try GraphMLReader.read(string: "not xml at all", fileName: "garbage.graphml") }
        #expect(throws: GraphMLError.self) { try GraphMLReader.read(string: "<graphml>", fileName: "open.graphml") }
    }
}
