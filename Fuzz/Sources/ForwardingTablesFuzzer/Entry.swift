import FabricGraph
import FabricModel
import FabricObserved

/// The ring of six switches with a host each (Tests/FabricObservedTests/Fixtures/routing/ring6.graphml) and its
/// `ibnetdiscover` output from the recorded ibsim run, so fuzzed tables are mapped, routed and checked.
let ringDesign: Topology = {
    var topology = Topology(file: "ring6.graphml")
    for index in 0..<6 {
        _ = try? topology.addDevice(Device(id: "sw-\(index)", role: .switch))
        _ = try? topology.addDevice(Device(id: "host-\(index)", role: .accelerator))
    }
    for index in 0..<6 { _ = try? topology.addLink(Link(source: Int32(2 * index + 1), target: Int32(2 * index), bandwidth: 2e11)) }
    for index in 0..<6 { _ = try? topology.addLink(Link(source: Int32(2 * index), target: Int32(2 * ((index + 1) % 6)), bandwidth: 2e11)) }
    return topology
}()

let ringFabric: ObservedFabric? = {
    var fabric: ObservedFabric?
    try? ObservedReader().read(Array(ringDiscovery.utf8), file: "ring6.ibnetdiscover", into: &fabric)
    return fabric
}()

let ringDiscovery = """
    switchguid=0xfab0000000000070(fab0000000000070)
    Switch	3 "S-fab0000000000070"		# "sw-3" enhanced port 0 lid 7 lmc 0
    [1]	"H-fab0000000000080"[1](fab0000000000081) 		# "host-3" lid 8 4xHDR
    [2]	"S-fab0000000000050"[3]		# "sw-2" lid 5 4xHDR
    [3]	"S-fab0000000000090"[2]		# "sw-4" lid 9 4xHDR
    switchguid=0xfab0000000000090(fab0000000000090)
    Switch	3 "S-fab0000000000090"		# "sw-4" enhanced port 0 lid 9 lmc 0
    [1]	"H-fab00000000000a0"[1](fab00000000000a1) 		# "host-4" lid 10 4xHDR
    [2]	"S-fab0000000000070"[3]		# "sw-3" lid 7 4xHDR
    [3]	"S-fab00000000000b0"[2]		# "sw-5" lid 11 4xHDR
    switchguid=0xfab0000000000050(fab0000000000050)
    Switch	3 "S-fab0000000000050"		# "sw-2" enhanced port 0 lid 5 lmc 0
    [1]	"H-fab0000000000060"[1](fab0000000000061) 		# "host-2" lid 6 4xHDR
    [2]	"S-fab0000000000030"[3]		# "sw-1" lid 3 4xHDR
    [3]	"S-fab0000000000070"[2]		# "sw-3" lid 7 4xHDR
    switchguid=0xfab00000000000b0(fab00000000000b0)
    Switch	3 "S-fab00000000000b0"		# "sw-5" enhanced port 0 lid 11 lmc 0
    [1]	"H-fab00000000000c0"[1](fab00000000000c1) 		# "host-5" lid 12 4xHDR
    [2]	"S-fab0000000000090"[3]		# "sw-4" lid 9 4xHDR
    [3]	"S-fab0000000000010"[3]		# "sw-0" lid 1 4xHDR
    switchguid=0xfab0000000000030(fab0000000000030)
    Switch	3 "S-fab0000000000030"		# "sw-1" enhanced port 0 lid 3 lmc 0
    [1]	"H-fab0000000000040"[1](fab0000000000041) 		# "host-1" lid 4 4xHDR
    [2]	"S-fab0000000000010"[2]		# "sw-0" lid 1 4xHDR
    [3]	"S-fab0000000000050"[2]		# "sw-2" lid 5 4xHDR
    switchguid=0xfab0000000000010(fab0000000000010)
    Switch	3 "S-fab0000000000010"		# "sw-0" enhanced port 0 lid 1 lmc 0
    [1]	"H-fab0000000000020"[1](fab0000000000021) 		# "host-0" lid 2 4xHDR
    [2]	"S-fab0000000000030"[2]		# "sw-1" lid 3 4xHDR
    [3]	"S-fab00000000000b0"[3]		# "sw-5" lid 11 4xHDR
    caguid=0xfab0000000000080
    Ca	1 "H-fab0000000000080"		# "host-3"
    [1](fab0000000000081) 	"S-fab0000000000070"[1]		# lid 8 lmc 0 "sw-3" lid 7 4xHDR
    caguid=0xfab00000000000a0
    Ca	1 "H-fab00000000000a0"		# "host-4"
    [1](fab00000000000a1) 	"S-fab0000000000090"[1]		# lid 10 lmc 0 "sw-4" lid 9 4xHDR
    caguid=0xfab0000000000060
    Ca	1 "H-fab0000000000060"		# "host-2"
    [1](fab0000000000061) 	"S-fab0000000000050"[1]		# lid 6 lmc 0 "sw-2" lid 5 4xHDR
    caguid=0xfab00000000000c0
    Ca	1 "H-fab00000000000c0"		# "host-5"
    [1](fab00000000000c1) 	"S-fab00000000000b0"[1]		# lid 12 lmc 0 "sw-5" lid 11 4xHDR
    caguid=0xfab0000000000040
    Ca	1 "H-fab0000000000040"		# "host-1"
    [1](fab0000000000041) 	"S-fab0000000000030"[1]		# lid 4 lmc 0 "sw-1" lid 3 4xHDR
    caguid=0xfab0000000000020
    Ca	1 "H-fab0000000000020"		# "host-0"
    [1](fab0000000000021) 	"S-fab0000000000010"[1]		# lid 2 lmc 0 "sw-0" lid 1 4xHDR
    """

