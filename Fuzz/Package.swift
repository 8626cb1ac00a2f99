// swift-tools-version:6.0
// fabcheck fuzz targets: a separate package so `swift test` never builds them. See docs/fuzzing.md.
// Build: swift build -c debug -Xswiftc -sanitize=fuzzer,address --scratch-path .build-fuzz
import PackageDescription

let package = Package(
    name: "fabcheck-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "fabcheck", path: "..")
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "GraphMLFuzzer",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "FabricGraphML", package: "fabcheck"),
                .product(name: "FabricModel", package: "fabcheck"),
                .product(name: "FabricGraph", package: "fabcheck"),
            ]
        ),
        .executableTarget(
            name: "GraphMLChunkFuzzer",
            dependencies: ["CFuzzerDriver", .product(name: "FabricGraphML", package: "fabcheck"), .product(name: "FabricModel", package: "fabcheck")]
        ),
        .target(
            name: "ObservedFuzzSupport",
            dependencies: [.product(name: "FabricObserved", package: "fabcheck"), .product(name: "FabricModel", package: "fabcheck")]
        ),
        .executableTarget(name: "IBNetDiscoverFuzzer", dependencies: ["CFuzzerDriver", "ObservedFuzzSupport"]),
        .executableTarget(name: "LLDPFuzzer", dependencies: ["CFuzzerDriver", "ObservedFuzzSupport"]),
        .executableTarget(name: "CSVNeighbourFuzzer", dependencies: ["CFuzzerDriver", "ObservedFuzzSupport"]),
        .executableTarget(
            name: "ForwardingTablesFuzzer",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "FabricObserved", package: "fabcheck"),
                .product(name: "FabricModel", package: "fabcheck"),
                .product(name: "FabricGraph", package: "fabcheck"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
