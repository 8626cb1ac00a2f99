import Foundation

/// A throwaway generator of large native-schema GraphML files for the import benchmark (the design generators are
/// separate): a dual-plane two-tier Clos. Every accelerator has one 400 Gb/s link to a ToR in plane A and one in plane B;
/// 64 accelerators per ToR; every ToR has `uplinks` 400 Gb/s links to the aggregation switches of its plane.
/// 1,048,576 accelerators give 32,768 ToRs, 512 aggregation switches and 2,424,832 links (~530 MB).
struct ClosFileGenerator {
    var accelerators: Int
    var acceleratorsPerToR = 64
    var uplinks = 10
    var aggregationPerPlane: Int { max(uplinks, accelerators / 4096) }

    var torsPerPlane: Int { (accelerators + acceleratorsPerToR - 1) / acceleratorsPerToR }

    /// Writes the file and returns (nodes, links).
    func write(to path: String) throws -> (nodes: Int, links: Int) {
        guard let file = fopen(path, "w") else { throw CocoaError(.fileWriteNoPermission) }
        defer { fclose(file) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        func emit(_ text: String) {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 20 {
                buffer.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, file) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        emit(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="role" for="node" attr.name="role" attr.type="string"/>
              <key id="tier" for="node" attr.name="tier" attr.type="int"/>
              <key id="pod" for="node" attr.name="pod" attr.type="string"/>
              <key id="rack" for="node" attr.name="rack" attr.type="string"/>
              <key id="plane" for="node" attr.name="plane" attr.type="string"/>
              <key id="rail" for="node" attr.name="rail" attr.type="int"/>
              <key id="radix" for="node" attr.name="radix" attr.type="int"/>
              <key id="bandwidth" for="edge" attr.name="bandwidth" attr.type="string"/>
              <key id="medium" for="edge" attr.name="medium" attr.type="string"/>
              <key id="family" for="graph" attr.name="family" attr.type="string"/>
              <key id="schema_version" for="graph" attr.name="schema_version" attr.type="int"/>
              <graph id="benchmark-clos" edgedefault="undirected">
                <data key="family">benchmark-clos</data>
                <data key="schema_version">1</data>

            """)
        var nodes = 0
        var links = 0
        let planes = ["A", "B"]
        for index in 0..<accelerators {
            let tor = index / acceleratorsPerToR
            emit(
                "    <node id=\"acc-\(pad(index, 7))\"><data key=\"role\">accelerator</data><data key=\"tier\">0</data><data key=\"pod\">pod-\(pad(tor / 64, 4))</data><data key=\"rack\">rack-\(pad(tor, 5))</data><data key=\"rail\">\(index % 8)</data></node>\n"
            )
            nodes += 1
        }
        for plane in planes {
            for tor in 0..<torsPerPlane {
                emit(
                    "    <node id=\"tor-\(plane)-\(pad(tor, 5))\"><data key=\"role\">switch</data><data key=\"tier\">1</data><data key=\"plane\">\(plane)</data><data key=\"radix\">\(acceleratorsPerToR + uplinks)</data></node>\n"
                )
                nodes += 1
            }
            for agg in 0..<aggregationPerPlane {
                emit(
                    "    <node id=\"agg-\(plane)-\(pad(agg, 4))\"><data key=\"role\">switch</data><data key=\"tier\">2</data><data key=\"plane\">\(plane)</data></node>\n"
                )
                nodes += 1
            }
        }
        for index in 0..<accelerators {
            let tor = index / acceleratorsPerToR
            for plane in planes {
                emit(
                    "    <edge id=\"l\(pad(links, 7))\" source=\"acc-\(pad(index, 7))\" target=\"tor-\(plane)-\(pad(tor, 5))\"><data key=\"bandwidth\">400Gb/s</data><data key=\"medium\">optical</data></edge>\n"
                )
                links += 1
            }
        }
        for plane in planes {
            for tor in 0..<torsPerPlane {
                for uplink in 0..<uplinks {
                    let agg = (tor * uplinks + uplink) % aggregationPerPlane
                    emit(
                        "    <edge id=\"l\(pad(links, 7))\" source=\"tor-\(plane)-\(pad(tor, 5))\" target=\"agg-\(plane)-\(pad(agg, 4))\"><data key=\"bandwidth\">400Gb/s</data><data key=\"medium\">optical</data></edge>\n"
                    )
                    links += 1
                }
            }
        }
        emit("  </graph>\n</graphml>\n")
        buffer.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, file) }
        return (nodes, links)
    }
}
