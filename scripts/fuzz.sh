#!/usr/bin/env bash
# Runs one fuzz target: scripts/fuzz.sh TARGET [RUNS] [SEED]
#
# The targets are the suite's (Tests/IngestServerTests/Fuzz/FuzzTarget.swift; `scripts/fuzz.sh` with no target lists
# them). Where the toolchain supports it the engine is libFuzzer: the package's modules are built with
# `-sanitize=fuzzer,address` into .build-fuzz (a separate scratch path), linked with the targets and
# Fuzz/LibFuzzerDriver.swift into .build-fuzz/fuzz-targets, and run from a corpus in .build-fuzz/corpus/TARGET seeded
# from the repository's own fixtures; a crash or ASan report leaves its input in .build-fuzz/crashes/TARGET-*.
# Otherwise (or with FUZZ_ENGINE=inprocess) it is the seeded in-process mutation fuzzer the suite runs, whose input
# is written to .build/fuzz/TARGET.current before each run and kept as .build/fuzz/TARGET-crash-SEED after a crash.
# Either way a crash must become a regression test. The first line of output says which engine ran.
#
#   FUZZ_ENGINE=libfuzzer|inprocess   force an engine (default: libFuzzer when it builds)
#   FUZZ_SECONDS=N                    stop a libFuzzer run after N seconds even if RUNS are not done
set -euo pipefail
cd "$(dirname "$0")/.."
targets="json recording scenario http server decompression sentry batch reference-readback posthog-readback sentry-readback django-readback generic-readback"
if [[ $# -lt 1 || " $targets " != *" $1 "* ]]; then
    echo "usage: scripts/fuzz.sh TARGET [RUNS] [SEED]; TARGET is one of: $targets" >&2
    exit 64
fi
target=$1 runs=${2:-100000} seed=${3:-$RANDOM}
engine=${FUZZ_ENGINE:-auto}
scratch=.build-fuzz
mkdir -p "$scratch"

# The modules the targets use, in no particular order; each is linked from its instrumented objects.
modules="SessionModel Compression Markup ScenarioLanguage Ingest IngestServer Replay Goldens _TestSupport"

# Builds .build-fuzz/fuzz-targets; fails (with the reason in .build-fuzz/build.log) when the toolchain cannot.
build_libfuzzer() {
    local log=$scratch/build.log
    printf '@_cdecl("LLVMFuzzerTestOneInput") public func probe(_ d: UnsafePointer<UInt8>?, _ n: Int) -> Int32 { 0 }\n' >"$scratch/probe.swift"
    swiftc -sanitize=fuzzer,address -parse-as-library "$scratch/probe.swift" -o "$scratch/probe" >"$log" 2>&1 || return 1
    for module in _TestSupport ScenarioLanguage; do
        swift build --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address --target "$module" >>"$log" 2>&1 || return 1
    done
    local bin objects=() package
    bin=$(swift build --scratch-path "$scratch" --show-bin-path)
    for module in $modules; do objects+=("$bin/$module.build/"*.o); done
    # The targets use the package's `package` declarations, so they are compiled as part of the same package.
    package=$(grep -oE 'package-name[^A-Za-z0-9_]+[A-Za-z0-9_]+' "$scratch/debug.yaml" | head -1 | sed -E 's/.*[^A-Za-z0-9_]//')
    swiftc -sanitize=fuzzer,address -parse-as-library -package-name "$package" -module-name FuzzDriver -I "$bin/Modules" \
        -Xcc -fmodule-map-file=Sources/CZlib/module.modulemap -Xcc -fmodule-map-file=Sources/CSQLite/module.modulemap \
        Fuzz/LibFuzzerDriver.swift Tests/IngestServerTests/Fuzz/FuzzTarget.swift Tests/IngestServerTests/Fuzz/FuzzServer.swift \
        Tests/IngestServerTests/RawClient.swift "${objects[@]}" -lz -lsqlite3 -o "$scratch/fuzz-targets" >>"$log" 2>&1
}

run_libfuzzer() {
    local corpus=$scratch/corpus/$target log=$scratch/$target.log status=0
    mkdir -p "$corpus" "$scratch/crashes"
    # No leak checks: LeakSanitizer cannot follow Swift's enum payload pointers, whose spare bits hold the case, so
    # a target's lasting globals (the generic target's parsed configurations) are reported as leaked at exit.
    local options=(-runs="$runs" -seed="$seed" -max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1
                   -detect_leaks=0 -artifact_prefix="$scratch/crashes/$target-")
    [[ -n ${FUZZ_SECONDS:-} ]] && options+=(-max_total_time="$FUZZ_SECONDS")
    echo "fuzz $target: engine libFuzzer (-sanitize=fuzzer,address), corpus $corpus"
    # Swift's own backtracer would catch a trap first and hold the output open; libFuzzer reports it instead.
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} SWIFT_BACKTRACE=enable=no FUZZ_TARGET=$target FUZZ_SEED_CORPUS=$corpus "$scratch/fuzz-targets" "${options[@]}" "$corpus" >"$log" 2>&1 || status=$?
    local executions seconds coverage size
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    coverage=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
    size=$(find "$corpus" -type f | wc -l)
    if [[ $status -ne 0 ]]; then
        echo "fuzz $target: CRASH (exit $status) after ${executions:-?} executions, seed $seed; input in $(ls -t "$scratch/crashes/$target-"* 2>/dev/null | head -1), log in $log"
        grep -m3 -E 'ERROR: |Fatal error|SUMMARY' "$log" || true
        exit 1
    fi
    echo "fuzz $target: ${executions:-?} executions in ${seconds:-?} s, seed $seed, coverage ${coverage:-?} edges, corpus $size inputs, 0 crashes"
}

run_inprocess() {
    mkdir -p .build/fuzz
    local current=.build/fuzz/$target.current log=.build/fuzz/$target.log status=0
    swift build --build-tests >/dev/null
    FUZZ_TARGET=$target FUZZ_RUNS=$runs FUZZ_SEED=$seed FUZZ_CURRENT=$PWD/$current \
        swift test --skip-build --filter "IngestServerTests.FuzzTests" >"$log" 2>&1 || status=$?
    if [[ $status -ne 0 ]]; then
        cp "$current" ".build/fuzz/$target-crash-$seed"
        echo "fuzz $target: CRASH (exit $status) with seed $seed; input kept in .build/fuzz/$target-crash-$seed, log in $log"
        exit 1
    fi
    grep -E "^fuzz $target:" "$log"
}

case $engine in
    inprocess)
        echo "fuzz $target: engine in-process seeded mutation fuzzer (FUZZ_ENGINE=inprocess)"
        run_inprocess ;;
    libfuzzer)
        build_libfuzzer || { echo "fuzz $target: libFuzzer could not be built; see $scratch/build.log" >&2; exit 1; }
        run_libfuzzer ;;
    auto)
        if build_libfuzzer; then
            run_libfuzzer
        else
            echo "fuzz $target: engine in-process seeded mutation fuzzer (this toolchain cannot build libFuzzer; see $scratch/build.log)"
            run_inprocess
        fi ;;
    *) echo "FUZZ_ENGINE is libfuzzer or inprocess, not $engine" >&2; exit 64 ;;
esac
