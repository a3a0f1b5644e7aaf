import Foundation
import FuzzCheckpoint
import FuzzSupport
import Learning
import TradingCore

/// Fuzzes the safetensors reader (`SafeTensors(data:)`: the 8-byte header length, the JSON header
/// with dtype/shape/data_offsets, the tensor bytes), which reads every policy checkpoint and
/// sentiment model, including files downloaded from S3 after a cloud training job. A file the
/// reader accepts must be consistent (each tensor holds exactly the values its shape says, and the
/// writer can write it back to the same tensors); the input is then loaded as the weights of a
/// real checkpoint (`Checkpoint.load` → `TrainedPolicy` → one decision), which must run or throw.
let directory = CheckpointFixture.save(as: "checkpoint")
let weights = directory.appendingPathComponent(Checkpoint.weightsFile)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Fuzz.data(start, count)
    if let file = try? SafeTensors(data: input, path: "fuzz.safetensors") {
        for (name, tensor) in file.tensors {
            let expected = tensor.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
            Fuzz.check(tensor.shape.allSatisfy { $0 >= 0 } && expected == tensor.values.count,
                         "tensor '\(name)' has shape \(tensor.shape) but \(tensor.values.count) values")
        }
        guard let encoded = try? file.encoded(), let again = try? SafeTensors(data: encoded) else {
            Fuzz.fail("the reader accepted a file the writer cannot write back")
        }
        Fuzz.check(again.metadata == file.metadata && again.tensors.keys == file.tensors.keys
                     && again.tensors.allSatisfy { name, t in
                         t.shape == file.tensors[name]?.shape && t.values.map(\.bitPattern) == file.tensors[name]?.values.map(\.bitPattern)
                     }, "write → read changed the tensors")
    }
    do {
        try input.write(to: weights)
    } catch {
        fatalError("fuzz harness setup: cannot write \(weights.path): \(error)")
    }
    try? CheckpointFixture.loadAndDecide(directory)
    return 0
}

@main enum FuzzSafeTensorsMain { static func main() { Fuzz.runDriver() } }
