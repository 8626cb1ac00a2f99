import FabricGraph
import FabricGraphML
import FabricModel

/// A small irregular pod written by hand the way a user draws it in yEd (edgedefault="directed", ids by hand):
/// two leaves on two power feeds, two spines of one vendor, 6 accelerators (one marked spare), one leaf–spine cable
/// missing, a cable tray on two uplinks, element rates and an edge `power_feed`.
enum HandWrittenPod {
    static let text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
          <key id="d0" for="node" attr.name="role" attr.type="string"/>
          <key id="d1" for="node" attr.name="tier" attr.type="int"/>
          <key id="d2" for="node" attr.name="rack" attr.type="string"/>
          <key id="d3" for="node" attr.name="power_feed" attr.type="string"/>
          <key id="d4" for="node" attr.name="vendor" attr.type="string"/>
          <key id="d5" for="node" attr.name="spare" attr.type="boolean"/>
          <key id="d6" for="node" attr.name="failure_rate_per_year" attr.type="double"/>
          <key id="d7" for="node" attr.name="mttr_hours" attr.type="double"/>
          <key id="e0" for="edge" attr.name="medium" attr.type="string"/>
          <key id="e1" for="edge" attr.name="srlg" attr.type="string"/>
          <key id="e2" for="edge" attr.name="power_feed" attr.type="string"/>
          <key id="e3" for="edge" attr.name="failure_rate_per_year" attr.type="double"/>
          <key id="g0" for="node" yfiles.type="nodegraphics"/>
          <graph id="G" edgedefault="directed">
            <node id="spine1"><data key="d0">spine</data><data key="d1">2</data><data key="d4">acme</data></node>
            <node id="spine2"><data key="d0">spine</data><data key="d1">2</data><data key="d4">acme</data></node>
            <node id="leafA"><data key="d0">leaf</data><data key="d1">1</data><data key="d3">A</data><data key="d4">globex</data></node>
            <node id="leafB"><data key="d0">leaf</data><data key="d1">1</data><data key="d3">B</data><data key="d4">initech</data></node>
            <node id="gpu1"><data key="d0">gpu</data><data key="d2">r1</data><data key="d6">2</data><data key="d7">200</data></node>
            <node id="gpu2"><data key="d0">gpu</data><data key="d2">r1</data></node>
            <node id="gpu3"><data key="d0">gpu</data><data key="d2">r1</data><data key="d5">true</data></node>
            <node id="gpu4"><data key="d0">gpu</data><data key="d2">r2</data><data key="d6">0</data></node>
            <node id="gpu5"><data key="d0">gpu</data><data key="d2">r2</data></node>
            <node id="gpu6"><data key="d0">gpu</data><data key="d2">r2</data></node>
            <edge id="u1" source="leafA" target="spine1"><data key="e0">fiber</data><data key="e1">tray-1</data></edge>
            <edge id="u2" source="leafA" target="spine2"><data key="e0">fiber</data><data key="e1">tray-1</data><data key="e3">5</data></edge>
            <edge id="u3" source="leafB" target="spine1"><data key="e0">fiber</data></edge>
            <edge id="a1" source="gpu1" target="leafA"><data key="e0">copper</data><data key="e2">A</data></edge>
            <edge id="a2" source="gpu2" target="leafA"><data key="e0">copper</data><data key="e2">A</data></edge>
            <edge id="a3" source="gpu3" target="leafA"><data key="e0">copper</data></edge>
            <edge id="a4" source="gpu4" target="leafB"><data key="e0">copper</data></edge>
            <edge id="a5" source="gpu5" target="leafB"><data key="e0">copper</data></edge>
            <edge id="a6" source="gpu6" target="leafB"/>
          </graph>
        </graphml>
        """

    static func topology() throws -> Topology { try GraphMLReader.read(string: text, fileName: "hand-pod.graphml").topology }
}

/// Reads GraphML text as the hand-written pod's file.
enum GraphMLReaderBridge {
    static func read(_ text: String) throws -> Topology { try GraphMLReader.read(string: text, fileName: "hand-pod.graphml").topology }
}
