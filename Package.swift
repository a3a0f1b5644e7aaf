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
        .executableTarget(
            name: "sentrade",
            dependencies: [
                "TradingCore", "MarketData", "Sentiment", "Features", "Learning", "Backtest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TradingCoreTests", dependencies: ["TradingCore"]),
        .testTarget(name: "MarketDataTests", dependencies: ["MarketData", "TradingCore"]),
        .testTarget(name: "SentimentTests", dependencies: ["Sentiment", "MarketData", "TradingCore"]),
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "MarketData", "TradingCore"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Features", "MarketData", "TradingCore"]),
        .testTarget(name: "BacktestTests", dependencies: ["Backtest", "Learning", "Features", "MarketData", "TradingCore"]),
    ]
)
