// swift-tools-version:6.0
// fabcheck: verifies the interconnect of large AI accelerator clusters described as GraphML pod layouts.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

// `make install` passes the git commit it builds from; `fabcheck --version` prints it (hex digits and `-dirty` only).
let buildCommit = Context.environment["FABCHECK_GIT_COMMIT"].flatMap { commit in
    commit.allSatisfy { $0.isHexDigit || "-dirty".contains($0) } && !commit.isEmpty ? commit : nil
}

let package = Package(
    name: "fabcheck",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fabcheck", targets: ["fabcheck"]),
        .library(name: "FabricModel", targets: ["FabricModel"]),
        .library(name: "FabricGraphML", targets: ["FabricGraphML"]),
        .library(name: "FabricGraph", targets: ["FabricGraph"]),
        .library(name: "FabricDesigns", targets: ["FabricDesigns"]),
        .library(name: "FabricRules", targets: ["FabricRules"]),
        .library(name: "FabricReports", targets: ["FabricReports"]),
        .library(name: "FabricObserved", targets: ["FabricObserved"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(
            name: "CCbc",
            pkgConfig: "cbc",
            providers: [.apt(["coinor-libcbc-dev"]), .brew(["cbc"])]
        ),
        .target(name: "FabricModel", swiftSettings: strict),
        .target(name: "FabcheckBuildInfo", cSettings: buildCommit.map { [.define("FABCHECK_GIT_COMMIT", to: "\"\($0)\"")] } ?? []),
        .target(name: "FabricGraphML", dependencies: ["CLibXML2", "FabricModel"], swiftSettings: strict),
        .target(name: "FabricGraph", dependencies: ["CCbc", "FabricModel"], swiftSettings: strict),
        .target(name: "FabricDesigns", dependencies: ["FabricModel"], swiftSettings: strict),
        .target(name: "FabricObserved", dependencies: ["FabricModel"], swiftSettings: strict),
        .target(
            name: "FabricRules",
            dependencies: ["FabricModel", "FabricGraph", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(name: "FabricReports", dependencies: ["FabricModel", "FabricGraph", "FabricRules", "FabricObserved"], swiftSettings: strict),
        .executableTarget(
            name: "fabcheck",
            dependencies: [
                "FabricModel", "FabricGraphML", "FabricGraph", "FabricDesigns", "FabricRules", "FabricReports", "FabricObserved",
                "FabcheckBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FabricTestSupport",
            dependencies: ["FabricModel", "FabricGraphML", "FabricDesigns"],
            path: "Tests/FabricTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "FabricModelTests", dependencies: ["FabricModel", "FabricTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "FabricGraphMLTests", dependencies: ["FabricGraphML", "FabricModel", "FabricTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "FabricGraphTests", dependencies: ["FabricGraph", "FabricModel", "FabricGraphML", "FabricDesigns", "FabricTestSupport"]),
        .testTarget(name: "FabricDesignsTests", dependencies: ["FabricDesigns", "FabricModel", "FabricGraphML", "FabricGraph", "FabricTestSupport"]),
        .testTarget(
            name: "FabricRulesTests", dependencies: ["FabricRules", "FabricModel", "FabricGraph", "FabricGraphML", "FabricDesigns", "FabricTestSupport"]),
        .testTarget(
            name: "FabricReportsTests",
            dependencies: ["FabricReports", "FabricRules", "FabricModel", "FabricTestSupport", "FabricGraphML", "FabricGraph", "FabricObserved"]),
        .testTarget(
            name: "FabricObservedTests", dependencies: ["FabricObserved", "FabricModel", "FabricGraphML", "FabricGraph", "FabricTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "fabcheckTests", dependencies: ["fabcheck", "FabricTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
