import Foundation
import FuzzSupport
import Live

/// Fuzzes the live-run config reader, `LiveRunConfig.load` (`sentrade live --config FILE`): the
/// strict key check with nearest-key hints, YAML/JSON decoding of every optional setting (risk
/// limits, sim inputs) and the resolution of relative paths against the config's folder. A config
/// file is user input that decides how real money is traded: any bytes must load or throw a
/// `LiveSetupError` naming the file, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLiveConfig(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    _ = try? LiveRunConfig.load(path: Fuzz.write(Fuzz.data(start, count), to: "configs/live.yaml"))
    return 0
}

@main enum FuzzLiveConfigMain { static func main() { Fuzz.runDriver() } }
