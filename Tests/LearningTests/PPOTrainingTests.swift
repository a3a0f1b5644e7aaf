import Foundation
import Learning
import TradingCore
import XCTest

final class PPOTrainingTests: XCTestCase {
    /// The acceptance run for one seed: RL-Zoo hyperparameters, 100k steps, rolling-100 ≥ 475.
    /// ~2 s in a release build.
    func testCartPoleSolvesWithZooHyperparameters() throws {
        let result = try runPPOBenchmark(seed: 0, timesteps: 100_000, evalEpisodes: 5)
        print("CartPole seed 0: \(result.timesteps) steps in \(result.wallSeconds) s, solved at \(result.stepsToSolve.map(String.init) ?? "never"), eval \(result.evalMeanReturn)")
        XCTAssertNotNil(result.stepsToSolve, "rolling-100 mean return never reached 475")
        XCTAssertGreaterThanOrEqual(result.finalRollingMeanReturn ?? 0, 475)
        XCTAssertGreaterThanOrEqual(result.evalMeanReturn, 475)
    }

    /// Same seed → bit-identical parameters and episode log; another seed → different ones.
    func testSameSeedIsBitIdentical() throws {
        func train(_ seed: UInt64) throws -> ([UInt32], [EpisodeSummary]) {
            var config = PPOConfig.cartPoleZoo(seed: seed)
            config.totalTimesteps = 8_192
            let trainer = try PPOTrainer(config: config) { _ in CartPole() }
            trainer.learn()
            return (trainer.model.parameters.array.map(\.bitPattern), trainer.episodes)
        }
        let a = try train(3), b = try train(3), c = try train(4)
        XCTAssertEqual(a.0, b.0)
        XCTAssertEqual(a.1, b.1)
        XCTAssertNotEqual(a.0, c.0)
    }

    /// Callback sees progress, can stop early; approx-KL early stop and value clipping run.
    func testCallbackEarlyStopAndOptions() throws {
        var config = PPOConfig.cartPoleZoo(seed: 1)
        config.targetKL = 1e-6
        config.clipRangeValue = .constant(0.2)
        config.entCoef = 0.01
        config.network.sharedTrunk = true
        let trainer = try PPOTrainer(config: config) { _ in CartPole() }
        var calls = 0
        let last = trainer.learn(totalTimesteps: 100_000) { p in
            calls += 1
            XCTAssertTrue(p.update.stoppedEarly || p.update.minibatches == 20)
            return calls < 3
        }
        XCTAssertEqual(calls, 3)
        XCTAssertEqual(last.timesteps, 3 * 256)
        XCTAssertTrue(last.update.stoppedEarly, "a tiny target KL stops the epochs early")
        XCTAssertTrue(last.update.mean.loss.isFinite)
    }

    func testInvalidConfigIsRejectedWithFieldName() {
        var config = PPOConfig.cartPoleZoo()
        config.batchSize = 10_000
        XCTAssertThrowsError(try PPOTrainer(config: config) { _ in CartPole() }) { error in
            XCTAssertTrue("\(error)".contains("batchSize"))
        }
    }
}
