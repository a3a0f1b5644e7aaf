import Foundation
import Learning
import MarketData

extension TrainingConfig {
    /// Every key a training config may have, so a typo is an error naming the nearest valid key
    /// (`featurs` → `features`). The `ppo` and `env` keys are read off their types' defaults.
    public static var schema: StrictConfig.Schema {
        func keys(_ value: some Encodable) -> [String] {
            guard case .object(let o)? = try? JSONValue(encoding: value) else { return [] }
            return Array(o.keys)
        }
        return StrictConfig.Schema(
            ["data", "features", "window", "split", "env", "ppo", "training"],
            nested: [
                "data": StrictConfig.Schema(["source", "root", "symbols", "files", "synthetic", "pricesDir", "posts"],
                                            nested: ["synthetic": StrictConfig.Schema(keys(SyntheticMarketConfig()))]),
                "split": StrictConfig.Schema(["trainStart", "trainEnd", "validationEnd", "trainFraction", "validationFraction"]),
                "env": StrictConfig.Schema(keys(TradingEnvConfig()) + ["episodeLength"]),
                "ppo": StrictConfig.Schema(keys(TrainingConfig.defaultPPO())),
                "training": StrictConfig.Schema(["validateEvery", "patience", "checkpointDirectory", "logFile", "gitCommit", "resumeDirectory"]),
            ])
    }
}
