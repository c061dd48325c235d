#!/usr/bin/env bash
# Measures the simulator on one core: scenarios simulated one at a time (as `generate` goes),
# every event generated and encoded as canonical JSON, reported as events/s and MB/s: simulating
# alone, then with reading each recording (the figure compared; best of RUNS), then with letting
# each simulation go as well. In the same run, times
# Python's orjson serializing the same events (sorted keys, like ours), so the two
# can be compared.
#
# Usage: Benchmarks/simulate.sh [LARGE_SCENARIOS] [SEEDS]
#   LARGE_SCENARIOS  synthetic 400-step sessions to simulate (default 60)
#   SEEDS            seeds per real scenario in Scenarios/ (default 40)
#   RUNS (env)       timed runs per set, best taken (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
large=${1:-60}
seeds=${2:-40}
runs=${RUNS:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building (release)..." >&2
swift build -c release --product harness-benchmarks >&2
bench=.build/release/harness-benchmarks
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi

python=python3
if ! python3 -c "import orjson" 2>/dev/null; then
  venv=Benchmarks/.venv
  if [ ! -x "$venv/bin/python" ]; then
    echo "creating $venv with orjson..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet orjson
  fi
  python=$venv/bin/python
fi

run() {
  local label=$1 set=$2 count=$3
  echo "== $label" >&2
  # Best of RUNS timed runs (each is well under a second, so a shared machine's hiccups
  # matter), then one more that also writes the events for orjson, timed best of RUNS too.
  best=""
  for _ in $(seq "$runs"); do
    line=$("${pin[@]}" "$bench" simulate "$set" "$count" | tr '\n' ' ')
    rate=$(echo "$line" | sed -E 's/.*events_per_second[[:space:]]+([0-9]+).*/\1/')
    if [ -z "$best" ] || [ "$rate" -gt "$(echo "$best" | sed -E 's/.*events_per_second[[:space:]]+([0-9]+).*/\1/')" ]; then best=$line; fi
  done
  echo "$best" | tr ' ' '\n' | grep . | sed 's/^/  /'
  "${pin[@]}" "$bench" simulate "$set" "$count" "$work/$label.json" > /dev/null
  events=$(echo "$best" | sed -E 's/.*events[[:space:]]+([0-9]+).*/\1/')
  "${pin[@]}" "$python" Benchmarks/orjson_bench.py "$work/$label.json" "$runs" | grep encode | while IFS=$'\t' read -r name seconds mbs; do
    printf '  orjson-serialize\t%s s\t%s MB/s\t%.0f events/s\n' "$seconds" "$mbs" "$(echo "$events / $seconds" | bc -l)"
  done
}

run large large "$large"
run real Scenarios "$seeds"
