// swift-tools-version:6.0
import PackageDescription

/// Sentrade: one path from bars and posts to features, policy, broker and metrics.
/// Targets follow DESIGN.md §3; none imports a target above it.
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
        .target(name: "Learning", dependencies: ["TradingCore", "Features"]),
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
