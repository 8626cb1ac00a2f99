import FabricModel

/// The builder's side of the parallel import (`ChunkedImport`): a chunk builder starts from the state the document's
/// header left (keys, defaults, the open top-level `<graph>`), reads one run of `<node>`/`<edge>` elements with
/// chunk-local ids, and the header's builder absorbs the chunks in document order.
extension GraphMLBuilder {
    /// A builder for one chunk of the body that follows `header`'s state: same file, options, keys, defaults and open
    /// elements; fresh buffers and caches (a copy shares none of `header`'s reference-typed state), empty model.
    init(chunkOf header: GraphMLBuilder) {
        self.init(file: header.file, options: header.options)
        topology.graphs = header.topology.graphs
        frames = header.frames
        sawRoot = header.sawRoot
        keys = header.keys.map { key in
            var copy = key
            copy.lastBytes = ByteBuffer()
            copy.lastValue = nil
            copy.lastMeaning = .none
            copy.hasCache = false
            return copy
        }
        keyIDs = header.keyIDs
        keyIndexOfInterned = header.keyIndexOfInterned
        defaultKeys = header.defaultKeys
        keysByDomainAndName = header.keysByDomainAndName
        graphStack = header.graphStack
        rolesDeclared = false
        deferSRLGs = true
    }

    /// Whether a chunk builder's result can be absorbed as it is: no diagnostic, nothing fatal, and none of the
    /// constructs whose meaning depends on state shared across the document (ports, hyperedges, nested graphs).
    var chunkIsClean: Bool {
        fatal == nil && !chunkUnsafe && sink.items.isEmpty && topology.ports.isEmpty && portReferences.isEmpty && hyperedgeCount == 0
            && frames.count == 2 && !nodeOpen && !inEdge
    }

    /// Appends a clean chunk's devices and links (in document order) to this builder, mapping chunk-local node ids,
    /// SRLG texts and lines (`lineShift` is added to every line) to the document's. Returns false, leaving this
    /// builder unusable, when an id is declared both here and in the chunk: only the serial reader reports that.
    /// - Complexity: O(devices + links + distinct ids and SRLG texts of the chunk) expected.
    mutating func absorb(_ chunk: GraphMLBuilder, lineShift: Int32) -> Bool {
        assert(chunk.links.count == chunk.linkSRLGTexts.count, "one SRLG text id per chunk link")
        let deviceOffset = Int32(topology.devices.count)
        for var device in chunk.topology.devices {
            device.position = Self.shifted(device.position, by: lineShift)
            topology.appendDeviceDeferringIndex(device)
        }
        explicitRole.append(contentsOf: chunk.explicitRole)
        rolesDeclared = rolesDeclared || chunk.rolesDeclared
        guard let nodeMap = absorbNodeIDs(of: chunk, deviceOffset: deviceOffset) else { return false }
        let textMap = absorbSRLGTexts(of: chunk)
        let linkOffset = Int32(links.count)
        for (offset, forward) in chunk.forwardEdges.enumerated() {
            // Forward in the document unless every endpoint the chunk had not seen was declared in an earlier chunk.
            let link = chunk.links[Int(forward)]
            let mask = chunk.forwardMasks[offset]
            let source = deviceOfNodeID[Int(nodeMap[Int(link.source)])]
            let target = deviceOfNodeID[Int(nodeMap[Int(link.target)])]
            let sourceEarlier = source >= 0 && source < deviceOffset
            let targetEarlier = target >= 0 && target < deviceOffset
            if (mask & 1 != 0 && !sourceEarlier) || (mask & 2 != 0 && !targetEarlier) {
                forwardEdges.append(linkOffset + forward)
            }
        }
        for (offset, var link) in chunk.links.enumerated() {
            link.source = nodeMap[Int(link.source)]
            link.target = nodeMap[Int(link.target)]
            link.position = Self.shifted(link.position, by: lineShift)
            let text = chunk.linkSRLGTexts[offset]
            if text >= 0 { link.srlgs = srlgGroupsOfText[Int(textMap[Int(text)])] }
            if let previous = links.last { link.shareSideStorage(with: previous) }
            links.append(link)
        }
        graphmlDirectedEdges += chunk.graphmlDirectedEdges
        if firstGraphMLDirected == nil, let first = chunk.firstGraphMLDirected { firstGraphMLDirected = Self.shifted(first, by: lineShift) }
        oneWayEdges += chunk.oneWayEdges
        return true
    }

    /// Maps the chunk's node-id intern ids to this builder's, entering the chunk's devices; nil on a repeated id.
    private mutating func absorbNodeIDs(of chunk: GraphMLBuilder, deviceOffset: Int32) -> [Int32]? {
        var map = [Int32](repeating: -1, count: chunk.nodeIDs.count)
        for local in 0..<chunk.nodeIDs.count {
            let (global, inserted) = nodeIDs.intern(copyOf: local, from: chunk.nodeIDs)
            if inserted { deviceOfNodeID.append(-1) }
            map[local] = global
            let device = chunk.deviceOfNodeID[local]
            guard device >= 0 else { continue }
            if deviceOfNodeID[Int(global)] >= 0 { return nil }
            deviceOfNodeID[Int(global)] = deviceOffset + device
        }
        return map
    }

    /// Maps the chunk's SRLG text ids to this builder's, resolving new texts to groups in document order (the order
    /// in which the serial reader meets them, so group indices come out the same).
    private mutating func absorbSRLGTexts(of chunk: GraphMLBuilder) -> [Int32] {
        var map = [Int32](repeating: -1, count: chunk.srlgTexts.count)
        for local in 0..<chunk.srlgTexts.count {
            let (global, inserted) = srlgTexts.intern(copyOf: local, from: chunk.srlgTexts)
            if inserted { srlgGroupsOfText.append(srlgGroups(ofNames: chunk.srlgNamesOfText[local])) }
            map[local] = global
        }
        return map
    }

    /// Closes the top-level `<graph>` and `<graphml>` after the last chunk (their end tags were read by the chunk).
    mutating func closeDocumentAfterChunks() {
        endElement()
        endElement()
    }

    private static func shifted(_ position: SourcePosition, by lines: Int32) -> SourcePosition {
        guard position.line > 0 else { return position }
        return SourcePosition(line: position.line &+ lines, column: position.column)
    }
}
