import FabricGraphML
import FabricModel
import Foundation
import Testing

/// The parallel import (chunks) against the serial reader on hand-written files: the same model (devices, links,
/// SRLGs, positions) and byte-identical diagnostics or errors, whether the chunks are absorbed or the file falls back.
@Suite struct ChunkedImportTests {
    static let header = """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="role" for="node" attr.name="role" attr.type="string"/>
          <key id="tier" for="node" attr.name="tier" attr.type="int"/>
          <key id="bw" for="edge" attr.name="bandwidth" attr.type="string"/>
          <key id="srlg" for="edge" attr.name="srlg" attr.type="string"/>
          <graph id="pod" edgedefault="undirected">
            <data key="role">ignored on a graph</data>

        """

    /// A small leaf-spine pod written the way a person would: 4 spines, 8 leaves, 2 hosts per leaf, one line each.
    static func pod(edgesFirst: Bool = false, extraNode: String = "", extraEdge: String = "", lineEnd: String = "\n") -> String {
        var nodes: [String] = []
        for spine in 1...4 { nodes.append("    <node id=\"spine-\(spine)\"><data key=\"role\">switch</data><data key=\"tier\">2</data></node>") }
        for leaf in 1...8 {
            nodes.append("    <node id=\"leaf-\(leaf)\"><data key=\"role\">switch</data><data key=\"tier\">1</data></node>")
            for host in 1...2 { nodes.append("    <node id=\"gpu-\(leaf)-\(host)\"><data key=\"role\">gpu</data></node>") }
        }
        if !extraNode.isEmpty { nodes.append(extraNode) }
        var edges: [String] = []
        for leaf in 1...8 {
            for spine in 1...4 {
                edges.append(
                    "    <edge source=\"leaf-\(leaf)\" target=\"spine-\(spine)\"><data key=\"bw\">400G</data><data key=\"srlg\">tray-\(leaf % 3),spine-\(spine)</data></edge>"
                )
            }
            for host in 1...2 { edges.append("    <edge id=\"h\(leaf)-\(host)\" source=\"gpu-\(leaf)-\(host)\" target=\"leaf-\(leaf)\"/>") }
        }
        if !extraEdge.isEmpty { edges.append(extraEdge) }
        let body = (edgesFirst ? edges + nodes : nodes + edges).joined(separator: "\n")
        let text = header + body + "\n  </graph>\n</graphml>\n"
        return lineEnd == "\n" ? text : text.replacingOccurrences(of: "\n", with: lineEnd)
    }

    /// Both readers on `text`: the serial one and the chunked one with `chunks` chunks.
    static func both(_ text: String, chunks: Int = 4, options: ReaderOptions = .default) -> (serial: Outcome, chunked: Outcome) {
        both(bytes: Array(text.utf8), chunks: chunks, options: options)
    }

    /// Both readers on raw bytes.
    static func both(bytes: [UInt8], chunks: Int, options: ReaderOptions = .default) -> (serial: Outcome, chunked: Outcome) {
        var serialOptions = options
        serialOptions.chunks = 1
        var chunkedOptions = options
        chunkedOptions.chunks = chunks
        return (Outcome(bytes, serialOptions), Outcome(bytes, chunkedOptions))
    }

    /// What one import produced: the model and diagnostics as text, or the error's text.
    struct Outcome: Equatable {
        var topology: Topology?
        var diagnostics: [String] = []
        var error: String?
        var chunks = 0

        init(_ bytes: [UInt8], _ options: ReaderOptions) {
            do {
                let result = try GraphMLReader.read(bytes: bytes, fileName: "pod.graphml", options: options)
                topology = result.topology
                diagnostics = result.diagnostics.map(\.description)
                chunks = result.parallelChunks
            } catch {
                self.error = error.description
            }
        }

