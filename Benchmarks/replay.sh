#!/usr/bin/env bash
# Times full reconstruction (decode + replay every event + serialize the DOM)
# of the largest conformance recording, of a generated ~100 MB session and of
# a generated session heavy in style-sheet events (~SHEET_MEGABYTES MB), and,
# in the same run, Python's orjson merely parsing the same files.
# Target: reconstruction within 3x of orjson's parse time.
# Both sides are timed in CPU time of their own process (best of RUNS), which
# the other engineers' builds on this shared machine disturb far less than
# wall time.
#
#   Benchmarks/replay.sh            # ~100 MB generated session
#   MEGABYTES=20 SHEET_MEGABYTES=5 Benchmarks/replay.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MEGABYTES=${MEGABYTES:-100}
SHEET_MEGABYTES=${SHEET_MEGABYTES:-20}
RUNS=${RUNS:-3}
SMALL_RUNS=${SMALL_RUNS:-300}
CONFORMANCE=${SESSIONHARNESS_CONFORMANCE:-$ROOT/../shared/conformance/rrweb}

echo "== building replay-bench (release)"
swift build -c release --product replay-bench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/replay-bench

VENV=$ROOT/Benchmarks/.venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import orjson' 2>/dev/null; then
    echo "== creating $VENV with orjson"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet orjson
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
LARGEST=$(ls -S "$CONFORMANCE"/*.json | head -1)
GENERATED=$WORK/generated-session.json
echo "== generating a ~${MEGABYTES} MB session"
"$BENCH" generate --megabytes "$MEGABYTES" --seed 1 --out "$GENERATED"

SHEETS=$WORK/style-sheet-session.json
echo "== generating a ~${SHEET_MEGABYTES} MB style-sheet session"
"$BENCH" generate --style-sheets --megabytes "$SHEET_MEGABYTES" --seed 1 --out "$SHEETS"

echo "== timing (best of $RUNS)"
SWIFT_OUT=$("$BENCH" reconstruct --runs "$SMALL_RUNS" "$LARGEST"; "$BENCH" reconstruct --runs "$RUNS" "$GENERATED" "$SHEETS")
# orjson is timed twice: as a program would call it (gc on) and with Python's
# cyclic GC switched off, which removes the collector passes that millions of
# new dicts trigger. The ratio uses the faster of the two, the stricter target.
PY_OUT=$("$VENV/bin/python" - "$RUNS" "$SMALL_RUNS" "$LARGEST" "$GENERATED" "$SHEETS" <<'PY'
import gc, sys, time, orjson
runs, small_runs = int(sys.argv[1]), int(sys.argv[2])
for n, path in enumerate(sys.argv[3:]):
    data = open(path, "rb").read()
    result = []
    for disable in (False, True):
        gc.enable()
        if disable:
            gc.disable()
        best = float("inf")
        for _ in range(small_runs if n == 0 else runs):
            start = time.process_time()
            value = orjson.loads(data)
            best = min(best, time.process_time() - start)
            del value
        result.append(best)
    gc.enable()
    print(f"{path}\t{min(result):.6f}\t{result[0]:.6f}\t{result[1]:.6f}")
PY
)

printf "\n%-28s %8s %10s %12s %22s %8s\n" file MB "replay s" "replay MB/s" "orjson s (MB/s)" ratio
while IFS=$'\t' read -r file seconds decode rate summary; do
    py=$(printf "%s\n" "$PY_OUT" | awk -F'\t' -v f="$file" '$1==f {print $2}')
    pygc=$(printf "%s\n" "$PY_OUT" | awk -F'\t' -v f="$file" '$1==f {print $3 " with gc on, " $4 " with gc off"}')
    bytes=$(stat -c %s "$file")
    mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}')
    pyrate=$(awk -v b="$bytes" -v s="$py" 'BEGIN {printf "%.1f", b/1e6/s}')
    ratio=$(awk -v a="$seconds" -v b="$py" 'BEGIN {printf "%.2f", a/b}')
    printf "%-28s %8s %10s %12s %22s %7sx\n" "$(basename "$file")" "$mb" "$seconds" "$rate" "$py ($pyrate)" "$ratio"
    echo "    replay: $summary; decoding alone ${decode}s"
    echo "    orjson: ${pygc}"
done <<< "$SWIFT_OUT"
echo
echo "ratio = full reconstruction (decode + replay every event + final DOM as HTML) / orjson parse, the faster of gc on/off (target <= 3x)"
