import ArgumentParser
import Foundation
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
            TuneCommand.self,
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

    /// Exit codes a script can rely on: 0 success (and --help / --version), 2 a usage error (a bad
    /// or missing option, an input that fails validation), 1 any other failure (a file that cannot
    /// be read, a broker error). The message is one paragraph on stderr naming the input.
    static func main() async {
        var command: ParsableCommand
        do { command = try parseAsRoot() } catch {
            // Parse errors (a missing or malformed option) come with the subcommand's usage.
            if exitCode(for: error) == .success { exit(withError: error) }
            fail(fullMessage(for: error), usage: true)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)  // the command already said why (e.g. `health`)
        } catch {
            switch exitCode(for: error) {
            case .success:
                exit(withError: error)  // `help SUBCOMMAND` / `SUBCOMMAND --help` run as a command
            case .validationFailure:
                // A ValidationError thrown while running names its input; the root usage would mislead.
                fail(error is ValidationError ? "Error: \((error as? ValidationError)?.message ?? "\(error)")" : fullMessage(for: error),
                     usage: true)
            default:
                fail("Error: \(error)", usage: false)
            }
        }
    }

    /// One message on stderr, then exit 2 (usage) or 1 (anything else).
    static func fail(_ message: String, usage: Bool) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(usage ? 2 : 1)
    }
}
