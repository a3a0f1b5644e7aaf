import Foundation
import FuzzCheckpoint
import FuzzSupport
import Learning
import Strategy

/// Fuzzes `checkpoint.json`, the manifest that says how to rebuild a policy (network sizes, action
/// count, feature spec, frozen observation statistics, environment and action scheme). The input
/// replaces the manifest of a valid checkpoint, which is then read the way `serve` does
/// (`TrainedPolicy.manifest`) and loaded and run the way `backtest --policy ckpt:DIR` does
/// (`TrainedPolicy.load` and one decision). A manifest edited by hand or damaged in transit must be
/// refused with an error, never trap, and never make the loader allocate without bound.
let directory = CheckpointFixture.save(as: "checkpoint")
let manifestFile = directory.appendingPathComponent(Checkpoint.manifestFile)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpointManifest(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    do {
        try Fuzz.data(start, count).write(to: manifestFile)
    } catch {
        fatalError("fuzz harness setup: cannot write \(manifestFile.path): \(error)")
    }
    _ = try? TrainedPolicy.manifest(at: directory)
    try? CheckpointFixture.loadAndDecide(directory)
    return 0
}

@main enum FuzzCheckpointManifestMain { static func main() { Fuzz.runDriver() } }