/// libFuzzer entry point: the forwarding-table parser, then (when the bytes parse) the mapping onto the ring, the
/// table routing of all-to-all, the black-hole/loop diagnosis and the credit-loop check. Lane data (path records,
/// SL-to-VL tables) follows a line `%%` (without one, the whole input also goes to the lane parser), so the lane
/// parser, the lane mapping and the lane CDG are fuzzed too. Any outcome is fine (a result or a located
/// `ObservedError`) except a crash, a sanitizer report, a leak, a hang or runaway memory.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let (tables, lanes) = split(bytes)
    _ = ForwardingTableParser.detect(tables)
    _ = LaneDataParser.detect(lanes)
    var dump = ForwardingDump()
    var parser = ForwardingTableParser()
    parser.maximumEntries = 1 << 16
    do {
        try parser.parse(tables, file: "fuzz.lfts", into: &dump)
    } catch {
        _ = error.description
        return 0
    }
    var laneParser = LaneDataParser()
    laneParser.maximumRecords = 1 << 16
    do {
        try laneParser.parse(lanes, file: "fuzz.lanes", into: &dump)
    } catch {
        _ = error.description
    }
    guard let fabric = ringFabric else { return 0 }
    let imported = ForwardingImport.map(dump: dump, fabric: fabric, design: ringDesign)
    for diagnostic in imported.diagnostics { _ = diagnostic.description }
    var topology = ringDesign
    topology.forwardingState = imported.state
    let graph = CSRGraph(topology)
    guard let plan = try? ForwardingPlan(state: imported.state, graph: graph) else { return 0 }
    for problem in graph.forwardingProblems(plan: plan) { _ = problem.message(topology: topology) }
    _ = graph.tableChannelDependencies(plan: plan)
    _ = try? TrafficAnalysis.analyze(topology: topology, graph: graph, hottestCount: 3)
    return 0
}

/// The bytes before and after the first line `%%`; without one, the whole input twice.
func split(_ bytes: [UInt8]) -> ([UInt8], [UInt8]) {
    let marker: [UInt8] = [0x0A, 0x25, 0x25, 0x0A]
    guard bytes.count >= marker.count else { return (bytes, bytes) }
    for index in 0...(bytes.count - marker.count) where bytes[index..<(index + marker.count)].elementsEqual(marker) {
        return (Array(bytes[..<(index + 1)]), Array(bytes[(index + marker.count)...]))
    }
    return (bytes, bytes)
}
