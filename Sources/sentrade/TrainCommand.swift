import ArgumentParser
import Foundation
import Learning
import Workflows
import TradingCore

/// `sentrade train`: trains the PPO trading agent from a JSON config (plus overriding flags),
/// keeps the best checkpoint by validation Sharpe and writes a JSON-lines log.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the PPO trading agent; keep the best checkpoint by validation Sharpe.",
        discussion: HelpText.reflow("""
        The config is YAML or JSON (see TrainingConfig in Sources/Workflows/TrainingConfig.swift); every section
        is optional, and paths inside it are relative to the config file. Flags override it (their paths are
        relative to the current folder).
        Examples:
          swift run -c release sentrade train --out runs/synthetic-fused
          swift run -c release sentrade train --config Examples/configs/stocknet.yaml --features price-only --steps 100000
        """))

    @Option(help: "Training config: YAML (.yaml/.yml) or JSON (.json).") var config: String?
    @Option(help: "Checkpoint directory (overrides training.checkpointDirectory).") var out: String?
    @Option(help: "Total environment steps (overrides ppo.totalTimesteps).") var steps: Int?
    @Option(help: "Seed (overrides ppo.seed).") var seed: UInt64?
    @Option(help: "fused | price-only (overrides features).") var features: String?
    @Flag(help: "Print the final summary as JSON.") var json = false
    @Flag(help: "Replace a checkpoint already in the output folder.") var force = false
    @Flag(name: .customLong("show-config"), help: "Print the resolved config (defaults, file and flags merged) as JSON and exit.")
    var showConfig = false

    func run() throws {
        var cfg = TrainingConfig()
        if let path = config {
            cfg = try TrainingConfig.load(path: path)
        }
        var ppo = cfg.ppo ?? TrainingConfig.defaultPPO()
        if let steps { ppo.totalTimesteps = steps }
        if let seed { ppo.seed = seed }
        cfg.ppo = ppo
        if let features { cfg.features = features }
        var options = cfg.training ?? TrainingOptions()
        if let out { options.checkpointDirectory = out }
        if showConfig {
            cfg.training = options
            print(try CLI.json(cfg))
            return
        }
        if let dir = options.checkpointDirectory, !force,
           FileManager.default.fileExists(atPath: dir + "/checkpoint.json") {
            throw ValidationError("\(dir) already holds a checkpoint: choose another folder with --out, or --force to replace it")
        }
        if let dir = options.checkpointDirectory, options.logFile == nil {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            options.logFile = dir + "/training.jsonl"
        }
        cfg.training = options
        let tty = CLI.isTTY
        let outcome = try TrainingWorkflow.run(cfg) { e in
            // On a terminal: one line rewritten every iteration; otherwise a line per validation.
            guard tty || e.validationSharpe != nil else { return }
            let eta = e.stepsPerSecond > 0 ? Double(max(e.totalTimesteps - e.timesteps, 0)) / e.stepsPerSecond : 0
            let ret = e.episodeReturn.map { String(format: "%.2f", $0) } ?? "-"
            let validation = e.validationSharpe.map { String(format: "%.3f", $0) } ?? "-"
            let best = e.bestValidationSharpe.map { String(format: "%.3f", $0) } ?? "-"
            let text = "steps \(e.timesteps)/\(e.totalTimesteps)  \(Int(e.stepsPerSecond)) SPS  episode return \(ret)  "
                + "validation Sharpe \(validation) (best \(best))\(e.improved ? " *" : "")  ETA \(Int(eta.rounded())) s"
            if tty {
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + text + (e.validationSharpe != nil ? "\n" : "")).utf8))
            } else {
                CLI.note(text)
            }
        }
        var reportPath: String?
        if let dir = options.checkpointDirectory {
            let resolved = String(decoding: try JSONEncoder().encode(cfg), as: UTF8.self)
            let record = RunRecord(version: SentradeVersion.current, settings: ["config": resolved], inputs: config.map { [$0] } ?? [])
            let doc = TrainingReport.document(
                events: outcome.events, title: "Training: \(cfg.features) agent",
                subtitle: "train \(outcome.manifest.dataRange?["train"] ?? "?"), validation \(outcome.manifest.dataRange?["validation"] ?? "?"); "
                    + "\(outcome.manifest.timesteps ?? 0) timesteps; best validation Sharpe \(String(format: "%.3f", outcome.bestValidationSharpe))",
                provenance: record.provenance,
                notes: outcome.stoppedEarly ? ["Stopped early: the validation Sharpe did not improve for \(options.patience ?? 0) validations."] : [])
            reportPath = dir + "/report.html"
            try CLI.write(doc.render(), to: dir + "/report.html")
        }
        struct Summary: Encodable {
            var checkpoint: String?, report: String?, reportDir: String?, features: String
            var bestValidationSharpe: Double, timesteps: Int, stoppedEarly: Bool, train: String?, validation: String?
        }
        let summary = Summary(checkpoint: options.checkpointDirectory, report: reportPath,
                              reportDir: options.checkpointDirectory.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                              features: cfg.features, bestValidationSharpe: outcome.bestValidationSharpe,
                              timesteps: outcome.manifest.timesteps ?? 0, stoppedEarly: outcome.stoppedEarly,
                              train: outcome.manifest.dataRange?["train"], validation: outcome.manifest.dataRange?["validation"])
        if json {
            print(try CLI.json(summary))
        } else {
            print("checkpoint: \(summary.checkpoint ?? "(not saved)")")
            print("report: \(summary.report ?? "(not written)")")
            print("train: \(summary.train ?? "-"), validation: \(summary.validation ?? "-")")
            print(String(format: "best validation Sharpe: %.4f; timesteps: %d%@", summary.bestValidationSharpe, summary.timesteps,
                         summary.stoppedEarly ? "; stopped early (no validation improvement)" : ""))
        }
    }
}
