import ArgumentParser
import Live
import TradingCore

/// The `sentrade` command line: one binary for demo, backtests, training, evaluation and benchmarks.
@main
struct Sentrade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentrade",
        abstract: "A trading bot that fuses prices with social and news sentiment and learns with PPO.",
        version: "sentrade \(SentradeVersion.current)",
        subcommands: [
            DemoCommand.self,
            BacktestCommand.self,
            TrainCommand.self,
            EvalCommand.self,
            SentimentCommand.self,
            DataCommand.self,
            PostsCommand.self,
            SynthCommand.self,
            LiveCommand.self,
            HealthCommand.self,
            DashboardCommand.self,
            ServeCommand.self,
            SageMakerCommand.self,
            CloudCommand.self,
            BenchCommand.self,
        ])
}
