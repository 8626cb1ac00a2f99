// swift-tools-version:6.0
// fabcheck benchmarks: a separate package so `swift test` never builds it. Run with `swift run -c release <Target>`.
import PackageDescription

let package = Package(
    name: "fabcheck-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "fabcheck", path: "..")
    ],
    targets: [
        .target(name: "BenchSupport", path: "Sources/BenchSupport"),
        .executableTarget(
            name: "GraphBench",
            dependencies: [
                "BenchSupport", .product(name: "FabricGraph", package: "fabcheck"), .product(name: "FabricDesigns", package: "fabcheck"),
                .product(name: "FabricModel", package: "fabcheck"),
            ]),
        .executableTarget(
            name: "ImportBench",
            dependencies: ["BenchSupport", .product(name: "FabricGraphML", package: "fabcheck"), .product(name: "FabricModel", package: "fabcheck")],
            path: "Sources/ImportBench"),
        .executableTarget(
            name: "EndToEndBench",
            dependencies: [
                "BenchSupport", .product(name: "FabricGraph", package: "fabcheck"), .product(name: "FabricGraphML", package: "fabcheck"),
                .product(name: "FabricModel", package: "fabcheck"),
            ]),
        .executableTarget(
            name: "BisectionBench",
            dependencies: [
                "BenchSupport", .product(name: "FabricGraph", package: "fabcheck"), .product(name: "FabricDesigns", package: "fabcheck"),
                .product(name: "FabricModel", package: "fabcheck"),
            ]),
        .executableTarget(
            name: "CheckBench",
            dependencies: [
                "BenchSupport", .product(name: "FabricRules", package: "fabcheck"), .product(name: "FabricGraph", package: "fabcheck"),
                .product(name: "FabricGraphML", package: "fabcheck"), .product(name: "FabricDesigns", package: "fabcheck"),
                .product(name: "FabricModel", package: "fabcheck"),
            ]),
        .executableTarget(
            name: "DesignsBench",
            dependencies: [
                "BenchSupport", .product(name: "FabricDesigns", package: "fabcheck"), .product(name: "FabricGraphML", package: "fabcheck"),
                .product(name: "FabricModel", package: "fabcheck"),
            ], path: "Sources/DesignsBench"),
        .executableTarget(
            name: "SweepBench",
            dependencies: [
                "BenchSupport", .product(name: "FabricGraph", package: "fabcheck"), .product(name: "FabricDesigns", package: "fabcheck"),
                .product(name: "FabricModel", package: "fabcheck"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
