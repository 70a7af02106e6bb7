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
            linkerSettings: [
                .linkedLibrary("opencc"),
                // The C++ standard library: GNU's on Linux, LLVM's on macOS.
                .linkedLibrary("stdc++", .when(platforms: [.linux])),
                .linkedLibrary("c++", .when(platforms: [.macOS])),
            ]
        ),
        // The layers, each a module so the compiler holds them apart (ARCHITECTURE.md). A module
        // uses the ones below it through their public or `package` API only.
        // Cache files mapped under read leases, so a file truncated while in use cannot end the process.
        .target(name: "HanziCacheMapping"),
        // Text: UTF-8, positions, encodings, input files, the folder walker, atomic files, caches.
        .target(name: "HanziText", dependencies: ["HanziCacheMapping"]),
        // Conversion: the OpenCC handle and dictionaries, the compiled engine, `Converter`.
        .target(
            name: "HanziConversion",
            dependencies: ["HanziText", "COpenCC", "COpenCCBridge"]
        ),
        // The curated tables of Dictionaries/, compiled in with C23's #embed: those files are the only copy.
        .target(name: "HanziData"),
        // Normalization: the engine, the rules, their lexicons, script detection, `.hanzi.yml`.
        .target(
            name: "HanziNormalization",
            dependencies: ["HanziText", "HanziConversion", "HanziData"]
        ),
        // Diff: alignment, hunks, the across-scripts comparison.
        .target(
            name: "HanziDiff",
            dependencies: ["HanziText", "HanziConversion"]
        ),
        // Reporters of findings and of diffs.
        .target(
            name: "HanziReporting",
            dependencies: ["HanziText", "HanziNormalization", "HanziDiff"]
        ),
        // The library users import: every layer re-exported, and the record streams that use them all.
        .target(
            name: "HanziKit",
            dependencies: ["HanziText", "HanziConversion", "HanziNormalization", "HanziDiff", "HanziReporting"]
        ),
        .executableTarget(
            name: "hanzi",
            dependencies: [
                "HanziKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzz targets: a libFuzzer binary under -sanitize=fuzzer, a replayer of saved inputs otherwise.
        .executableTarget(
            name: "hanzi-fuzz",
            dependencies: ["HanziKit"]
        ),
        // The conversion benchmark (see BENCHMARKS.md); it runs the built `hanzi` and `opencc`.
        .executableTarget(name: "hanzi-benchmark", path: "Sources/HanziBenchmark"),
        // Precision and recall of the lexicon-heavy rules on injected defects: see BENCHMARKS.md.
        .executableTarget(
            name: "hanzi-accuracy",
            dependencies: ["HanziKit"],
            path: "Benchmarks/Accuracy"
        ),
        // What normalization changes in correct text of every kind: see BENCHMARKS.md.
        .executableTarget(
            name: "hanzi-precision",
            dependencies: ["HanziKit"],
            path: "Benchmarks/Precision"
        ),
        .testTarget(
            name: "HanziKitTests",
            // Depending on the executables makes `swift test` build the binaries the tests run.
            dependencies: ["HanziKit", "hanzi", "hanzi-fuzz"],
            // Golden files and their inputs are read by the tests through #filePath, not bundled.
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
