// swift-tools-version:6.0
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
        .library(name: "Backtest", targets: ["Backtest"]),
        .library(name: "Workflows", targets: ["Workflows"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "TradingCore"),
        .target(name: "MarketData", dependencies: ["TradingCore"]),
        .target(name: "Sentiment", dependencies: ["TradingCore"]),
        .target(name: "Features", dependencies: ["TradingCore", "Sentiment"]),
        .target(name: "LearningKernels", swiftSettings: kernelSettings),
        .target(name: "LearningKernelsAVX512", dependencies: ["LearningKernels"], swiftSettings: avx512Settings),
        .target(name: "Learning", dependencies: ["TradingCore", "Features", "LearningKernels", "LearningKernelsAVX512"],
                swiftSettings: kernelSettings),
        .target(name: "Backtest", dependencies: ["TradingCore", "Features", "Learning"]),
        .target(name: "Workflows", dependencies: ["TradingCore", "MarketData", "Sentiment", "Features", "Learning", "Backtest"]),
        .executableTarget(
            name: "sentrade",
            dependencies: [
                "TradingCore", "MarketData", "Sentiment", "Features", "Learning", "Backtest", "Workflows",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TradingCoreTests", dependencies: ["TradingCore"]),
        .testTarget(name: "MarketDataTests", dependencies: ["TestSupport", "MarketData", "TradingCore"]),
        .testTarget(name: "SentimentTests", dependencies: ["TestSupport", "Sentiment", "MarketData", "TradingCore"]),
        .testTarget(name: "FeaturesTests", dependencies: ["TestSupport", "Features", "MarketData", "TradingCore"]),
        .testTarget(name: "LearningTests", dependencies: ["TestSupport", "Learning", "Features", "MarketData", "TradingCore"]),
        .testTarget(name: "WorkflowsTests", dependencies: ["TestSupport", "Workflows", "Backtest", "MarketData", "TradingCore"]),
        .testTarget(name: "BacktestTests", dependencies: ["TestSupport", "Backtest", "Learning", "Features", "MarketData", "TradingCore"]),
    ]
)
