import Foundation
import FuzzSupport
import Workflows

/// Fuzzes the training config reader, `TrainingConfig.load` (`sentrade train --config FILE`): the
/// strict key check (`StrictConfig`, with its nearest-key hint) and the YAML or JSON decoding of
/// every section, including the partial `ppo` section merged over the trading defaults. The input is
/// written as `train.yaml` and as `train.json`, since the file extension picks the decoder. A config
/// file is user input: any bytes must load or throw an error naming the file, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrainingConfig(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Fuzz.data(start, count)
    for name in ["train.yaml", "train.json"] {
        _ = try? TrainingConfig.load(path: Fuzz.write(input, to: name))
    }
    return 0
}

@main enum FuzzTrainingConfigMain { static func main() { Fuzz.runDriver() } }
