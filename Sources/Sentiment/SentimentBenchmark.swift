import Foundation
import TradingCore

/// Throughput of one analyzer on the benchmark corpus.
public struct AnalyzerThroughput: Sendable, Hashable, Codable {
    public var analyzer: String
    /// Accuracy and macro-F1 on the labelled corpus (once, not repeated), when measured.
    public var accuracy: Double?
    public var macroF1: Double?
    public var texts: Int
    /// Wall-clock seconds of the best round.
    public var seconds: Double
    /// Thread CPU seconds of the same round (what "one core" means on a shared machine).
    public var cpuSeconds: Double
    /// Texts per CPU-second of the scoring thread.
    public var textsPerSecond: Double
    /// Texts per wall-clock second.
    public var textsPerWallSecond: Double

    public init(analyzer: String, accuracy: Double? = nil, macroF1: Double? = nil, texts: Int, seconds: Double,
                cpuSeconds: Double, textsPerSecond: Double, textsPerWallSecond: Double) {
        self.analyzer = analyzer
        self.accuracy = accuracy
        self.macroF1 = macroF1
        self.texts = texts
        self.seconds = seconds
        self.cpuSeconds = cpuSeconds
        self.textsPerSecond = textsPerSecond
        self.textsPerWallSecond = textsPerWallSecond
    }
}

/// What `sentrade bench sentiment` reports: single-core throughput per analyzer, and the time to
/// train the linear model on the labelled corpus.
public struct SentimentBenchResult: Sendable, Hashable, Codable {
    public var corpus: String
    public var corpusTexts: Int
    public var results: [AnalyzerThroughput]
    public var trainRows: Int
    public var trainSeconds: Double
    /// Speed of each analyzer divided by the reference's (e.g. VADER), when one was measured.
    public var speedupOverReference: [String: Double] = [:]

    /// Adds an externally measured analyzer (e.g. Python VADER) and the speed ratios against it.
    public mutating func addReference(_ r: AnalyzerThroughput) {
        for own in results { speedupOverReference[own.analyzer] = own.textsPerSecond / r.textsPerSecond }
        results.append(r)
    }

    public var text: String {
        var lines = ["sentiment benchmark: \(corpusTexts) texts from \(corpus), one core"]
        let width = max(results.map(\.analyzer.count).max() ?? 0, 7) + 1
        for r in results {
            if let a = r.accuracy, let f = r.macroF1 {
                lines.append("  \(r.analyzer): accuracy \(String(format: "%.4f", a)), macro-F1 \(String(format: "%.4f", f)) on the labelled corpus")
            }
            lines.append("  \(r.analyzer.padding(toLength: width, withPad: " ", startingAt: 0)) \(Int(r.textsPerSecond.rounded())) texts/s per CPU-second (\(r.texts) texts, \(String(format: "%.3f", r.cpuSeconds)) s CPU, \(String(format: "%.3f", r.seconds)) s wall)")
        }
        lines.append("  " + "train".padding(toLength: width, withPad: " ", startingAt: 0) + "\(trainRows) rows in \(String(format: "%.3f", trainSeconds)) s")
        for (name, ratio) in speedupOverReference.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(name) is \(String(format: "%.1f", ratio))× the reference's texts/s")
        }
        return lines.joined(separator: "\n")
    }
}

/// Runs the sentiment benchmark on labelled texts (e.g. the FPB sentences) repeated to at least
/// `minTexts`: scores the whole corpus with each analyzer on the calling thread (best of `rounds`)
/// and times one training run. Called by `sentrade bench sentiment`.
public func runSentimentBenchmark(data: [LabeledText], corpusName: String, minTexts: Int = 50_000, rounds: Int = 3,
                                  hashing: HashingConfig = .init()) -> SentimentBenchResult {
    let base = data.map(\.text)
    var corpus: [String] = []
    corpus.reserveCapacity(minTexts + base.count)
    while corpus.count < minTexts && !base.isEmpty { corpus.append(contentsOf: base) }
    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

    var model: LinearModel?
    let train = seconds(clock.measure { model = LinearModel.train(data, hashing: hashing) })
    var analyzers: [(String, any LocalSentimentAnalyzer)] = [("lexicon", LexiconAnalyzer())]
    if let model { analyzers.append(("linear", LinearAnalyzer(model: model))) }
    var results: [AnalyzerThroughput] = []
    for (name, analyzer) in analyzers {
        var best = Double.infinity, bestWall = Double.infinity
        var sink = 0.0
        for _ in 0..<max(rounds, 1) {
            let cpu0 = threadCPUSeconds()
            let t = seconds(clock.measure {
                let scores = analyzer.scoreBatch(corpus)
                sink += scores.last?.positive ?? 0
            })
            let cpu = threadCPUSeconds() - cpu0
            if cpu < best { best = cpu; bestWall = t }
        }
        if sink.isNaN { print("") }  // keeps the scores alive
        let report = SentimentEvaluation.evaluate(analyzer, on: data)
        results.append(AnalyzerThroughput(analyzer: name, accuracy: name == "lexicon" ? report.accuracy : nil,
                                          macroF1: name == "lexicon" ? report.macroF1 : nil, texts: corpus.count, seconds: bestWall, cpuSeconds: best,
                                          textsPerSecond: Double(corpus.count) / best,
                                          textsPerWallSecond: Double(corpus.count) / bestWall))
    }
    return SentimentBenchResult(corpus: corpusName, corpusTexts: corpus.count, results: results,
                                trainRows: data.count, trainSeconds: train)
}

/// CPU time consumed by the calling thread, in seconds (wall time on a machine shared with other
/// builds understates single-core speed).
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
