import Foundation
import Learning
import TradingCore
import XCTest

/// VecNormalize's statistics: batch updates agree with the plain mean and variance of everything
/// seen; standardisation clips; a trainer that normalises keeps statistics from its rollouts only.
final class RunningStatisticsTests: XCTestCase {
    func testBatchedUpdatesMatchThePlainMeanAndVariance() {
        var rng = SeededGenerator(seed: 11)
        var stats = RunningStatistics(size: 3)
        var all: [[Double]] = [[], [], []]
        for _ in 0..<20 {
            let rows = 1 + rng.nextInt(below: 9)
            var batch = [Float]()
            for _ in 0..<rows {
                for j in 0..<3 {
                    let x = Float(Double(j) * 5 + (rng.nextUnit() - 0.5) * Double(j + 1) * 4)
                    batch.append(x)
                    all[j].append(Double(x))
                }
            }
            batch.withUnsafeBufferPointer { stats.update($0.baseAddress!, rows: rows) }
        }
        for j in 0..<3 {
            let n = Double(all[j].count)
            let mean = all[j].reduce(0, +) / n
            let variance = all[j].map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
            XCTAssertEqual(stats.mean[j], mean, accuracy: 1e-5 * max(1, abs(mean)))
            XCTAssertEqual(stats.variance[j], variance, accuracy: 1e-4 * max(1, variance))
        }
        XCTAssertEqual(stats.count, Double(all[0].count) + 1e-4, accuracy: 1e-9)
        var far: [Float] = [1e6, -1e6, Float(stats.mean[2])]
        far.withUnsafeMutableBufferPointer { stats.normalize($0.baseAddress!, rows: 1) }
        XCTAssertEqual(far[0], 10)
        XCTAssertEqual(far[1], -10)
        XCTAssertEqual(far[2], 0, accuracy: 1e-4)
    }

    func testTrainerKeepsStatisticsOfItsRolloutsAndStillLearnsCartPole() throws {
        var config = PPOConfig.cartPoleZoo(seed: 1)
        config.normalizeObservations = true
        config.normalizeRewards = true
        config.totalTimesteps = 40_960
        let trainer = try PPOTrainer(config: config) { _ in CartPole() }
        let final = trainer.learn()
        let stats = try XCTUnwrap(trainer.observationStatistics)
        XCTAssertEqual(stats.count, Double(final.timesteps) + 1e-4, accuracy: 1e-6, "every rollout observation, once")
        XCTAssertTrue(stats.variance.allSatisfy { $0 > 0 && $0.isFinite })
        XCTAssertNotNil(trainer.rewardStatistics)
        XCTAssertGreaterThan(final.rollingMeanReturn ?? 0, 100, "normalised PPO still learns CartPole")
        // Without normalisation the trainer keeps no statistics at all.
        XCTAssertNil(try PPOTrainer(config: PPOConfig.cartPoleZoo(seed: 1)) { _ in CartPole() }.observationStatistics)
        // Configs written before the options existed decode with them off.
        let old = try JSONDecoder().decode(PPOConfig.self, from: Data(#"{"numEnvs": 4}"#.utf8))
        XCTAssertFalse(old.normalizeObservations || old.normalizeRewards)
    }
}
