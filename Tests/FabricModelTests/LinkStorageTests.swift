import FabricModel
import Testing

@Suite("Link compact storage")
struct LinkStorageTests {
    @Test("a link is 72 bytes (was 104): 14.7M links of supercluster-1m take 0.98 GiB")
    func stride() {
        #expect(MemoryLayout<Link>.stride == 72)
    }

    @Test("every property reads back what the initializer was given")
    func initializerRoundTrip() {
        let link = Link(
            id: "e7", source: 3, target: 9, sourcePort: 2, targetPort: 5, directed: true, bandwidth: 4e11,
            latencyNanoseconds: 12.5, medium: .optical, srlgs: [1, 4, 8], multiplicity: 3, graph: 2,
            attributes: ["cable": .string("aoc-3m")], position: SourcePosition(line: 40, column: 7))
        #expect(link.id == "e7")
        #expect(link.source == 3 && link.target == 9)
        #expect(link.sourcePort == 2 && link.targetPort == 5)
        #expect(link.directed)
        #expect(link.bandwidth == 4e11)
        #expect(link.latencyNanoseconds == 12.5)
        #expect(link.medium == .optical)
        #expect(link.srlgs == [1, 4, 8])
        #expect(link.multiplicity == 3)
        #expect(link.graph == 2)
        #expect(link.attributes == ["cable": .string("aoc-3m")])
        #expect(link.position == SourcePosition(line: 40, column: 7))
        #expect(link.hasSRLGs)

        let plain = Link(source: 0, target: 1)
        #expect(plain.id == nil && plain.bandwidth == nil && plain.latencyNanoseconds == nil && plain.medium == nil)
        #expect(plain.srlgs.isEmpty && !plain.hasSRLGs && plain.multiplicity == 1 && plain.attributes.isEmpty && !plain.directed)
        #expect(plain.sourcePort == -1 && plain.targetPort == -1 && plain.graph == 0 && plain.position == .unknown)
    }

    @Test("values at the edges of the compact encoding survive: groups inline and spilled, big and odd multiplicities")
    func encodingEdges() {
        var link = Link(source: 0, target: 1)
        for groups: [Int32] in [[], [0], [5, 2], [1, 2, 3], [-1], [7, -3], [Int32.max, 0]] {
            link.srlgs = groups
            #expect(link.srlgs == groups)
            #expect(link.hasSRLGs == !groups.isEmpty)
            var visited: [Int32] = []
            link.forEachSRLG { visited.append($0) }
            #expect(visited == groups)
        }
        link.srlgs = []
        for multiplicity: Int32 in [1, 0, 2, 0xFF_FFFE, 0xFF_FFFF, 0x100_0000, Int32.max, -1, Int32.min] {
            link.multiplicity = multiplicity
            #expect(link.multiplicity == multiplicity)
            #expect(link == Link(source: 0, target: 1, multiplicity: multiplicity))
        }
        for medium: Medium? in [.electrical, .optical, .other, nil] {
            link.medium = medium
            #expect(link.medium == medium)
            link.directed = true
            #expect(link.medium == medium && link.directed && link.multiplicity == Int32.min)
            link.directed = false
        }
        for value: Double? in [0, -0.0, 1e300, .infinity, -.infinity, nil] {
            link.bandwidth = value
            #expect(link.bandwidth?.bitPattern == value?.bitPattern)
            link.latencyNanoseconds = value
            #expect(link.latencyNanoseconds?.bitPattern == value?.bitPattern)
        }
        link.bandwidth = .nan
        #expect(link.bandwidth?.isNaN == true)
    }

    @Test("equality and hashing compare values, not storage: a link cleared back to defaults equals a fresh one")
    func equalityIgnoresStorage() {
        var link = Link(source: 4, target: 6, latencyNanoseconds: 3, srlgs: [1, 2, 3], multiplicity: Int32.max, attributes: ["a": .int(1)])
        #expect(link != Link(source: 4, target: 6))
        link.latencyNanoseconds = nil
        link.srlgs = []
        link.multiplicity = 1
        link.attributes = [:]
        let fresh = Link(source: 4, target: 6)
        #expect(link == fresh)
        #expect(link.hashValue == fresh.hashValue)
        #expect(Set([link, fresh]).count == 1)

        // Mutating a copy leaves the original alone (the side record is shared copy-on-write).
        let original = Link(source: 1, target: 2, latencyNanoseconds: 8, attributes: ["k": .bool(true)])
        var copy = original
        copy.attributes["k"] = .bool(false)
        copy.latencyNanoseconds = 9
        #expect(original.attributes == ["k": .bool(true)] && original.latencyNanoseconds == 8)
        #expect(copy.attributes == ["k": .bool(false)] && copy.latencyNanoseconds == 9)
    }

    @Test("sharing the side record changes no value")
    func sharing() {
        let first = Link(source: 0, target: 1, latencyNanoseconds: 5, srlgs: [1, 2, 3])
        var second = Link(source: 2, target: 3, latencyNanoseconds: 5, srlgs: [1, 2, 3])
        second.shareSideStorage(with: first)
        #expect(second.latencyNanoseconds == 5 && second.srlgs == [1, 2, 3] && second.source == 2)
        var third = Link(source: 2, target: 3, latencyNanoseconds: 6)
        third.shareSideStorage(with: first)
        #expect(third.latencyNanoseconds == 6 && third.srlgs.isEmpty)
    }
}
