#!/usr/bin/env bash
# Times full reconstruction (decode + replay every event + serialize the DOM)
# of the largest conformance recording and of a generated ~100 MB session,
# and, in the same run, Python's orjson merely parsing the same files.
# Target: reconstruction within 3x of orjson's parse time.
#
#   Benchmarks/replay.sh            # ~100 MB generated session
#   MEGABYTES=20 Benchmarks/replay.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MEGABYTES=${MEGABYTES:-100}
RUNS=${RUNS:-3}
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

echo "== timing (best of $RUNS)"
SWIFT_OUT=$("$BENCH" reconstruct --runs "$RUNS" "$LARGEST" "$GENERATED")
PY_OUT=$("$VENV/bin/python" - "$RUNS" "$LARGEST" "$GENERATED" <<'PY'
import sys, time, orjson
runs = int(sys.argv[1])
for path in sys.argv[2:]:
    data = open(path, "rb").read()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        orjson.loads(data)
        best = min(best, time.perf_counter() - start)
    print(f"{path}\t{best:.4f}")
PY
)

printf "\n%-28s %10s %12s %14s %12s %10s\n" file MB "replay s" "replay MB/s" "orjson s" ratio
while IFS=$'\t' read -r file seconds decode rate summary; do
    py=$(printf "%s\n" "$PY_OUT" | awk -F'\t' -v f="$file" '$1==f {print $2}')
    bytes=$(stat -c %s "$file")
    mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}')
    pyrate=$(awk -v b="$bytes" -v s="$py" 'BEGIN {printf "%.1f", b/1e6/s}')
    ratio=$(awk -v a="$seconds" -v b="$py" 'BEGIN {printf "%.2f", a/b}')
    printf "%-28s %10s %12s %14s %12s %9sx\n" "$(basename "$file")" "$mb" "$seconds" "$rate" "$py ($pyrate MB/s)" "$ratio"
    echo "    ($summary; decoding alone ${decode}s)"
done <<< "$SWIFT_OUT"
echo
echo "ratio = full reconstruction time / orjson parse time (target <= 3x)"
