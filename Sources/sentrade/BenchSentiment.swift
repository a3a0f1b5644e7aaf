import ArgumentParser
import Foundation
import Sentiment
import TradingCore

/// `sentrade bench sentiment [--json]`: single-core texts/s of each analyzer on the FPB sentences
/// repeated to ≥ 50,000 texts, and the linear model's training time (a subcommand of `bench`).
struct BenchSentimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Sentiment analyzer throughput (texts/s, one core) and training time.",
        discussion: HelpText.reflow("""
            Example (build in release first: swift build -c release):
              .build/release/sentrade bench sentiment --data ../shared/data/fpb/75Agree_train.csv --json
            """))

    @Option(help: "Labelled corpus (CSV or FPB @-format).") var data = "../shared/data/fpb/75Agree_train.csv"
    @Option(help: "Minimum corpus size (the file is repeated).") var minTexts = 50_000
    @Option(help: "Timed rounds per analyzer (best is reported; one round is ~0.05 s, so many ride out a slow spell of the machine).") var rounds = 25
    @Option(help: "Timed rounds of VADER (best is reported, like ours; one round is ~2.5 s).") var vaderRounds = 3
    @Option(help: "A Python with vaderSentiment installed (e.g. /work/venv-ref/bin/python): also time VADER on the same corpus and report the speed ratio.")
    var vaderPython: String?
    @OptionGroup var features: HashingOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let rows = try LabeledDataset.load(path: data)
        var result = runSentimentBenchmark(data: rows, corpusName: data, minTexts: minTexts, rounds: rounds,
                                           hashing: features.config)
        if let vaderPython {
            result.addReference(try VaderReference.measure(python: vaderPython, rows: rows, corpusTexts: result.corpusTexts,
                                                          rounds: vaderRounds))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print(result.text)
        }
    }
}

/// Times Python VADER (`vaderSentiment.SentimentIntensityAnalyzer.polarity_scores`) on the same
/// repeated corpus in a child process, by process CPU time (best of `rounds`, as our analyzers are
/// timed), and scores its FPB accuracy with the
/// usual compound thresholds (≥ 0.05 positive, ≤ −0.05 negative).
enum VaderReference {
    static let script = #"""
        import json, sys, time
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
        rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
        n = int(sys.argv[2])
        texts = [r["text"] for r in rows]
        corpus = (texts * (n // len(texts) + 1))[:n]
        a = SentimentIntensityAnalyzer()
        cpu, wall = float("inf"), float("inf")
        for _ in range(int(sys.argv[3])):
            c0, w0 = time.process_time(), time.perf_counter()
            for t in corpus: a.polarity_scores(t)
            c, w = time.process_time() - c0, time.perf_counter() - w0
            if c < cpu: cpu, wall = c, w
        def lab(t):
            c = a.polarity_scores(t)["compound"]
            return "POSITIVE" if c >= 0.05 else ("NEGATIVE" if c <= -0.05 else "NEUTRAL")
        print(json.dumps({"cpu": cpu, "wall": wall, "pred": [lab(t) for t in texts]}))
        """#

    static func measure(python: String, rows: [LabeledText], corpusTexts: Int, rounds: Int) throws -> AnalyzerThroughput {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sentrade-vader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("texts.jsonl")
        var lines = Data()
        for r in rows {
            lines.append(try JSONSerialization.data(withJSONObject: ["text": r.text]))
            lines.append(0x0A)
        }
        try lines.write(to: input)
        let run = try CLI.runPythonJSON(python, arguments: ["-c", script, input.path, String(corpusTexts), String(rounds)])
        guard let obj = run.object, let cpu = obj["cpu"] as? Double, let wall = obj["wall"] as? Double,
              let pred = obj["pred"] as? [String] else {
            throw ValidationError("\(python) could not run VADER (exit \(run.status)); install it with `pip install vadersentiment` into that venv")
        }
        let labels = SentimentEvaluation.labels(of: rows)
        let report = ClassificationReport(truth: rows.map(\.label), predicted: pred.map { SentimentLabel(rawValue: $0) ?? .neutral },
                                          labels: labels)
        return AnalyzerThroughput(analyzer: "vader (python)", accuracy: report.accuracy, macroF1: report.macroF1,
                                  texts: corpusTexts, seconds: wall, cpuSeconds: cpu, textsPerSecond: Double(corpusTexts) / cpu,
                                  textsPerWallSecond: Double(corpusTexts) / wall)
    }
}
