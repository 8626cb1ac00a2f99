import FabricGraph
import FabricModel
import Testing

/// Shared risk by any attribute: `sweep --elements by:KEY` and `whatif --fail KEY=VALUE`, on the hand-written pod.
@Suite struct AttributeGroupSelectorTests {
    @Test func everyValueOfAKeyIsOneCorrelatedFailure() throws {
        let topology = try HandWrittenPod.topology()
        let elements = sweepElements(topology, class: try #require(SweepElementClass(rawValue: "by:power_feed")))
        #expect(elements.map(\.label) == ["power_feed=A", "power_feed=B"])
        let id = { (index: Int32) in topology.devices[Int(index)].id }
        let linkID = { (index: Int32) in topology.links[Int(index)].id ?? "" }
        // Feed A: leafA and the two cables on feed A; feed B: leafB only.
        #expect(elements[0].scenario.devices.map(id) == ["leafA"])
        #expect(elements[0].scenario.links.map(linkID) == ["a1", "a2"])
        #expect(elements[1].scenario.devices.map(id) == ["leafB"] && elements[1].scenario.links.isEmpty)
        #expect(sweepElementCount(topology, class: .attribute("power_feed")) == 2)
        #expect(SweepElementClass(rawValue: "by:") == nil && SweepElementClass.attribute("vendor").rawValue == "by:vendor")
        // The sweep label resolves back to the same failure.
        let resolver = FailureSelectorResolver(topology)
        let resolved = try resolver.resolve(texts: ["power_feed=A"])
        #expect(resolved == elements[0].scenario)
        let vendor = try resolver.resolve(texts: ["vendor=acme"])
        #expect(vendor.devices.map(id) == ["spine1", "spine2"] && vendor.links.isEmpty)
    }

    @Test func attributeSelectorErrorsNameTheKeyAndValue() throws {
        let resolver = FailureSelectorResolver(try HandWrittenPod.topology())
        #expect(throws: FailureSelectionError.unknownAttribute("power_fed", suggestion: "power_feed")) {
            try resolver.resolve(texts: ["power_fed=A"])
        }
        #expect(throws: FailureSelectionError.noMatch("power_feed=C", suggestion: "power_feed=A")) {
            try resolver.resolve(texts: ["power_feed=C"])
        }
    }

    @Test func sweepByAttributeFindsTheFeedThatStrandsALeaf() throws {
        let topology = try HandWrittenPod.topology()
        let report = FailureSweeper(topology: topology).run(SweepOptions(elements: .attribute("power_feed")), designName: "hand-pod")
        let byLabel = Dictionary(uniqueKeysWithValues: report.results.map { ($0.failure.label, $0) })
        // Either feed takes a leaf and strands its three accelerators from the other three.
        #expect(byLabel["power_feed=B"]?.strandedAccelerators == 3)
        #expect(byLabel["power_feed=A"]?.strandedAccelerators == 3)
    }
}
