#!/usr/bin/env bash
# Runs one fuzz target for RUNS seeded mutations: scripts/fuzz.sh TARGET [RUNS] [SEED]
#
# Targets: json, recording (decoder + reconstructor), scenario, http (request head parser), server (whole requests
# over loopback to a reference server), decompression, sentry (envelope and recording decoders), batch (upload batch
# decoder + redaction). The fuzzer is the seeded in-process one in Tests/IngestServerTests/Fuzz (a SwiftPM test
# build cannot be instrumented for libFuzzer here). Each input is written to .build/fuzz/TARGET.current before it
# runs; after a crash that file is kept as .build/fuzz/TARGET-crash-SEED and must become a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
targets="json recording scenario http server decompression sentry batch"
if [[ $# -lt 1 || " $targets " != *" $1 "* ]]; then
    echo "usage: scripts/fuzz.sh TARGET [RUNS] [SEED]; TARGET is one of: $targets" >&2
    exit 64
fi
target=$1 runs=${2:-100000} seed=${3:-$RANDOM}
mkdir -p .build/fuzz
current=.build/fuzz/$target.current
swift build --build-tests >/dev/null
log=.build/fuzz/$target.log
status=0
FUZZ_TARGET=$target FUZZ_RUNS=$runs FUZZ_SEED=$seed FUZZ_CURRENT=$PWD/$current \
    swift test --skip-build --filter "IngestServerTests.FuzzTests" >"$log" 2>&1 || status=$?
if [[ $status -ne 0 ]]; then
    cp "$current" ".build/fuzz/$target-crash-$seed"
    echo "fuzz $target: CRASH (exit $status) with seed $seed; input kept in .build/fuzz/$target-crash-$seed, log in $log"
    exit 1
fi
grep -E "^fuzz $target:" "$log"
