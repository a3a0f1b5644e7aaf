#!/usr/bin/env bash
# Builds and runs libFuzzer targets (Fuzz/<Name>/, see Fuzz/README.md).
#
#   scripts/fuzz.sh TARGET SECONDS     one target (CSVBars or FuzzCSVBars) for SECONDS
#   scripts/fuzz.sh all SECONDS        every target, one after another, SECONDS each
#   scripts/fuzz.sh list               the target names
#
# The build is a release build with `SENTRADE_FUZZ=1` in its own scratch path (FUZZ_SCRATCH, default
# .build-fuzz), never in .build. Each run starts from the committed seeds (Fuzz/<Name>/seeds) plus
# what earlier runs found, in a git-ignored working corpus (.build-fuzz-corpus/<Name>); crashing
# inputs are written to .build-fuzz-corpus/<Name>/artifacts/. Exits non-zero if any target crashed,
# timed out (more than FUZZ_TIMEOUT seconds, default 10, on one input), leaked or ran out of memory
# (FUZZ_RSS_MB, default 2048). FUZZ_BUILD=0 skips the build (binaries already built).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scratch="${FUZZ_SCRATCH:-.build-fuzz}"
corpus_root=".build-fuzz-corpus"
timeout_s="${FUZZ_TIMEOUT:-10}"
rss_mb="${FUZZ_RSS_MB:-2048}"

usage() {
    echo "usage: scripts/fuzz.sh TARGET|all SECONDS   (scripts/fuzz.sh list for the targets)" >&2
    exit 2
}

targets() {
    local dir
    for dir in Fuzz/*/; do
        dir="${dir%/}"
        [[ -d "$dir/seeds" ]] && echo "${dir#Fuzz/}"
    done
}

build() {
    local name="$1"
    [[ "${FUZZ_BUILD:-1}" == "0" ]] && return 0
    echo "== building Fuzz$name (release, $scratch)"
    SENTRADE_FUZZ=1 swift build -c release --product "Fuzz$name" --scratch-path "$scratch" --manifest-cache local
}

# Runs one target; prints its summary line and returns non-zero on any finding.
run() {
    local name="$1" seconds="$2"
    local binary="$scratch/release/Fuzz$name"
    local corpus="$corpus_root/$name"
    local log="$corpus_root/logs/$name.log"
    [[ -x "$binary" ]] || { echo "$binary not built" >&2; return 1; }
    mkdir -p "$corpus/artifacts" "$corpus_root/logs"
    cp -n "Fuzz/$name/seeds/"* "$corpus/" 2>/dev/null || true
    local extra=() asan="${ASAN_OPTIONS:-}"
    [[ -f "Fuzz/dicts/$name.dict" ]] && extra+=("-dict=Fuzz/dicts/$name.dict")
    # Targets that talk to their loopback server: LeakSanitizer reports buffers still in flight on
    # NIO's threads as leaks, and libFuzzer's leak check after each such input cuts the speed
    # 25-fold. Leaks are checked on every other target.
    case "$name" in
        AlpacaREST | AWSErrors | XSearch) extra+=("-detect_leaks=0") && asan="detect_leaks=0${asan:+:$asan}" ;;
    esac
    echo "== fuzzing $name for ${seconds}s (log $log)"
    local status=0
    # The Swift backtracer would stall ~30 s on each crash; libFuzzer and ASan report instead.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="$asan" LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp:print_suppressions=0" "$binary" "$corpus" "${extra[@]}" \
        -max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" \
        -artifact_prefix="$corpus/artifacts/" -print_final_stats=1 >"$log" 2>&1 || status=$?
    local execs rate peak files verdict
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
    peak="$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)"
    files="$(find "$corpus" -maxdepth 1 -type f | wc -l)"
    if [[ "$status" -eq 0 ]]; then
        verdict="ok"
    elif grep -q "ERROR: libFuzzer: timeout" "$log"; then
        verdict="TIMEOUT"
    elif grep -q "ERROR: libFuzzer: out-of-memory\|ERROR: libFuzzer: malloc" "$log"; then
        verdict="OUT-OF-MEMORY"
    elif grep -q "ERROR: LeakSanitizer" "$log"; then
        verdict="LEAK"
    else
        verdict="CRASH"
    fi
    printf '%-20s %8s execs  %6s execs/s  corpus %5s files  peak %5s MB  %s\n' \
        "$name" "${execs:-?}" "${rate:-?}" "$files" "${peak:-?}" "$verdict" | tee -a "$corpus_root/summary.txt"
    if [[ "$status" -ne 0 ]]; then
        grep -m1 -E "ERROR: |Fatal error|Precondition failed|deadly signal" "$log" >&2 || true
        ls "$corpus/artifacts/" >&2
        return 1
    fi
}

[[ $# -ge 1 ]] || usage
if [[ "$1" == "list" ]]; then
    targets
    exit 0
fi
[[ $# -eq 2 && "$2" =~ ^[0-9]+$ ]] || usage
seconds="$2"
mkdir -p "$corpus_root"

if [[ "$1" == "all" ]]; then
    mapfile -t names < <(targets)
else
    name="${1#Fuzz}"
    [[ -d "Fuzz/$name/seeds" ]] || { echo "unknown fuzz target '$1'; scripts/fuzz.sh list" >&2; exit 2; }
    names=("$name")
fi

for name in "${names[@]}"; do build "$name"; done
failed=()
for name in "${names[@]}"; do run "$name" "$seconds" || failed+=("$name"); done
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "findings in: ${failed[*]} (inputs under $corpus_root/<target>/artifacts/)" >&2
    exit 1
fi
