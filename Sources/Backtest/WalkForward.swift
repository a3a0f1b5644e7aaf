import Foundation
import TradingCore

/// Train/test windows for walk-forward evaluation: each fold trains on data before its test
/// window and tests on the next unseen window, so nothing fitted ever sees its test data.
public struct WalkForwardFold: Sendable, Hashable, Codable {
    public var index: Int
    /// Session indices (into the plan's `sessions`) used for fitting.
    public var train: Range<Int>
    /// Session indices tested, strictly after `train`.
    public var test: Range<Int>
}

/// How training windows grow from fold to fold.
public enum WalkForwardWindow: Sendable, Hashable, Codable {
    /// Every fold trains on all sessions before its test window.
    case expanding
    /// Every fold trains on the `sessions` sessions just before its test window.
    case rolling(sessions: Int)
}

/// Why a walk-forward plan cannot be made; the message says what to change.
public enum WalkForwardError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooFewSessions(available: Int, needed: Int)
    case windowTooShort(fold: Int, what: String, sessions: Int, minimum: Int)
    case badRange(String)

    public var description: String {
        switch self {
        case let .tooFewSessions(available, needed):
            return "only \(available) sessions in the period; this plan needs at least \(needed) (use fewer folds or a longer period)"
        case let .windowTooShort(fold, what, n, minimum):
            return "fold \(fold): \(what) window has \(n) sessions, fewer than the minimum \(minimum)"
        case .badRange(let s): return s
        }
    }
}

/// A list of folds over a list of session dates.
public struct WalkForwardPlan: Sendable, Hashable, Codable {
    public var sessions: [LocalDate]
    public var folds: [WalkForwardFold]

    /// `folds` equal test windows after an initial training share of the period.
    /// - Parameters:
    ///   - initialTrainFraction: share of sessions before the first test window.
    ///   - minimumTrain, minimumTest: shortest windows accepted; shorter ones are an error, never silently used.
    public static func make(sessions: [LocalDate], folds: Int, window: WalkForwardWindow = .expanding,
                            initialTrainFraction: Double = 0.5, minimumTrain: Int = 120, minimumTest: Int = 20) throws -> WalkForwardPlan {
        guard folds >= 1 else { throw WalkForwardError.badRange("--folds must be at least 1") }
        guard initialTrainFraction > 0, initialTrainFraction < 1 else {
            throw WalkForwardError.badRange("the initial training share must be in (0, 1)")
        }
        let n = sessions.count
        let needed = minimumTrain + folds * minimumTest
        guard n >= needed else { throw WalkForwardError.tooFewSessions(available: n, needed: needed) }
        let firstTest = max(Int(Double(n) * initialTrainFraction), minimumTrain)
        let testLength = (n - firstTest) / folds
        var out: [WalkForwardFold] = []
        for k in 0..<folds {
            let testStart = firstTest + k * testLength
            let testEnd = k == folds - 1 ? n : testStart + testLength
            let trainStart: Int
            switch window {
            case .expanding: trainStart = 0
            case .rolling(let length): trainStart = max(0, testStart - length)
            }
            let fold = WalkForwardFold(index: k, train: trainStart..<testStart, test: testStart..<testEnd)
            try check(fold, minimumTrain: minimumTrain, minimumTest: minimumTest)
            out.append(fold)
        }
        return WalkForwardPlan(sessions: sessions, folds: out)
    }

    /// One explicit fold: train on `[trainFrom, trainTo]`, test on `[testFrom, testTo]` (dates inclusive).
    public static func explicit(sessions: [LocalDate], train: ClosedRange<LocalDate>, test: ClosedRange<LocalDate>,
                                minimumTrain: Int = 60, minimumTest: Int = 20) throws -> WalkForwardPlan {
        guard train.upperBound < test.lowerBound else {
            throw WalkForwardError.badRange("test window \(test.lowerBound)…\(test.upperBound) must start after the training window ends (\(train.upperBound))")
        }
        let trainIdx = sessions.indices.filter { train.contains(sessions[$0]) }
        let testIdx = sessions.indices.filter { test.contains(sessions[$0]) }
        guard let t0 = trainIdx.first, let t1 = trainIdx.last, let s0 = testIdx.first, let s1 = testIdx.last else {
            throw WalkForwardError.badRange("no sessions in the training or test window")
        }
        let fold = WalkForwardFold(index: 0, train: t0..<(t1 + 1), test: s0..<(s1 + 1))
        try check(fold, minimumTrain: minimumTrain, minimumTest: minimumTest)
        return WalkForwardPlan(sessions: sessions, folds: [fold])
    }

    static func check(_ fold: WalkForwardFold, minimumTrain: Int, minimumTest: Int) throws {
        if fold.train.count < minimumTrain {
            throw WalkForwardError.windowTooShort(fold: fold.index, what: "training", sessions: fold.train.count, minimum: minimumTrain)
        }
        if fold.test.count < minimumTest {
            throw WalkForwardError.windowTooShort(fold: fold.index, what: "test", sessions: fold.test.count, minimum: minimumTest)
        }
    }

    /// First and last session date of a range of session indices.
    public func dates(_ range: Range<Int>) -> ClosedRange<LocalDate>? {
        guard let a = range.first, let b = range.last else { return nil }
        return sessions[a]...sessions[b]
    }
}
