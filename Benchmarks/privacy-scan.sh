#!/usr/bin/env bash
# Scans a ~500 MB corpus of real-looking recordings (generated sessions plus
# the conformance recordings) with 100 canaries planted in 14 encodings on 4
# capture paths, with every decoder of CanaryScan, and in the same run times
# `grep -F -f` with the canaries' plain forms over the same files.
# Target: the scan within 3x of grep's time while checking every transformation.
# Both are timed in CPU time (user + system) of their own process, best of RUNS;
# the scan also reports its peak memory (maximum resident set size), and fails
# if it misses any planted canary.
#
#   Benchmarks/privacy-scan.sh
#   MEGABYTES=100 RUNS=1 Benchmarks/privacy-scan.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MEGABYTES=${MEGABYTES:-500}
RUNS=${RUNS:-3}
CONFORMANCE=${SESSIONHARNESS_CONFORMANCE:-$ROOT/../shared/conformance/rrweb}

echo "== building privacy-scan-bench (release)"
swift build -c release --product privacy-scan-bench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/privacy-scan-bench

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "== writing a ~${MEGABYTES} MB corpus"
if [ -d "$CONFORMANCE" ]; then
    "$BENCH" corpus "$WORK" "$MEGABYTES" "$CONFORMANCE"
else
    echo "(no conformance recordings at $CONFORMANCE: generated sessions only)"
    "$BENCH" corpus "$WORK" "$MEGABYTES"
fi
BYTES=$(cat "$WORK"/*.json | wc -c)

best() { sort -g | head -1; }
echo "== timing (best of $RUNS)"
SCAN_TIMES=() GREP_TIMES=() RSS=0
for _ in $(seq "$RUNS"); do
    OUT=$(/usr/bin/time -f "%U %S %M" -o "$WORK/time.txt" "$BENCH" scan "$WORK")
    read -r USER SYS KB < "$WORK/time.txt"
    SCAN_TIMES+=("$(echo "$USER + $SYS" | bc)")
    RSS=$KB
    FOUND=$(echo "$OUT" | cut -f5)
    /usr/bin/time -f "%U %S %M" -o "$WORK/time.txt" grep -F -c -f "$WORK/plain.txt" "$WORK"/*.json >/dev/null || true
    read -r USER SYS GREP_KB < "$WORK/time.txt"
    GREP_TIMES+=("$(echo "$USER + $SYS" | bc)")
done
SCAN=$(printf '%s\n' "${SCAN_TIMES[@]}" | best)
GREP=$(printf '%s\n' "${GREP_TIMES[@]}" | best)
MB=$(echo "scale=1; $BYTES / 1000000" | bc)
printf '%-44s %8s %10s %10s\n' "" "seconds" "MB/s" "peak RSS"
printf '%-44s %8.3f %10.1f %7d MB\n' "CanaryScan, every decoder ($FOUND/100 found)" "$SCAN" "$(echo "$BYTES / 1000000 / $SCAN" | bc -l)" $((RSS / 1024))
printf '%-44s %8.3f %10.1f %7d MB\n' "grep -F -f (plain forms only)" "$GREP" "$(echo "$BYTES / 1000000 / $GREP" | bc -l)" $((GREP_KB / 1024))
printf 'corpus %s MB; scan / grep = %.2fx (target: within 3x)\n' "$MB" "$(echo "$SCAN / $GREP" | bc -l)"
