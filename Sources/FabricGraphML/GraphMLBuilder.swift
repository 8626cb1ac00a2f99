import FabricModel

/// The kind of an open element on the builder's stack.
enum FrameKind: UInt8 {
    case graphml, graph, node, edge, port, hyperedge, endpoint, key, keyDefault, data, dataContent, label, ignored
}

/// An open element: its kind and an index whose meaning depends on the kind (key index for data and keys).
struct Frame {
    var kind: FrameKind
    var index: Int32
}

/// A `<node>` (or a hyperedge's bus device) between its start and end tags.
struct PendingNode {
    var device: Device
    var index: Int32
    var internID: Int32
    var hasRole = false
    var seenKeys: [Int32] = []
    /// Whether the device is in `Topology.devices` already (it is appended at its end tag, or at the start of a
    /// nested graph, which keeps devices in document order of their start tags).
    var appended = false
}

/// An `<edge>` between its start and end tags; endpoints are node-id intern ids until the parse ends.
struct PendingEdge {
    var link = Link(source: -1, target: -1)
    var nativeBandwidth: Double?
    var rawBandwidth: Double?
    var speedText: String?
    var unitsText: String?
    var labelBandwidth: Double?
    var label: String?
    var seenKeys: [Int32] = []
    /// What GraphML's `edgedefault` / `directed` said (kept for the file's note only: it never makes a one-way link).
    var graphmlDirected = false

    /// Clears everything a previous edge may have set, without reallocating.
    mutating func reset() {
        link = Link(source: -1, target: -1)
        graphmlDirected = false
        nativeBandwidth = nil
        rawBandwidth = nil
        speedText = nil
        unitsText = nil
        labelBandwidth = nil
        label = nil
        if !seenKeys.isEmpty { seenKeys.removeAll(keepingCapacity: true) }
    }
}

/// The two most recently interned endpoint ids with their bytes.
struct RecentIDs {
    private var first = ByteBuffer(capacity: 32)
    private var second = ByteBuffer(capacity: 32)
    private var firstID: Int32 = -1
    private var secondID: Int32 = -1

    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        if firstID >= 0, first.equals(bytes) { return firstID }
        if secondID >= 0, second.equals(bytes) { return secondID }
        return nil
    }

    @inline(__always)
    mutating func remember(_ bytes: UnsafeBufferPointer<UInt8>, id: Int32) {
        swap(&first, &second)
        secondID = firstID
        first.reset()
        first.append(bytes)
        firstID = id
    }
}

/// Port references of one link, resolved once every node and port is known.
struct PortReference {
    var link: Int32
    var sourcePort: String?
    var targetPort: String?
}

/// The attribute values of one start tag that GraphML cares about, as byte ranges into libxml2's buffer.
struct TagAttributes {
    var id: UnsafeBufferPointer<UInt8>?
    var source: UnsafeBufferPointer<UInt8>?
    var target: UnsafeBufferPointer<UInt8>?
    var sourcePort: UnsafeBufferPointer<UInt8>?
    var targetPort: UnsafeBufferPointer<UInt8>?
    var directed: UnsafeBufferPointer<UInt8>?
    var edgeDefault: UnsafeBufferPointer<UInt8>?
    var name: UnsafeBufferPointer<UInt8>?
    var forDomain: UnsafeBufferPointer<UInt8>?
    var attrName: UnsafeBufferPointer<UInt8>?
    var attrType: UnsafeBufferPointer<UInt8>?
    var key: UnsafeBufferPointer<UInt8>?
    var node: UnsafeBufferPointer<UInt8>?
    var port: UnsafeBufferPointer<UInt8>?
    var type: UnsafeBufferPointer<UInt8>?
    var yfilesType: UnsafeBufferPointer<UInt8>?
}

/// The GraphML state machine: turns the element events of one document into a `Topology`.
///
/// It knows nothing of libxml2; `SAXSession` feeds it events. Node ids are interned (`ByteInterner`), edges keep
/// intern ids until the end of the document, so edges may precede the nodes they connect.
struct GraphMLBuilder {
    let file: String
    let options: ReaderOptions
    var topology: Topology
    var sink: DiagnosticSink
    /// The first error that stops the import.
    var fatal: GraphMLError?

    var frames: [Frame] = []
    var sawRoot = false
    /// Whether character data is collected into `text` right now.
    var capturing = false
    let text = ByteBuffer(capacity: 256)
    let labelText = ByteBuffer(capacity: 256)

    var keys: [KeyDeclaration] = []
    var keyIDs = ByteInterner()
    var keyIndexOfInterned: [Int32] = []
    var defaultKeys: [KeyDomain: [Int32]] = [:]
    var keysByDomainAndName: [String: Int32] = [:]
    var undeclaredKeyName: String = ""

    var nodeIDs = ByteInterner()
    var recentEndpoints = RecentIDs()
    var deviceOfNodeID: [Int32] = []
    var explicitRole: [Bool] = []
    var rolesDeclared = false
    /// The innermost open `<node>` or `<hyperedge>` (valid while `nodeOpen`); enclosing ones wait in `outerNodes`.
    var node = PendingNode(device: Device(id: "", role: .other), index: -1, internID: -1)
    var nodeOpen = false
    var outerNodes: [PendingNode] = []
    var edge = PendingEdge()
    var inEdge = false
    var links: [Link] = []
    /// Offsets in `links` of edges that named a node not declared yet.
    var forwardEdges: [Int32] = []
    var portReferences: [PortReference] = []
    var portStack: [Int32] = []
    var graphStack: [Int32] = []
    var hyperedgeCount = 0
    /// Edges (and hyperedge endpoints) GraphML calls directed, and edges one-way by fabcheck's own key, with the
    /// first of each, for the one note per file on how edges were read.
    var graphmlDirectedEdges = 0
    var firstGraphMLDirected: SourcePosition?
    var oneWayEdges = 0
    var graphmlProperties: [String: AttributeValue] = [:]
    /// Distinct SRLG texts of edges and the groups each names (`srlgGroupsOfCurrentText`).
    var srlgTexts = ByteInterner()
    var srlgGroupsOfText: [[Int32]] = []
    /// The last SRLG text looked up and its id (-1 before the first).
    let lastSRLGBytes = ByteBuffer(capacity: 64)
    var lastSRLGText: Int32 = -1
    /// Chunk mode (`ChunkedImport`): links keep the id of their SRLG text in `linkSRLGTexts` instead of group
    /// indices, which the merge assigns in document order.
    var deferSRLGs = false
    var linkSRLGTexts: [Int32] = []
    /// Chunk mode: the SRLG names of each SRLG text (`srlgNames(in:)`), split on the chunk's core.
    var srlgNamesOfText: [[String]] = []
    var edgeSRLGText: Int32 = -1
    /// For each entry of `forwardEdges`: bit 0 when the source, bit 1 when the target was not declared yet.
    var forwardMasks: [UInt8] = []
    /// Set in chunk mode when the chunk holds something only the serial reader handles exactly.
    var chunkUnsafe = false

