#ifndef SENTRADE_FUZZ_DRIVER_H
#define SENTRADE_FUZZ_DRIVER_H

/// Runs libFuzzer's driver (command-line flags, corpus, mutation loop) on the harness's
/// `LLVMFuzzerTestOneInput`. Called from the executable's entry point: SwiftPM renames every
/// executable's `main` to `<Target>_main` and aliases `main` to it, so libFuzzer's own `main`
/// is not the one that runs.
int sentrade_fuzz_main(int argc, char **argv);

#endif
