import ArgumentParser
import Foundation
import Live
import Serving
import Workflows

/// `sentrade serve`: the SageMaker inference contract on a local port (the container's `serve`).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve sentiment (Comprehend's BatchDetectSentiment shape) and policy decisions over HTTP (SageMaker contract).",
        discussion: HelpText.reflow("""
        Examples:
          sentrade serve --model models/fpb --port 8080
          curl -s localhost:8080/invocations -H 'Content-Type: application/json' -d '{"TextList":["Revenue beat estimates"],"LanguageCode":"en"}'
        GET /ping is 200 once the model is loaded; POST /invocations takes {"TextList": [...]} or
        {"symbol", "bars": [{"t","o","h","l","c","v"}], "posts": [...]} (needs a policy checkpoint in --model).
        """))
    @Option(help: "Model folder: a `sentiment train` model, a `sentrade train` checkpoint, or both (sentiment/ and policy/).")
    var model: String?
    @Option(help: "Port.") var port = 8080
    @Option(help: "Address to bind (0.0.0.0 inside a container).") var host = "127.0.0.1"

    func run() async throws { try await Self.serve(model: model, host: host, port: port) }

    static func serve(model: String?, host: String, port: Int) async throws {
        let loaded: InferenceModel
        do { loaded = try InferenceModel(directory: model) } catch { throw ValidationError("--model: \(error)") }
        let server = try await InferenceServer.start(model: loaded, host: host, port: port)
        CLI.note("serving on http://\(host):\(server.port) (analyzer \(loaded.analyzerName), policy \(loaded.checkpoint?.path ?? "none")); SIGTERM stops")
        let control = RunnerControl()
        let trap = SignalTrap(control: control)
        while !control.stopRequested { try await Task.sleep(nanoseconds: 100_000_000) }
        await server.stop()
        trap.cancel()
        CLI.note("stopped (\(control.reason))")
    }
}

/// `sentrade sagemaker train|serve`: the container contracts SageMaker runs (`docker run IMAGE train|serve`).
struct SageMakerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sagemaker", abstract: "SageMaker container contracts: training and inference.",
        subcommands: [SageMakerTrain.self, SageMakerServe.self])
}

struct SageMakerTrain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train from /opt/ml (hyperparameters.json, data channels) into /opt/ml/model; failures go to /opt/ml/output/failure.",
        discussion: "The root is /opt/ml, or SENTRADE_SM_ROOT. Metric lines: `metric iteration=N timesteps=T episode_return=R validation_sharpe=S best_validation_sharpe=B`.")

    func run() async throws {
        let root = SageMakerTrainingContract.defaultRoot()
        let contract = SageMakerTrainingContract(root: root)
        do {
            let outcome = try contract.run { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
            print("training complete: best validation Sharpe \(outcome.bestValidationSharpe), checkpoint \(root)/model")
        } catch {
            CLI.note("training failed: \(error) (written to \(root)/output/failure)")
            throw ExitCode(2)
        }
    }
}

struct SageMakerServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve /ping and /invocations on port 8080 with the model in /opt/ml/model.")
    @Option(help: "Port.") var port = 8080

    func run() async throws {
        try await ServeCommand.serve(model: SageMakerTrainingContract.defaultRoot() + "/model", host: "0.0.0.0", port: port)
    }
}
