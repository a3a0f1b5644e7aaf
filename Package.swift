// swift-tools-version:6.1
import PackageDescription

/// Sentrade: one path from bars and posts to features, policy, broker and metrics.
/// Targets follow DESIGN.md §3; none imports a target above it.
/// The learner's matrix kernels are its speed (a CartPole PPO update is ~1e11 FLOP). On x86-64,
/// `LearningKernels` and `Learning` are compiled for AVX2+FMA (`-target-cpu haswell`: any x86-64 CPU
/// from 2013 on) and may use fused multiply-add (`SENTRADE_FMA`); `LearningKernelsAVX512` holds the
/// same generic kernels specialised for AVX-512, which `Learning` calls only when the CPU reports
/// AVX-512 at run time. Other architectures build the portable path with no flags.
#if arch(x86_64)
let kernelSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"]), .define("SENTRADE_FMA")]
let avx512Settings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "skylake-avx512"]), .define("SENTRADE_FMA")]
#else
let kernelSettings: [SwiftSetting] = []
let avx512Settings: [SwiftSetting] = []
#endif

let package = Package(
    name: "Sentrade",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sentrade", targets: ["sentrade"]),
        .library(name: "TradingCore", targets: ["TradingCore"]),
        .library(name: "MarketData", targets: ["MarketData"]),
        .library(name: "Sentiment", targets: ["Sentiment"]),
        .library(name: "Features", targets: ["Features"]),
        .library(name: "Learning", targets: ["Learning"]),
        .library(name: "Strategy", targets: ["Strategy"]),
        .library(name: "Backtest", targets: ["Backtest"]),
        .library(name: "Connectors", targets: ["Connectors"]),
        .library(name: "Workflows", targets: ["Workflows"]),
        .library(name: "Live", targets: ["Live"]),
        .library(name: "Serving", targets: ["Serving"]),
        .library(name: "Report", targets: ["Report"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The dashboard's HTTP server (streaming responses for server-sent events). No traits: the
        // swift-configuration support is not used.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already resolved for Hummingbird; named so the dashboard can end event streams on shutdown.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Property-based tests (generators and shrinking on Swift Testing); tests only, no dependencies of its own.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .target(name: "TradingCore"),
        .target(name: "MarketData", dependencies: ["TradingCore"]),
        .target(name: "Sentiment", dependencies: ["TradingCore"]),
        .target(name: "Features", dependencies: ["TradingCore"]),
        .target(name: "LearningKernels", swiftSettings: kernelSettings),
        .target(name: "LearningKernelsAVX512", dependencies: ["LearningKernels"], swiftSettings: avx512Settings),
        .target(name: "Learning", dependencies: ["TradingCore", "Features", "LearningKernels", "LearningKernelsAVX512"],
                swiftSettings: kernelSettings),
        .target(name: "Strategy", dependencies: ["TradingCore", "Features", "Learning"]),
        .target(name: "Report", dependencies: ["TradingCore"]),
        .target(name: "Backtest", dependencies: ["TradingCore", "Features", "Learning", "Strategy"]),
        .target(
            name: "Connectors",
            dependencies: [
                "TradingCore", "Sentiment",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(name: "Workflows", dependencies: [
            "TradingCore", "MarketData", "Sentiment", "Features", "Learning", "Strategy", "Backtest", "Report",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Live", dependencies: [
            "TradingCore", "MarketData", "Sentiment", "Features", "Learning", "Strategy", "Backtest", "Connectors", "Workflows",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Serving", dependencies: [
            "TradingCore", "MarketData", "Sentiment", "Features", "Learning", "Strategy", "Workflows", "Live", "Connectors",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Dashboard", dependencies: [
            "TradingCore", "Report", "Live",
            "Strategy",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(
            name: "sentrade",
            dependencies: [
                "TradingCore", "MarketData", "Sentiment", "Features", "Learning", "Strategy", "Backtest", "Connectors",
                "Workflows", "Live", "Serving", "Report", "Dashboard",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: [
            "Connectors",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], path: "Tests/TestSupport"),
        .testTarget(name: "TradingCoreTests", dependencies: ["TradingCore"]),
        .testTarget(name: "PropertyTests", dependencies: ["TradingCore", "MarketData", "Backtest",
                                                           .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "MarketDataTests", dependencies: ["TestSupport", "MarketData", "TradingCore"]),
        .testTarget(name: "SentimentTests", dependencies: ["TestSupport", "Sentiment", "MarketData", "TradingCore"]),
        .testTarget(name: "FeaturesTests", dependencies: ["TestSupport", "Features", "MarketData", "TradingCore"]),
        .testTarget(name: "LearningTests", dependencies: ["TestSupport", "Learning", "Features", "MarketData", "TradingCore"]),
        .testTarget(name: "WorkflowsTests", dependencies: ["TestSupport", "Workflows", "Strategy", "Backtest", "MarketData", "TradingCore"]),
        .testTarget(name: "BacktestTests", dependencies: ["TestSupport", "Strategy", "Backtest", "Learning", "Features", "MarketData", "TradingCore"]),
        .testTarget(
            name: "LiveTests",
            dependencies: [
                "TestSupport", "Live", "Connectors", "Workflows", "Strategy", "Backtest", "Features", "MarketData", "TradingCore",
                "Learning", "Sentiment", "Serving", "sentrade",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "DashboardTests",
            dependencies: ["TestSupport", "Dashboard", "Live", "Workflows", "Strategy", "Learning", "Features", "TradingCore",
                           "Report", "Backtest", "sentrade", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "ServingTests",
            dependencies: ["TestSupport", "Serving", "Live", "Connectors", "Workflows", "Learning", "Features", "MarketData",
                           "Sentiment", "TradingCore", "Strategy", "sentrade"]
        ),
        .testTarget(
            name: "ConnectorsTests",
            dependencies: [
                "TestSupport", "Connectors", "TradingCore", "Sentiment",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

// MARK: - Fuzzing (issue 12): only with `SENTRADE_FUZZ=1`
//
// `scripts/fuzz.sh TARGET SECONDS` builds and runs one libFuzzer target (see Fuzz/README.md). In this
// mode the project's own library targets (not the dependencies, not TestSupport) get libFuzzer
// coverage and AddressSanitizer, plus `-enable-testing` so a harness can reach the few internal
// decoders of the socket loops (`@testable import`). Each `Fuzz/<Name>/` folder becomes an executable
// `Fuzz<Name>`: its `LLVMFuzzerTestOneInput` is driven by libFuzzer through `Fuzz.runDriver()` in
// its `@main` (SwiftPM renames an executable's `main` and aliases `main` to it, so libFuzzer's own
// `main` cannot be the entry point). Without the variable this section adds nothing.
// `scripts/fuzz.sh` builds in its own scratch path (`.build-fuzz`) by default, so a developer's `.build`
// keeps its flags; CI builds in `.build` after the tests (`FUZZ_SCRATCH=.build`), which recompiles only
// the project's modules: the dependencies are built with the same flags in both modes.
if Context.environment["SENTRADE_FUZZ"] == "1" {
    let sanitizers = ["-sanitize=fuzzer,address"]
    for target in package.targets where target.type == .regular && target.name != "TestSupport" {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(sanitizers + ["-enable-testing"])]
    }
    // Harness support: libFuzzer's driver entry (C), scratch files and blocking on async calls, a
    // loopback HTTP server that answers with the input (the REST clients' real code path), and a
    // small valid policy checkpoint for the harnesses that replace one of its files or serve it.
    package.targets += [
        .target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver"], path: "Fuzz/FuzzSupport",
                swiftSettings: [.unsafeFlags(sanitizers)]),
        .target(name: "FuzzReplyServer", dependencies: ["FuzzSupport", "Live", .product(name: "Logging", package: "swift-log")],
                path: "Fuzz/FuzzReplyServer", swiftSettings: [.unsafeFlags(sanitizers)]),
        .target(name: "FuzzCheckpoint", dependencies: ["FuzzSupport", "Learning", "Features", "Strategy", "TradingCore"],
                path: "Fuzz/FuzzCheckpoint", swiftSettings: [.unsafeFlags(sanitizers)]),
    ]
    /// Fuzz target (folder under `Fuzz/`, product `Fuzz<name>`) → the modules its harness calls.
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("CSVBars", ["MarketData", "TradingCore"]),
        ("StockNetTweets", ["MarketData", "TradingCore"]),
        ("PostsJSONL", ["MarketData", "Connectors", "TradingCore"]),
        ("AlpacaREST", ["Connectors", "FuzzReplyServer", "Live", "TradingCore"]),
        ("AlpacaStreams", ["Connectors", "TradingCore"]),
        ("XSearch", ["Connectors", "FuzzReplyServer", "TradingCore"]),
        ("AWSErrors", ["Connectors", "FuzzReplyServer"]),
        ("TrainingConfig", ["Workflows"]),
        ("LiveConfig", ["Live"]),
        ("TextNormalizer", ["Sentiment", "TradingCore"]),
        ("SigV4", ["Connectors"]),
        ("SafeTensors", ["FuzzCheckpoint", "Learning", "TradingCore"]),
        ("CheckpointManifest", ["FuzzCheckpoint", "Learning", "Strategy"]),
        ("ServeRequest", ["FuzzCheckpoint", "Live", "Serving"]),
    ]
    for fuzz in fuzzTargets {
        package.targets.append(.executableTarget(
            name: "Fuzz\(fuzz.name)", dependencies: fuzz.dependencies + ["FuzzSupport"], path: "Fuzz/\(fuzz.name)",
            exclude: ["seeds"], swiftSettings: [.unsafeFlags(sanitizers + ["-parse-as-library"])],
            linkerSettings: [.unsafeFlags(sanitizers)]))
        package.products.append(.executable(name: "Fuzz\(fuzz.name)", targets: ["Fuzz\(fuzz.name)"]))
    }
}