        static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            lhs.topology == rhs.topology && lhs.diagnostics == rhs.diagnostics && lhs.error == rhs.error
                && lhs.topology?.devices.map(\.position) == rhs.topology?.devices.map(\.position)
                && lhs.topology?.links.map(\.position) == rhs.topology?.links.map(\.position)
        }
    }

    /// The 1-based line of the first line of `text` containing `needle` (an independent count of the file's lines).
    static func line(of needle: String, in text: String) -> Int {
        (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    @Test func cleanPodIsReadInChunksWithTheSerialModel() throws {
        let text = Self.pod()
        let (serial, chunked) = Self.both(text)
        #expect(serial == chunked)
        #expect(serial.chunks == 1)
        #expect(chunked.chunks == 4)
        let topology = try #require(chunked.topology)
        #expect(topology.devices.count == 4 + 8 * 3)
        #expect(topology.links.count == 8 * 6)
        #expect(topology.srlgs == ["tray-1", "spine-1", "spine-2", "spine-3", "spine-4", "tray-2", "tray-0"])
        // Positions are the file's own lines, counted here independently.
        let gpu = try #require(topology.devices.first { $0.id == "gpu-7-2" })
        #expect(Int(gpu.position.line) == Self.line(of: "\"gpu-7-2\"", in: text))
        #expect(gpu.position.column == 5)
        let last = try #require(topology.links.last)
        #expect(Int(last.position.line) == Self.line(of: "id=\"h8-2\"", in: text))
    }

    @Test func moreChunksThanTheWindowAreAbsorbedInOrder() throws {
        // 60 chunks of one or two lines each: far more than the chunks parsed ahead of the absorption at once, so
        // chunks are started as earlier ones are absorbed; the model, positions and SRLG order stay the serial ones.
        let text = Self.pod()
        let (serial, chunked) = Self.both(text, chunks: 60)
        #expect(serial == chunked)
        #expect(chunked.chunks > 40)
        let topology = try #require(chunked.topology)
        #expect(topology.srlgs == ["tray-1", "spine-1", "spine-2", "spine-3", "spine-4", "tray-2", "tray-0"])
        let fallback = Self.both(text.replacingOccurrences(of: "id=\"h8-1\"", with: "id=\"h8-1\" directed=\"maybe\""), chunks: 60)
        #expect(fallback.serial == fallback.chunked)
        #expect(fallback.chunked.chunks == 1)
    }

    @Test func badValueOnALineOfChunkTwoIsReportedThere() throws {
        let text = Self.pod().replacingOccurrences(
            of: "<node id=\"leaf-6\"><data key=\"role\">switch</data><data key=\"tier\">1</data>",
            with: "<node id=\"leaf-6\"><data key=\"role\">switch</data><data key=\"tier\">one</data>")
        let (serial, chunked) = Self.both(text)
        #expect(serial == chunked)
        let line = Self.line(of: "\"leaf-6\"", in: text)
        #expect(chunked.diagnostics.contains { $0.hasPrefix("pod.graphml:\(line):") && $0.contains("'one' is not an integer") }, "\(chunked.diagnostics)")
    }

    @Test func badAttributeOnAnEdgeOfALaterChunk() {
        let text = Self.pod(extraEdge: "    <edge source=\"gpu-1-1\" target=\"gpu-2-1\" directed=\"sometimes\"/>")
        let (serial, chunked) = Self.both(text, chunks: 3)
        #expect(serial == chunked)
        let line = Self.line(of: "sometimes", in: text)
        #expect(chunked.diagnostics.contains { $0.hasPrefix("pod.graphml:\(line):5:") && $0.contains("directed='sometimes'") }, "\(chunked.diagnostics)")
    }

    @Test func duplicateIDsAcrossChunks() {
        let text = Self.pod(extraNode: "    <node id=\"spine-2\"><data key=\"role\">switch</data></node>")
        let (serial, chunked) = Self.both(text)
        #expect(serial == chunked)
        #expect(chunked.diagnostics.contains { $0.contains("duplicate node id 'spine-2' (first declared at pod.graphml:") })
    }

    @Test func undeclaredKeyInALaterChunk() {
        let text = Self.pod(extraEdge: "    <edge source=\"gpu-1-1\" target=\"gpu-2-1\"><data key=\"colour\">red</data></edge>")
        let (serial, chunked) = Self.both(text)
        #expect(serial == chunked)
        #expect(chunked.diagnostics.contains { $0.contains("undeclared key 'colour'") })
    }

    @Test func edgesBeforeTheNodesOfLaterChunksAreReadInChunks() {
        let text = Self.pod(edgesFirst: true)
        let (serial, chunked) = Self.both(text)
        #expect(serial == chunked)
        #expect(chunked.chunks == 4)
        #expect(chunked.diagnostics.contains { $0.contains("48 edges appear before the nodes they connect; read anyway") }, "\(chunked.diagnostics)")
    }

    @Test func undefinedNodeIsReportedFromTheChunkedModel() {
        let text = Self.pod(extraEdge: "    <edge id=\"typo\" source=\"gpu-1-1\" target=\"spine-44\"/>")
        let (serial, chunked) = Self.both(text)
        #expect(serial == chunked)
        #expect(chunked.chunks == 4)
        let line = Self.line(of: "spine-44", in: text)
        #expect(chunked.diagnostics.contains { $0.hasPrefix("pod.graphml:\(line):5: error: edge 'typo' refers to undefined node 'spine-44'") })
    }

    @Test func malformedChunkThrowsTheSerialError() {
        let text = Self.pod().replacingOccurrences(of: "<edge id=\"h6-1\"", with: "<edge id=\"h6-1\" <")
        let (serial, chunked) = Self.both(text)
        #expect(serial.error != nil)
        #expect(serial == chunked)
    }

    @Test func commentSpanningACutKeepsItsContentOut() {
        let commented = "    <!-- spare leaf, not cabled yet:\n    <node id=\"leaf-9\"/>\n    <node id=\"leaf-10\"/>\n    -->"
        let text = Self.pod(extraNode: commented)
        for chunks in 2...6 {
            let (serial, chunked) = Self.both(text, chunks: chunks)
            #expect(serial == chunked)
            #expect(chunked.topology?.devices.contains { $0.id == "leaf-9" } == false)
        }
    }

    @Test func windowsLineEndsKeepTheirLines() {
        let text = Self.pod(lineEnd: "\r\n")
        let (serial, chunked) = Self.both(text)
        #expect(serial == chunked)
        #expect(chunked.chunks == 4)
    }

    @Test func yEdLabelsInANamespaceAreReadInChunks() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns"
                xmlns:y="http://www.yworks.com/xml/graphml" xmlns:yed="http://www.yworks.com/xml/yed/3">
              <key for="node" id="d6" yfiles.type="nodegraphics"/>
              <key for="edge" id="d10" yfiles.type="edgegraphics"/>
              <graph edgedefault="directed" id="G">
                <node id="n0"><data key="d6"><y:ShapeNode><y:NodeLabel>leaf-a</y:NodeLabel></y:ShapeNode></data></node>
                <node id="n1"><data key="d6"><y:ShapeNode><y:NodeLabel>leaf-b</y:NodeLabel></y:ShapeNode></data></node>
                <node id="n2"><data key="d6"><y:ShapeNode><y:NodeLabel>gpu 1</y:NodeLabel></y:ShapeNode></data></node>
                <node id="n3"><data key="d6"><y:ShapeNode><y:NodeLabel>gpu 2</y:NodeLabel></y:ShapeNode></data></node>
                <edge id="e0" source="n2" target="n0"><data key="d10"><y:PolyLineEdge><y:EdgeLabel>400G</y:EdgeLabel></y:PolyLineEdge></data></edge>
                <edge id="e1" source="n3" target="n1"><data key="d10"><y:PolyLineEdge><y:EdgeLabel>400G</y:EdgeLabel></y:PolyLineEdge></data></edge>
                <edge id="e2" source="n2" target="n1"/>
              </graph>
            </graphml>

            """
        let (serial, chunked) = Self.both(text, chunks: 3)
        #expect(serial == chunked)
        #expect(chunked.chunks == 3)
        #expect(chunked.topology?.devices.map { $0.label ?? "" } == ["leaf-a", "leaf-b", "gpu 1", "gpu 2"])
    }

    @Test func nestedGraphsPortsAndHyperedgesFallBackToTheSerialReader() {
        let extras = [
            "    <node id=\"rack\"><graph id=\"inner\" edgedefault=\"undirected\"><node id=\"in-1\"/></graph></node>",
            "    <node id=\"nic\"><port name=\"p0\"/></node>",
            "    <hyperedge id=\"bus\"><endpoint node=\"gpu-1-1\"/><endpoint node=\"gpu-1-2\"/></hyperedge>",
        ]
        for extra in extras {
            let (serial, chunked) = Self.both(Self.pod(extraNode: extra))
            #expect(serial == chunked)
            #expect(chunked.chunks == 1)
        }
    }

    @Test func limitsStopTheChunkedReadAtTheSerialError() {
        let (serial, chunked) = Self.both(Self.pod(), options: ReaderOptions(maxNodes: 20))
        #expect(serial.error?.contains("nodes") == true)
        #expect(serial == chunked)
        let (serialLinks, chunkedLinks) = Self.both(Self.pod(), options: ReaderOptions(maxLinks: 30))
        #expect(serialLinks.error != nil)
        #expect(serialLinks == chunkedLinks)
    }

    /// Every GraphML fixture of this target (hand-written designs, hostile inputs, the fuzzer's kept inputs, Latin-1,
    /// multi-line tags, nested graphs with ports and hyperedges) read in 2, 3 and 5 chunks: the serial outcome.
    @Test func everyFixtureGivesTheSerialOutcomeInChunks() throws {
        let folders = ["", "hand-written", "hostile", "fuzz-regressions", "chunk-fuzz"]
        var files: [String] = []
        for folder in folders {
            let directory = FixtureFiles.path(folder)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".graphml") }.sorted()
            files += names.map { directory + "/" + $0 }
        }
        #expect(files.count >= 30)
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            for chunks in [2, 3, 5] {
                let (serial, chunked) = Self.both(bytes: bytes, chunks: chunks)
                #expect(serial == chunked, "\(file) in \(chunks) chunks")
            }
        }
    }

    @Test func headerTagLeftOpenByAnUnclosedQuoteFallsBack() throws {
        // Differential fuzzing finding (docs/fuzzing.md): the header's push parser held back `<graph edgedef"/>` (its
        // quote never closes) instead of reporting it, and the chunks were read as if the header were complete.
        let path = FixtureFiles.path("chunk-fuzz") + "/header-unclosed-quote.graphml"
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for chunks in [2, 3] {
            let (serial, chunked) = Self.both(bytes: bytes, chunks: chunks)
            #expect(serial == chunked)
            #expect(serial.error?.contains("malformed XML") == true, "\(serial.error ?? "no error")")
        }
    }

    @Test func doctypeIsRefusedAsInTheSerialReader() {
        let text = Self.pod().replacingOccurrences(
            of: "<graphml xmlns", with: "<!DOCTYPE graphml [<!ENTITY x \"y\">]>\n<graphml xmlns")
        let (serial, chunked) = Self.both(text)
        #expect(serial.error?.contains("DOCTYPE") == true)
        #expect(serial == chunked)
    }
}
