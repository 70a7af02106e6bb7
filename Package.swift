// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "HanziKit",
    products: [
        .library(name: "HanziKit", targets: ["HanziKit"]),
        .executable(name: "hanzi", targets: ["hanzi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The system OpenCC library (Debian: libopencc-dev); a module map, no C code.
        .systemLibrary(
            name: "COpenCC",
            pkgConfig: "opencc",
            providers: [.apt(["libopencc-dev"]), .brew(["opencc"])]
        ),
        // OpenCC's C++ API (configurations, dictionaries) behind a small extern "C" surface.
        .target(
            name: "COpenCCBridge",
            dependencies: ["COpenCC"],
            linkerSettings: [.linkedLibrary("opencc"), .linkedLibrary("stdc++")]
        ),
        .target(
            name: "HanziKit",
            dependencies: ["COpenCC", "COpenCCBridge"]
        ),
        .executableTarget(
            name: "hanzi",
            dependencies: [
                "HanziKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Precision and recall of the lexicon-heavy rules on injected defects: see BENCHMARKS.md.
        .executableTarget(
            name: "hanzi-accuracy",
            dependencies: ["HanziKit"],
            path: "Benchmarks/Accuracy"
        ),
        .testTarget(
            name: "HanziKitTests",
            // Depending on the executable makes `swift test` build the `hanzi` binary the CLI tests run.
            dependencies: ["HanziKit", "hanzi"]
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