    init(file: String, options: ReaderOptions) {
        self.file = file
        self.options = options
        self.topology = Topology(file: file)
        self.sink = DiagnosticSink(file: file, cap: options.maxDiagnosticsPerKind)
    }

    /// Reserves storage for a file of `bytes` bytes (estimates: a node per 400 bytes, a link per 180 bytes; untouched
    /// reserved pages cost address space, not memory).
    mutating func reserve(forFileBytes bytes: Int64) {
        let devices = Int(min(bytes / 400, Int64(options.maxNodes), 50_000_000))
        let linkCount = Int(min(bytes / 180, Int64(options.maxLinks), 200_000_000))
        guard devices > 1024 || linkCount > 1024 else { return }
        topology.reserveCapacity(devices: devices, links: 0, indexingIDs: false)
        links.reserveCapacity(linkCount)
        nodeIDs.reserveCapacity(devices, tableToo: false)
        deviceOfNodeID.reserveCapacity(devices)
        explicitRole.reserveCapacity(devices)
    }

    func location(_ position: SourcePosition) -> SourceLocation { SourceLocation(file: file, position: position) }

    // MARK: - Element events

    /// Handles a start tag. `graphMLName` is the element's GraphML kind (nil for foreign or unknown elements).
    mutating func startElement(_ kind: FrameKind?, localName: String, attributes: TagAttributes, position: SourcePosition) -> Bool {
        let parent = frames.last?.kind
        guard sawRoot else {
            sawRoot = true
            guard kind == .graphml else {
                fatal = .notGraphML(root: localName, location: location(position))
                return false
            }
            frames.append(Frame(kind: .graphml, index: -1))
            return true
        }
        // Inside ignored content or data values, only labels are looked at.
        switch parent {
        case .ignored?, .label?, .keyDefault?:
            push(.ignored)
            return true
        case .data?, .dataContent?:
            if kind == .label {
                labelText.reset()
                push(.label)
            } else {
                push(.dataContent)
            }
            return true
        default:
            break
        }
        guard let kind else {
            push(.ignored)
            return true
        }
        switch kind {
        case .graph: return startGraph(attributes, parent: parent, position: position)
        case .node: return startNode(attributes, parent: parent, position: position)
        case .edge: return startEdge(attributes, parent: parent, position: position)
        case .port: startPort(attributes, parent: parent, position: position)
        case .hyperedge: return startHyperedge(attributes, parent: parent, position: position)
        case .endpoint: return startEndpoint(attributes, parent: parent, position: position)
        case .key: startKey(attributes, parent: parent, position: position)
        case .keyDefault:
            if parent == .key {
                text.reset()
                push(.keyDefault)
            } else {
                push(.ignored)
            }
        case .data: startData(attributes, parent: parent, position: position)
        case .graphml:
            sink.add(.error, "nested 'graphml' element", at: position, code: "graphml.structure")
            push(.ignored)
        case .dataContent, .label, .ignored:
            push(.ignored)
        }
        return true
    }

    /// Handles an end tag.
    mutating func endElement() {
        guard let frame = frames.popLast() else { return }
        switch frame.kind {
        case .graph: endGraph()
        case .node, .hyperedge: endNode()
        case .edge: endEdge()
        case .port: _ = portStack.popLast()
        case .key: endKey(Int(frame.index))
        case .keyDefault:
            if let keyFrame = frames.last, keyFrame.kind == .key, keyFrame.index >= 0 {
                keys[Int(keyFrame.index)].defaultText = text.array
            }
        case .data: endData(frame.index)
        case .label: endLabel()
        case .graphml, .endpoint, .dataContent, .ignored: break
        }
        updateCapturing()
    }

    /// The longest `<data>` or `<default>` value accepted (16 MiB): a longer one is refused, not buffered.
    static let maxValueBytes = 16 << 20

