import Foundation
import Learning
import TradingCore
import XCTest

final class CartPoleAndGAETests: XCTestCase {
    /// Five steps from a set state, compared with Gymnasium 1.x `CartPole-v1` (values printed by
    /// gymnasium for state (0.01, 0.02, −0.03, 0.04) and actions 1, 0, 1, 1, 0).
    func testDynamicsMatchGymnasium() {
        var env = CartPole()
        _ = env.reset(seed: 0)
        env.setState((0.01, 0.02, -0.03, 0.04))
        let expected: [(Double, Double, Double, Double)] = [
            (0.0104, 0.21553901710278936, -0.0292, -0.2619952237760392),
            (0.014710780342055786, 0.020845786573834096, -0.03443990447552078, 0.021336548341699957),
            (0.015127696073532468, 0.21644428170859645, -0.03401317350868678, -0.28201054141048904),
            (0.019456581707704396, 0.4120344663911632, -0.03965338433689656, -0.585224071659908),
            (0.02769727103552766, 0.2174897319450073, -0.05135786577009472, -0.30529140526092124),
        ]
        for (action, e) in zip([1, 0, 1, 1, 0], expected) {
            let r = env.step(action)
            XCTAssertEqual(r.reward, 1)
            XCTAssertFalse(r.terminated || r.truncated)
            XCTAssertEqual(env.state.0, e.0, accuracy: 1e-12)
            XCTAssertEqual(env.state.1, e.1, accuracy: 1e-12)
            XCTAssertEqual(env.state.2, e.2, accuracy: 1e-12)
            XCTAssertEqual(env.state.3, e.3, accuracy: 1e-12)
            XCTAssertEqual(r.observation[3], Float(e.3))
        }
    }

    func testTerminationAndTruncation() {
        var env = CartPole()
        _ = env.reset(seed: 1)
        env.setState((0, 0, 0.2094, 1))  // just under 12° (0.20944 rad), rotating outwards
        XCTAssertTrue(env.step(1).terminated, "θ beyond 12° terminates")
        _ = env.reset(seed: 1)
        env.setState((2.399, 1, 0, 0))
        XCTAssertTrue(env.step(1).terminated, "|x| beyond 2.4 terminates")
        // A short time limit truncates (not terminates) while the pole is up.
        var short = CartPole(maxEpisodeSteps: 3)
        _ = short.reset(seed: 2)
        var last = short.step(0)
        last = short.step(1)
        last = short.step(0)
        XCTAssertTrue(last.truncated)
        XCTAssertFalse(last.terminated)
        // Reset draws from [−0.05, 0.05] and a seed replays the same start.
        var a = CartPole(), b = CartPole()
        let oa = a.reset(seed: 42), ob = b.reset(seed: 42)
        XCTAssertEqual(oa, ob)
        XCTAssertTrue(oa.allSatisfy { abs($0) <= 0.05 })
    }

    /// GAE on a hand-computed two-step, one-env rollout with an episode boundary.
    func testGAEHandExample() {
        let buffer = RolloutBuffer(nSteps: 3, numEnvs: 1, observationSize: 1)
        // Step 0: r=1, V=0.5; step 1 ends the episode (next obs starts a new one): r=2, V=1;
        // step 2 (new episode): r=0.5, V=0.2; bootstrap V(next)=0.4, not a new episode.
        buffer.rewards[0] = 1; buffer.values[0] = 0.5
        buffer.rewards[1] = 2; buffer.values[1] = 1
        buffer.rewards[2] = 0.5; buffer.values[2] = 0.2
        buffer.episodeStarts = [false, false, true]
        let gamma = 0.9, lambda = 0.8
        var last: [Float] = [0.4]
        buffer.computeAdvantages(lastValues: &last, lastEpisodeStarts: [false], gamma: gamma, lambda: lambda)
        let d2 = 0.5 + gamma * 0.4 - 0.2
        let a2 = d2
        let d1 = 2 - 1.0            // next observation starts a new episode: no bootstrap
        let a1 = d1
        let d0 = 1 + gamma * 1 - 0.5
        let a0 = d0 + gamma * lambda * a1
        XCTAssertEqual(Double(buffer.advantages[2]), a2, accuracy: 1e-6)
        XCTAssertEqual(Double(buffer.advantages[1]), a1, accuracy: 1e-6)
        XCTAssertEqual(Double(buffer.advantages[0]), a0, accuracy: 1e-6)
        XCTAssertEqual(Double(buffer.returns[0]), a0 + 0.5, accuracy: 1e-6)
    }

    /// VectorEnv auto-resets and keeps the final observation for bootstrapping.
    func testVectorEnvAutoResetKeepsFinalObservation() {
        var vec = VectorEnv([CartPole(maxEpisodeSteps: 2), CartPole(maxEpisodeSteps: 5)])
        vec.reset(seed: 7)
        vec.step([0, 0])
        vec.step([1, 1])
        XCTAssertTrue(vec.truncated[0])
        XCTAssertFalse(vec.truncated[1])
        XCTAssertEqual(vec.env(0).elapsedSteps, 0, "env 0 was reset")
        XCTAssertNotEqual(Array(vec.finalObservations[0..<4]), Array(vec.observations[0..<4]),
                          "final observation kept, new episode's first observation in place")
        XCTAssertEqual(vec.drainFinishedEpisodes(), [EpisodeSummary(return: 2, length: 2)])
    }
}