    /// Appends character data of the current `<data>`, `<default>` or label; false (with `fatal` set) when the value
    /// grows beyond `maxValueBytes`.
    @inline(__always)
    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>, position: @autoclosure () -> SourcePosition) -> Bool {
        if frames.last?.kind == .label {
            labelText.append(bytes)
            if labelText.count <= Self.maxValueBytes { return true }
        } else {
            text.append(bytes)
            if text.count <= Self.maxValueBytes { return true }
        }
        fatal = .limitExceeded(what: "value-bytes", limit: Self.maxValueBytes, location: location(position()))
        return false
    }

    private mutating func push(_ kind: FrameKind, index: Int32 = -1) {
        frames.append(Frame(kind: kind, index: index))
        updateCapturing()
    }

    @inline(__always)
    private mutating func updateCapturing() {
        switch frames.last?.kind {
        case .data?, .keyDefault?, .label?: capturing = true
        default: capturing = false
        }
    }

    // MARK: - Graphs

    private mutating func startGraph(_ attributes: TagAttributes, parent: FrameKind?, position: SourcePosition) -> Bool {
        var ownerDevice: Int32 = -1
        switch parent {
        case .graphml?: break
        case .node?:
            commitNode()
            ownerDevice = nodeOpen ? node.index : -1
        case .edge?: break
        default:
            sink.add(.error, "'graph' cannot appear inside '\(parent.map { "\($0)" } ?? "nothing")'", at: position, code: "graphml.structure")
            push(.ignored)
            return true
        }
        let id = attributes.id.map { String(decoding: $0, as: UTF8.self) } ?? ""
        var directed = false
        if let value = attributes.edgeDefault {
            let text = String(decoding: value, as: UTF8.self)
            switch text {
            case "directed": directed = true
            case "undirected": directed = false
            default:
                sink.add(
                    .warning, "graph '\(id)' has edgedefault '\(text)'; expected 'directed' or 'undirected', read as undirected",
                    at: position, code: "graphml.edgedefault")
            }
        }
        if directed { countGraphMLDirected(at: position, edges: 0) }
        let index = Int32(topology.graphs.count)
        topology.graphs.append(
            Subgraph(
                id: id, parent: graphStack.last ?? -1, ownerDevice: ownerDevice, directedByDefault: directed, position: position
            ))
        graphStack.append(index)
        push(.graph, index: index)
        return true
    }

    private mutating func endGraph() {
        guard let index = graphStack.popLast() else { return }
        if graphStack.isEmpty {
            for (name, value) in topology.graphs[Int(index)].attributes where topology.properties[name] == nil {
                topology.properties[name] = value
            }
        }
    }

    private var currentGraph: Int32 { graphStack.last ?? -1 }

    // MARK: - Nodes

    private mutating func startNode(_ attributes: TagAttributes, parent: FrameKind?, position: SourcePosition) -> Bool {
        guard parent == .graph else {
            sink.add(.error, "'node' must be inside a 'graph'", at: position, code: "graphml.structure")
            push(.ignored)
            return true
        }
        guard let idBytes = attributes.id else {
            sink.add(.error, "'node' has no 'id' attribute", at: position, code: "graphml.missing-id")
            push(.ignored)
            return true
        }
        guard let (index, internID) = declareNode(idBytes, position: position) else {
            push(.ignored)
            return fatal == nil
        }
        openNode(
            PendingNode(
                device: Device(id: String(decoding: idBytes, as: UTF8.self), role: .other, graph: currentGraph, position: position),
                index: index, internID: internID))
        push(.node, index: index)
        return true
    }

    /// Registers a node id and returns the device index it will get; nil when the id is taken (diagnosed) or a limit is hit.
    private mutating func declareNode(_ idBytes: UnsafeBufferPointer<UInt8>, position: SourcePosition) -> (Int32, Int32)? {
        let (internID, inserted) = nodeIDs.intern(idBytes)
        if inserted { deviceOfNodeID.append(-1) }
        let existing = deviceOfNodeID[Int(internID)]
        if existing >= 0 {
            let firstPosition = Int(existing) < topology.devices.count ? topology.devices[Int(existing)].position : node.device.position
            sink.add(
                .error, "duplicate node id '\(nodeIDs.string(internID))' (first declared at \(location(firstPosition)))",
                at: position, code: "graphml.duplicate-node")
            return nil
        }
        let index = topology.devices.count
        if index >= options.maxNodes {
            fatal = .limitExceeded(what: "nodes", limit: options.maxNodes, location: location(position))
            return nil
        }
        deviceOfNodeID[Int(internID)] = Int32(index)
        explicitRole.append(false)
        return (Int32(index), internID)
    }

    /// Appends the open node's device to the topology (once).
    private mutating func commitNode() {
        guard nodeOpen, !node.appended else { return }
        node.appended = true
        // Ids are unique here (`declareNode` refused repeats), so the id index is built once at the end, sized exactly.
        let index = topology.appendDeviceDeferringIndex(node.device)
        if index != node.index { deviceOfNodeID[Int(node.internID)] = index }
    }

    private mutating func endNode() {
        guard nodeOpen else { return }
        applyDefaults(seen: node.seenKeys, domain: node.device.role == .bus ? .hyperedge : .node) { builder, key in
            builder.applyNodeData(key: key, position: builder.node.device.position)
        }
        if node.hasRole { explicitRole[Int(node.index)] = true }
        if node.appended {
            let device = node.device
            topology.updateDevice(at: node.index) { $0 = device }
        } else {
            commitNode()
        }
        if let outer = outerNodes.popLast() {
            node = outer
        } else {
            nodeOpen = false
        }
    }

    private mutating func openNode(_ pending: PendingNode) {
        if nodeOpen { outerNodes.append(node) }
        node = pending
        nodeOpen = true
    }

    // MARK: - Edges

    private mutating func startEdge(_ attributes: TagAttributes, parent: FrameKind?, position: SourcePosition) -> Bool {
        guard parent == .graph else {
            sink.add(.error, "'edge' must be inside a 'graph'", at: position, code: "graphml.structure")
            push(.ignored)
            return true
        }
        let id = attributes.id.map { String(decoding: $0, as: UTF8.self) }
        guard let source = attributes.source, let target = attributes.target else {
            let name = id.map { "edge '\($0)'" } ?? "'edge'"
            sink.add(.error, "\(name) needs both 'source' and 'target' attributes", at: position, code: "graphml.edge-endpoints")
            push(.ignored)
            return true
        }
        if links.count >= options.maxLinks {
            fatal = .limitExceeded(what: "links", limit: options.maxLinks, location: location(position))
            return false
        }
        let graph = currentGraph
        var directed = graph >= 0 ? topology.graphs[Int(graph)].directedByDefault : false
        if let value = attributes.directed {
            switch ValueParsing.parse(value, as: .boolean) {
            case .value(.bool(let flag)): directed = flag
            case .quirk(.bool(let flag), _): directed = flag
            default:
                sink.add(
                    .warning, "edge '\(id ?? "")' has directed='\(String(decoding: value, as: UTF8.self))'; expected 'true' or 'false'",
                    at: position, code: "graphml.directed")
            }
        }
        edge.reset()
        edge.link.id = id
        edge.link.source = internEndpoint(source)
        edge.link.target = internEndpoint(target)
        // GraphML's directedness is a drawing convention (yEd writes edgedefault="directed" into every file): an
        // edge stays a full-duplex cable unless fabcheck's own `one_way` / `direction` key says otherwise.
        edge.graphmlDirected = directed
        edge.link.graph = graph
        edge.link.position = position
        let undeclared = (deviceOfNodeID[Int(edge.link.source)] < 0 ? 1 : 0) | (deviceOfNodeID[Int(edge.link.target)] < 0 ? 2 : 0)
        if undeclared != 0 {
            forwardEdges.append(Int32(links.count))
            forwardMasks.append(UInt8(undeclared))
        }
        edgeSRLGText = -1
        if attributes.sourcePort != nil || attributes.targetPort != nil {
            portReferences.append(
                PortReference(
                    link: Int32(links.count),
                    sourcePort: attributes.sourcePort.map { String(decoding: $0, as: UTF8.self) },
                    targetPort: attributes.targetPort.map { String(decoding: $0, as: UTF8.self) }
                ))
        }
        inEdge = true
        push(.edge)
        return true
    }

    /// Interns an edge endpoint. Files list edges grouped by one end (an accelerator's links, a switch's uplinks),
    /// so the last two endpoints are remembered and compared first.
    @inline(__always)
    private mutating func internEndpoint(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let id = recentEndpoints.lookup(bytes) { return id }
        let (internID, inserted) = nodeIDs.intern(bytes)
        if inserted { deviceOfNodeID.append(-1) }
        recentEndpoints.remember(bytes, id: internID)
        return internID
    }

    private mutating func endEdge() {
        inEdge = false
        applyDefaults(seen: edge.seenKeys, domain: .edge) { builder, key in
            builder.applyEdgeData(key: key, position: builder.edge.link.position)
        }
        if let bandwidth = edge.nativeBandwidth ?? edge.rawBandwidth ?? zooSpeed() ?? edge.labelBandwidth {
            edge.link.bandwidth = bandwidth
        }
        if let label = edge.label, edge.link.attributes["label"] == nil {
            edge.link.attributes["label"] = .string(label)
        }
        if edge.graphmlDirected {
            graphmlDirectedEdges += 1
            if firstGraphMLDirected == nil { firstGraphMLDirected = edge.link.position }
        }
        if edge.link.directed { oneWayEdges += 1 }
        if let previous = links.last { edge.link.shareSideStorage(with: previous) }
        links.append(edge.link)
        if deferSRLGs { linkSRLGTexts.append(edgeSRLGText) }
    }

    /// The SRLG indices named by a comma-separated list, ascending and without repeats (new names are added).
    private mutating func srlgGroups(of text: String) -> [Int32] {
        srlgGroups(ofNames: Self.srlgNames(in: text))
    }

    /// The SRLG names of a comma-separated list, in order, blanks trimmed, empty parts dropped.
    static func srlgNames(in text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
    }

    /// The SRLG indices of `names` (entered in order when new), ascending and without repeats.
    mutating func srlgGroups(ofNames names: [String]) -> [Int32] {
        var groups: [Int32] = []
        groups.reserveCapacity(names.count)
        for name in names { groups.append(topology.srlgIndex(named: name)) }
        if groups.count > 1 { groups = Array(Set(groups)).sorted() }
        return groups
    }

    /// `srlgGroups(of:)` of the current `<data>` text, remembered by its bytes.
    /// - Complexity: O(text length) expected for a text seen before.
    private mutating func srlgGroupsOfCurrentText() -> [Int32] {
        srlgGroupsOfText[Int(srlgTextOfCurrentText())]
    }

    /// The id of the current `<data>` text among the SRLG texts (its groups are resolved unless `deferSRLGs`).
    private mutating func srlgTextOfCurrentText() -> Int32 {
        // Consecutive links of one rack or bundle repeat the text: compare with the last one before hashing.
        if lastSRLGText >= 0, lastSRLGBytes.equals(text) { return lastSRLGText }
        let (id, inserted) = text.withBytes { srlgTexts.intern($0) }
        if inserted {
            let string = text.withBytes { String(decoding: $0, as: UTF8.self) }
            if deferSRLGs {
                srlgNamesOfText.append(Self.srlgNames(in: string))
            } else {
                srlgGroupsOfText.append(srlgGroups(of: string))
            }
        }
        lastSRLGBytes.assign(text)
        lastSRLGText = id
        return id
    }

    /// Topology Zoo `LinkSpeed` + `LinkSpeedUnits` (`"2.5"` + `"G"`).
    private func zooSpeed() -> Double? {
        guard let speed = edge.speedText?.trimmingASCIIWhitespace(), !speed.isEmpty else { return nil }
        let units = edge.unitsText?.trimmingASCIIWhitespace() ?? ""
        return try? Bandwidth.parse(speed + units, bareUnit: nil)
    }

    // MARK: - Ports and hyperedges

    private mutating func startPort(_ attributes: TagAttributes, parent: FrameKind?, position: SourcePosition) {
        guard parent == .node || parent == .port, nodeOpen else {
            sink.add(.error, "'port' must be inside a 'node' or a 'port'", at: position, code: "graphml.structure")
            push(.ignored)
            return
        }
        guard let nameBytes = attributes.name else {
            sink.add(.error, "port of node '\(node.device.id)' has no 'name' attribute", at: position, code: "graphml.port")
            push(.ignored)
            return
        }
        let index = Int32(topology.ports.count)
        topology.ports.append(
            Port(
                device: node.index, name: String(decoding: nameBytes, as: UTF8.self),
                parent: parent == .port ? (portStack.last ?? -1) : -1, position: position
            ))
        portStack.append(index)
        push(.port, index: index)
    }

    private mutating func startHyperedge(_ attributes: TagAttributes, parent: FrameKind?, position: SourcePosition) -> Bool {
        guard parent == .graph else {
            sink.add(.error, "'hyperedge' must be inside a 'graph'", at: position, code: "graphml.structure")
            push(.ignored)
            return true
        }
        hyperedgeCount += 1
        let id = attributes.id.map { String(decoding: $0, as: UTF8.self) } ?? "hyperedge-\(hyperedgeCount)"
        let declared: (Int32, Int32)? = Array(id.utf8).withUnsafeBufferPointer { declareNode($0, position: position) }
        guard let (index, internID) = declared else {
            push(.ignored)
            return fatal == nil
        }
        var pending = PendingNode(device: Device(id: id, role: .bus, graph: currentGraph, position: position), index: index, internID: internID)
        pending.device.role = .bus
        pending.hasRole = true
        openNode(pending)
        push(.hyperedge, index: index)
        return true
    }

    private mutating func startEndpoint(_ attributes: TagAttributes, parent: FrameKind?, position: SourcePosition) -> Bool {
        guard parent == .hyperedge, nodeOpen else {
            sink.add(.error, "'endpoint' must be inside a 'hyperedge'", at: position, code: "graphml.structure")
            push(.ignored)
            return true
        }
        let bus = node
        guard let nodeBytes = attributes.node else {
            sink.add(.error, "endpoint of hyperedge '\(bus.device.id)' has no 'node' attribute", at: position, code: "graphml.edge-endpoints")
            push(.ignored)
            return true
        }
        if links.count >= options.maxLinks {
            fatal = .limitExceeded(what: "links", limit: options.maxLinks, location: location(position))
            return false
        }
        let node = internEndpoint(nodeBytes)
        let type = attributes.type.map { String(decoding: $0, as: UTF8.self) } ?? "undir"
        var link = Link(source: node, target: bus.internID, graph: currentGraph, position: position)
        // `in` / `out` orient the link but, like every GraphML direction, do not make it one-way.
        switch type {
        case "in":
            link.source = bus.internID
            link.target = node
            countGraphMLDirected(at: position)
        case "out": countGraphMLDirected(at: position)
        case "undir": break
        default:
            sink.add(
                .warning, "endpoint type '\(type)' of hyperedge '\(bus.device.id)' is not in, out or undir; read as undir",
                at: position, code: "graphml.endpoint-type")
        }
        if let port = attributes.port {
            portReferences.append(
                PortReference(
                    link: Int32(links.count),
                    sourcePort: type == "in" ? nil : String(decoding: port, as: UTF8.self),
                    targetPort: type == "in" ? String(decoding: port, as: UTF8.self) : nil
                ))
        }
        links.append(link)
        push(.endpoint)
        return true
    }

    // MARK: - Keys

    private mutating func startKey(_ attributes: TagAttributes, parent: FrameKind?, position: SourcePosition) {
        if parent != .graphml {
            sink.add(
                .warning,
                "key '\(attributes.id.map { String(decoding: $0, as: UTF8.self) } ?? "")' is declared inside '\(parent.map { "\($0)" } ?? "")'; GraphML declares keys directly in 'graphml'",
                at: position, code: "graphml.key-placement")
        }
        guard let idBytes = attributes.id else {
            sink.add(.error, "'key' has no 'id' attribute", at: position, code: "graphml.key")
            push(.ignored)
            return
        }
        let id = String(decoding: idBytes, as: UTF8.self)
        let name = attributes.attrName.map { String(decoding: $0, as: UTF8.self) }
        var domain = KeyDomain.all
        if let value = attributes.forDomain {
            let text = String(decoding: value, as: UTF8.self)
            if let parsed = KeyDomain(text: text) {
                domain = parsed
            } else {
                sink.add(
                    .warning, "key '\(id)' has for='\(text)'; expected graph, node, edge, port, hyperedge, endpoint or all",
                    at: position, code: "graphml.key-domain")
            }
        }
        var type = ValueType.string
        if let value = attributes.attrType {
            let text = String(decoding: value, as: UTF8.self)
            if let (parsed, quirk) = ValueType.parse(text) {
                type = parsed
                if quirk {
                    sink.add(
                        .warning, "key '\(id)' ('\(name ?? id)') has attr.type='\(text)', which GraphML does not define; read as '\(parsed)'",
                        at: position, code: "graphml.attr-type")
                }
            } else {
                sink.add(
                    .warning, "key '\(id)' ('\(name ?? id)') has unknown attr.type='\(text)'; read as 'string'",
                    at: position, code: "graphml.attr-type")
            }
        }
        let declaration = KeyDeclaration(
            id: id, name: name, domain: domain, type: type, isYFiles: attributes.yfilesType != nil, position: position
        )
        let nameKey = "\(domain.rawValue)|\(declaration.name)"
        if let other = keysByDomainAndName[nameKey], Int(other) < keys.count, keys[Int(other)].id != id {
            sink.add(
                .warning,
                "key '\(id)' repeats attr.name '\(declaration.name)' for '\(domain)' of key '\(keys[Int(other)].id)'; values are stored under the same name",
                at: position, code: "graphml.duplicate-key-name")
        }
        let (interned, inserted) = keyIDs.intern(idBytes)
        let index: Int32
        if inserted {
            index = Int32(keys.count)
            keys.append(declaration)
            keyIndexOfInterned.append(index)
        } else {
            index = keyIndexOfInterned[Int(interned)]
            sink.add(
                .warning, "key id '\(id)' is declared again (first at \(location(keys[Int(index)].position))); the later declaration is used",
                at: position, code: "graphml.duplicate-key")
            keys[Int(index)] = declaration
            for domainKey in defaultKeys.keys { defaultKeys[domainKey]?.removeAll { $0 == index } }
        }
        keysByDomainAndName[nameKey] = index
        push(.key, index: index)
    }

    private mutating func endKey(_ index: Int) {
        guard index >= 0, index < keys.count, keys[index].defaultText != nil else { return }
        let domain = keys[index].domain
        let domains: [KeyDomain] = domain == .all ? [.graph, .node, .edge, .port, .hyperedge] : [domain]
        for each in domains { defaultKeys[each, default: []].append(Int32(index)) }
        if keys[index].nodeField == .role, domain.admits(.node) { rolesDeclared = true }
    }

    /// Applies `<default>` values of the keys of `domain` not in `seen`.
    private mutating func applyDefaults(seen: [Int32], domain: KeyDomain, _ apply: (inout GraphMLBuilder, Int32) -> Void) {
        guard let candidates = defaultKeys[domain], !candidates.isEmpty else { return }
        for key in candidates where !seen.contains(key) {
            guard let value = keys[Int(key)].defaultText else { continue }
            text.assign(value)
            apply(&self, key)
        }
    }

    // MARK: - Data

    private mutating func startData(_ attributes: TagAttributes, parent: FrameKind?, position: SourcePosition) {
        guard let keyBytes = attributes.key else {
            sink.add(.warning, "'data' has no 'key' attribute; ignored", at: position, code: "graphml.data-key")
            push(.ignored)
            return
        }
        var index: Int32 = -1
        if let interned = keyIDs.find(keyBytes) {
            index = keyIndexOfInterned[Int(interned)]
        } else {
            undeclaredKeyName = String(decoding: keyBytes, as: UTF8.self)
            sink.add(
                .warning, "data refers to undeclared key '\(undeclaredKeyName)'; kept as a string attribute",
                at: position, code: "graphml.undeclared-key")
        }
        text.reset()
        dataPosition = position
        push(.data, index: index)
    }

    var dataPosition = SourcePosition.unknown

    private mutating func endData(_ keyIndex: Int32) {
        guard let owner = frames.last?.kind else { return }
        if keyIndex < 0 {
            storeUndeclared(owner: owner)
            return
        }
        if keys[Int(keyIndex)].isYFiles { return }
        let position = dataPosition
        switch owner {
        case .node, .hyperedge:
            guard nodeOpen else { return }
            checkDomain(keyIndex, owner == .node ? .node : .hyperedge, position)
            if !defaultKeys.isEmpty { node.seenKeys.append(keyIndex) }
            applyNodeData(key: keyIndex, position: position)
        case .edge:
            checkDomain(keyIndex, .edge, position)
            if !defaultKeys.isEmpty { edge.seenKeys.append(keyIndex) }
            applyEdgeData(key: keyIndex, position: position)
        case .graph:
            checkDomain(keyIndex, .graph, position)
            if let graph = graphStack.last, let value = typedValue(keyIndex, owner: .graph(graph), position: position) {
                topology.graphs[Int(graph)].attributes[keys[Int(keyIndex)].name] = value
            }
        case .graphml:
            checkDomain(keyIndex, .graphml, position)
            if let value = typedValue(keyIndex, owner: .graphml, position: position) {
                topology.properties[keys[Int(keyIndex)].name] = value
            }
        case .port:
            checkDomain(keyIndex, .port, position)
            if let port = portStack.last, let value = typedValue(keyIndex, owner: .port(port), position: position) {
                topology.ports[Int(port)].attributes[keys[Int(keyIndex)].name] = value
            }
        default:
            break
        }
    }

    private mutating func storeUndeclared(owner: FrameKind) {
        let value = AttributeValue.string(text.withBytes { String(decoding: $0, as: UTF8.self) })
        switch owner {
        case .node, .hyperedge:
            if nodeOpen { node.device.attributes[undeclaredKeyName] = value }
        case .edge: edge.link.attributes[undeclaredKeyName] = value
        case .graph: if let graph = graphStack.last { topology.graphs[Int(graph)].attributes[undeclaredKeyName] = value }
        case .graphml: topology.properties[undeclaredKeyName] = value
        case .port: if let port = portStack.last { topology.ports[Int(port)].attributes[undeclaredKeyName] = value }
        default: break
        }
    }

    private mutating func checkDomain(_ keyIndex: Int32, _ domain: KeyDomain, _ position: SourcePosition) {
        let index = Int(keyIndex)
        let declared = keys[index].domain
        if declared.admits(domain) || keys[index].warnedDomain { return }
        if declared == .node && domain == .hyperedge { return }
        keys[index].warnedDomain = true
        sink.add(
            .warning, "key '\(keys[index].id)' is declared for '\(declared)' but used on '\(domain)'",
            at: position, code: "graphml.key-domain")
    }

    /// The current `text` converted to the key's type (cached when it equals the key's previous value).
    private mutating func typedValue(_ keyIndex: Int32, owner: DataOwner, position: SourcePosition) -> AttributeValue? {
        let index = Int(keyIndex)
        if keys[index].hasCache, keys[index].lastBytes.equals(text) {
            if let value = keys[index].lastValue { return value }
            if case .failed(let reason) = keys[index].lastMeaning {
                sink.add(.error, "\(name(of: owner)): key '\(keys[index].name)': \(reason)", at: position, code: "graphml.bad-value")
            }
            return nil
        }
        let parsed = text.withBytes { ValueParsing.parse($0, as: keys[index].type) }
        keys[index].lastBytes.assign(text)
        keys[index].hasCache = true
        keys[index].lastMeaning = .none
        switch parsed {
        case .value(let value):
            keys[index].lastValue = value
            return value
        case .quirk(let value, let reason):
            keys[index].lastValue = value
            if !keys[index].warnedBoolean {
                keys[index].warnedBoolean = true
                sink.add(.warning, "\(name(of: owner)): key '\(keys[index].name)': \(reason); accepted", at: position, code: "graphml.value-quirk")
            }
            return value
        case .failure(let reason):
            keys[index].lastValue = nil
            keys[index].lastMeaning = .failed(reason)
            sink.add(.error, "\(name(of: owner)): key '\(keys[index].name)': \(reason)", at: position, code: "graphml.bad-value")
            return nil
        }
    }

    /// Applies the current `text` as the value of key `keyIndex` to a node or bus device.
    mutating func applyNodeData(key keyIndex: Int32, position: SourcePosition) {
        let index = Int(keyIndex)
        let field = keys[index].nodeField
        guard let value = typedValue(keyIndex, owner: .node, position: position) else { return }
        switch field {
        case .none:
            node.device.attributes[keys[index].name] = value
        case .role:
            let role: Role?
            if case .role(let cached) = keys[index].lastMeaning {
                role = cached
            } else {
                role = Role(parsing: value.description)
                keys[index].lastMeaning = .role(role)
            }
            if role == nil {
                // An error: a mistyped role would silently change which devices are accelerators.
                let word = value.description.trimmingASCIIWhitespace()
                let hint =
                    Suggestions.role(for: word).map { "; did you mean '\($0)'?" }
                    ?? " (use accelerator, switch, cpu, ocs, nic, bus, other or a synonym such as gpu, leaf, spine)"
                sink.add(.error, "node '\(node.device.id)': unknown role '\(word)'\(hint)", at: position, code: "graphml.unknown-role")
            }
            if node.device.role != .bus {
                node.device.role = role ?? .other
                node.hasRole = true
                rolesDeclared = true
            }
        case .label:
            node.device.label = value.description
        case .tier, .rail, .radix:
            guard let number = value.intValue else {
                sink.add(
                    .error, "node '\(node.device.id)': \(keys[index].name) '\(value.description)' is not an integer",
                    at: position, code: "graphml.bad-value")
                return
            }
            switch field {
            case .tier: node.device.tier = number
            case .rail: node.device.rail = number
            default:
                if number < 0 {
                    sink.add(.error, "node '\(node.device.id)': radix \(number) is negative", at: position, code: "graphml.bad-value")
                } else {
                    node.device.radix = number
                }
            }
        case .pod: node.device.pod = value.description
        case .rack: node.device.rack = value.description
        case .plane: node.device.plane = value.description
        case .coordinates:
            if case .coordinates(let cached) = keys[index].lastMeaning {
                node.device.coordinates = cached
            } else if let parsed = ValueParsing.parseCoordinates(value.description) {
                keys[index].lastMeaning = .coordinates(parsed)
                node.device.coordinates = parsed
            } else {
                sink.add(
                    .error, "node '\(node.device.id)': coordinates '\(value.description)' are not comma-separated integers",
                    at: position, code: "graphml.bad-value")
            }
        }
    }

    /// Applies the current `text` of an SRLG key of type string to the open edge (true); a typed key (false) takes the
    /// general path, which a chunk leaves to the serial reader.
    private mutating func applySRLGText(typed: Bool) -> Bool {
        if typed {
            if deferSRLGs { chunkUnsafe = true }
            return false
        }
        // The hot path of large designs: every link names its groups, and the texts repeat (a rack, a plane, a
        // cable bundle). Looking the raw bytes up costs one hash; no String, split or Set per link.
        if deferSRLGs {
            edgeSRLGText = srlgTextOfCurrentText()
        } else {
            edge.link.srlgs = srlgGroupsOfCurrentText()
        }
        return true
    }

    /// Applies the current `text` as the value of key `keyIndex` to the open edge.
    mutating func applyEdgeData(key keyIndex: Int32, position: SourcePosition) {
        let index = Int(keyIndex)
        let field = keys[index].edgeField
        if field == .srlg, applySRLGText(typed: keys[index].type != .string) { return }
        if field == .bandwidth || field == .latency {
            // Units are read from the text whatever attr.type says (`25ns` under a double key is a latency, not an error).
            applyUnitData(field, key: index, text: rawText(keyIndex), position: position)
            return
        }
        guard let value = typedValue(keyIndex, owner: .edge, position: position) else { return }
        if !field.isModelField { edge.link.attributes[keys[index].name] = value }
        switch field {
        case .none, .bandwidth, .latency: break
        case .linkSpeedRaw:
            if let number = value.doubleValue, number.isFinite, number >= 0 {
                edge.rawBandwidth = number
            } else {
                sink.add(
                    .warning, "\(edgeName()): LinkSpeedRaw '\(value.description)' is not a rate in bit/s; ignored",
                    at: position, code: "graphml.bad-bandwidth")
            }
        case .linkSpeed: edge.speedText = value.description
        case .linkSpeedUnits: edge.unitsText = value.description
        case .linkLabel:
            edge.labelBandwidth = try? Bandwidth.parse(value.description, bareUnit: nil)
        case .medium:
            let medium: Medium?
            if case .medium(let cached) = keys[index].lastMeaning {
                medium = cached
            } else {
                medium = Medium(parsing: value.description)
                keys[index].lastMeaning = .medium(medium)
                if medium == nil {
                    sink.add(
                        .warning, "\(edgeName()): unknown medium '\(value.description)'; read as 'other'",
                        at: position, code: "graphml.unknown-medium")
                }
            }
            edge.link.medium = medium ?? .other
        case .srlg:
            if case .srlgs(let cached) = keys[index].lastMeaning {
                edge.link.srlgs = cached
                return
            }
            let groups = srlgGroups(of: value.description)
            keys[index].lastMeaning = .srlgs(groups)
            edge.link.srlgs = groups
        case .oneWay:
            if case .bool(let flag) = value {
                edge.link.directed = flag
            } else {
                let parsed = Array(value.description.utf8).withUnsafeBufferPointer { ValueParsing.parse($0, as: .boolean) }
                switch parsed {
                case .value(.bool(let flag)), .quirk(.bool(let flag), _): edge.link.directed = flag
                default:
                    sink.add(
                        .error, "\(edgeName()): one_way '\(value.description)' is not true or false",
                        at: position, code: "graphml.bad-value")
                }
            }
        case .direction:
            switch value.description.lowercased() {
            case "both", "duplex", "full-duplex", "bidirectional", "undirected": edge.link.directed = false
            case "forward", "one-way", "oneway", "simplex", "source-to-target": edge.link.directed = true
            default:
                sink.add(
                    .error, "\(edgeName()): direction '\(value.description)' is not 'both' or 'forward'",
                    at: position, code: "graphml.bad-value")
            }
        case .multiplicity:
            guard let number = value.intValue, number >= 1, number <= Int(Int32.max) else {
                sink.add(
                    .error, "\(edgeName()): multiplicity '\(value.description)' is not a positive integer",
                    at: position, code: "graphml.bad-value")
                return
            }
            edge.link.multiplicity = Int32(number)
        }
    }

    /// The element a `<data>` belongs to, named only when a message needs it.
    enum DataOwner {
        case node, edge
        case graph(Int32)
        case port(Int32)
        case graphml
    }

    private func name(of owner: DataOwner) -> String {
        switch owner {
        case .node: "node '\(node.device.id)'"
        case .edge: edgeName()
        case .graph(let index): "graph '\(topology.graphs[Int(index)].id)'"
        case .port(let index): "port '\(topology.ports[Int(index)].name)'"
        case .graphml: "graphml"
        }
    }

    private func edgeName() -> String {
        if let id = edge.link.id { return "edge '\(id)'" }
        return "edge '\(nodeIDs.string(edge.link.source))'~'\(nodeIDs.string(edge.link.target))'"
    }

    /// The current `text` without surrounding whitespace, cached per key like `typedValue` (no `attr.type` conversion).
    private mutating func rawText(_ keyIndex: Int32) -> String {
        let index = Int(keyIndex)
        if keys[index].hasCache, keys[index].lastBytes.equals(text), case .string(let cached)? = keys[index].lastValue { return cached }
        let value = text.withBytes { ValueParsing.trimmed($0) }
        keys[index].lastBytes.assign(text)
        keys[index].hasCache = true
        keys[index].lastMeaning = .none
        keys[index].lastValue = .string(value)
        return value
    }

    /// Applies a bandwidth or latency text, with its unit, to the open edge.
    private mutating func applyUnitData(_ field: EdgeField, key index: Int, text value: String, position: SourcePosition) {
        switch field {
        case .bandwidth:
            if case .bandwidth(let cached) = keys[index].lastMeaning {
                edge.nativeBandwidth = cached
                return
            }
            guard let bandwidth = parseBandwidth(value, key: index, position: position) else { return }
            keys[index].lastMeaning = .bandwidth(bandwidth)
            edge.nativeBandwidth = bandwidth
        default:
            if case .latency(let cached) = keys[index].lastMeaning {
                edge.link.latencyNanoseconds = cached
                return
            }
            do {
                let nanoseconds = try Latency.parse(value, bareScale: keys[index].latencyScale)
                keys[index].lastMeaning = .latency(nanoseconds)
                edge.link.latencyNanoseconds = nanoseconds
            } catch {
                sink.add(.error, "\(edgeName()): \(error)", at: position, code: "graphml.bad-latency")
            }
        }
    }

    /// Reads a bandwidth value. A bare number under a key without a unit is bit/s when it is at least 1 Mb/s (the
    /// documented default, e.g. 400000000000); below that (`400`) nobody means bit/s, so it is an error with a hint.
    private mutating func parseBandwidth(_ textValue: String, key index: Int, position: SourcePosition) -> Double? {
        do {
            return try Bandwidth.parse(textValue, bareUnit: keys[index].bandwidthUnit)
        } catch .missingUnit {
            if let number = Double(textValue), number >= 1e6 { return number }
            sink.add(
                .error,
                "\(edgeName()): bandwidth '\(textValue)' has no unit: \(textValue) what? write \(textValue)G or \(textValue) Gb/s, or name the key bandwidth_gbps",
                at: position, code: "graphml.bandwidth-unit")
            return nil
        } catch {
            sink.add(.error, "\(edgeName()): \(error)", at: position, code: "graphml.bad-bandwidth")
            return nil
        }
    }

    // MARK: - Labels (yEd)

    private mutating func endLabel() {
        let label = labelText.withBytes { String(decoding: $0, as: UTF8.self) }.trimmingASCIIWhitespace()
        guard !label.isEmpty else { return }
        // The label's owner is the element holding the enclosing <data>.
        guard let dataIndex = frames.lastIndex(where: { $0.kind == .data }), dataIndex > 0 else { return }
        switch frames[dataIndex - 1].kind {
        case .node, .hyperedge:
            if nodeOpen, node.device.label == nil {
                node.device.label = label
            }
        case .edge:
            if edge.label == nil { edge.label = label }
        default: break
        }
    }

    private mutating func countGraphMLDirected(at position: SourcePosition, edges: Int = 1) {
        graphmlDirectedEdges += edges
        if firstGraphMLDirected == nil { firstGraphMLDirected = position }
    }

    /// The one note per file on how its edges were read, when GraphML or the file says anything about direction.
    private mutating func noteEdgeReading() {
        guard graphmlDirectedEdges > 0 || oneWayEdges > 0 else { return }
        let total = links.count
        let duplex = total - oneWayEdges
        var message = "edges read as cables: \(duplex) of \(total) full duplex"
        if oneWayEdges > 0 { message += ", \(oneWayEdges) one-way by the 'one_way'/'direction' key" }
        if graphmlDirectedEdges > 0 {
            message +=
                "; GraphML marks \(graphmlDirectedEdges) as directed (edgedefault=\"directed\" or directed=\"true\", "
                + "as drawing tools write them), which fabcheck does not read as one-way: an edge is one-way only with "
                + "the edge key 'one_way' = true (or 'direction' = forward)"
        }
        sink.add(.note, message, at: firstGraphMLDirected ?? topology.graphs.first?.position, code: "graphml.edge-direction")
    }

    // MARK: - End of document

    /// Resolves edge endpoints and ports, settles roles, and returns the result.
    mutating func finish() throws(GraphMLError) -> ImportResult {
        if let fatal { throw fatal }
        noteEdgeReading()
        var droppedBefore: [Int32] = []
        var forwardResolved = 0
        var firstForward: SourcePosition?
        for offset in forwardEdges {
            let link = links[Int(offset)]
            if deviceOfNodeID[Int(link.source)] >= 0, deviceOfNodeID[Int(link.target)] >= 0 {
                forwardResolved += 1
                if firstForward == nil { firstForward = link.position }
            }
        }
        if let firstForward {
            sink.add(
                .warning, "\(forwardResolved) edge\(forwardResolved == 1 ? " appears" : "s appear") before the nodes they connect; read anyway",
                at: firstForward, code: "graphml.edge-before-node")
        }
        // Map intern ids to device indices in place, dropping links to undefined nodes.
        var kept = 0
        var suggested = 0
        for offset in 0..<links.count {
            let source = deviceOfNodeID[Int(links[offset].source)]
            let target = deviceOfNodeID[Int(links[offset].target)]
            if source < 0 || target < 0 {
                let link = links[offset]
                let missing = source < 0 ? nodeIDs.string(link.source) : nodeIDs.string(link.target)
                let name = link.id.map { "edge '\($0)'" } ?? "edge"
                // Suggestions scan every id: only for the first few, so a file of broken references stays fast.
                suggested += 1
                let hint =
                    suggested <= 10 ? Suggestions.closest(to: missing, among: topology.devices.lazy.map(\.id)).map { "; did you mean '\($0)'?" } ?? "" : ""
                sink.add(.error, "\(name) refers to undefined node '\(missing)'\(hint)", at: link.position, code: "graphml.undefined-node")
                droppedBefore.append(Int32(offset))
                continue
            }
            links[offset].source = source
            links[offset].target = target
            if kept != offset { links.swapAt(kept, offset) }
            kept += 1
        }
        links.removeLast(links.count - kept)
        var resolved = links
        links = []
        if !portReferences.isEmpty { resolvePorts(&resolved, dropped: droppedBefore) }
        settleRoles()
        for repeated in topology.rebuildDeviceIndex() {
            let device = topology.devices[Int(repeated)]
            sink.add(.error, "duplicate node id '\(device.id)'", at: device.position, code: "graphml.duplicate-node")
        }
        topology.links = resolved
        topology.rolesDeclared = rolesDeclared
        for slip in BandwidthSlips.find(in: topology) {
            sink.add(.warning, slip.message, at: topology.links[Int(slip.link)].position, code: "graphml.bandwidth-ratio")
        }
        return ImportResult(topology: topology, diagnostics: sink.finished())
    }

    private mutating func resolvePorts(_ resolved: inout [Link], dropped: [Int32]) {
        var portIndex: [String: Int32] = [:]
        for (index, port) in topology.ports.enumerated() {
            portIndex["\(port.device)|\(port.name)"] = Int32(index)
        }
        var droppedSet = Set(dropped)
        droppedSet.reserveCapacity(dropped.count)
        for reference in portReferences where !droppedSet.contains(reference.link) {
            // Index of the link after dropping: count the dropped links before it.
            let shift = dropped.partitionPoint { $0 < reference.link }
            let index = Int(reference.link) - shift
            guard index >= 0, index < resolved.count else { continue }
            let link = resolved[index]
            if let name = reference.sourcePort {
                if let port = portIndex["\(link.source)|\(name)"] {
                    resolved[index].sourcePort = port
                } else {
                    sink.add(
                        .error, "\(linkName(link)) refers to undefined port '\(name)' of node '\(topology.devices[Int(link.source)].id)'",
                        at: link.position, code: "graphml.undefined-port")
                }
            }
            if let name = reference.targetPort {
                if let port = portIndex["\(link.target)|\(name)"] {
                    resolved[index].targetPort = port
                } else {
                    sink.add(
                        .error, "\(linkName(link)) refers to undefined port '\(name)' of node '\(topology.devices[Int(link.target)].id)'",
                        at: link.position, code: "graphml.undefined-port")
                }
            }
        }
    }

    private func linkName(_ link: Link) -> String {
        if let id = link.id { return "edge '\(id)'" }
        return "edge '\(topology.devices[Int(link.source)].id)'~'\(topology.devices[Int(link.target)].id)'"
    }

    /// Gives every device without an explicit role one: group nodes (owners of nested graphs) are `other`; in a file
    /// without roles every other device is an accelerator; in a file with roles a missing role is a warning.
    private mutating func settleRoles() {
        var owners = [Bool](repeating: false, count: topology.devices.count)
        for graph in topology.graphs where graph.ownerDevice >= 0 { owners[Int(graph.ownerDevice)] = true }
        for index in 0..<topology.devices.count where !explicitRole[index] {
            let device = topology.devices[index]
            let role: Role
            if owners[index] {
                role = .other
            } else if !rolesDeclared {
                role = .accelerator
            } else {
                role = (device.tier ?? 0) >= 1 ? .switch : .accelerator
                sink.add(
                    .warning, "node '\(device.id)' has no role; read as '\(role.rawValue)'\((device.tier ?? 0) >= 1 ? " from its tier" : "")",
                    at: device.position, code: "graphml.missing-role")
            }
            if role != device.role { topology.updateDevice(at: Int32(index)) { $0.role = role } }
        }
    }
}

extension Array where Element == Int32 {
    /// The number of leading elements satisfying `predicate` (the array must be partitioned by it).
    /// - Complexity: O(log n).
    func partitionPoint(_ predicate: (Int32) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
