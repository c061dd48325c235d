#!/usr/bin/env bash
# Writes everything the harness outputs for a fixed set of inputs into one folder,
# so two builds can be compared with `diff -r` (a restructuring must change no byte).
#
#   scripts/output-snapshot.sh BINARY OUT_DIR
#
# It writes: `generate Scenarios` at seeds 0 and 7; `run --json` (and its terminal
# output) on the embedded server, with elapsed seconds blanked; for each conformance
# recording `replay`, `replay --json`, `replay --at end` and `inspect --json`, with
# their exit codes; and a re-recording of every golden into OUT_DIR/golden.
set -uo pipefail
binary=${1:?usage: scripts/output-snapshot.sh BINARY OUT_DIR}
out=${2:?usage: scripts/output-snapshot.sh BINARY OUT_DIR}
cd "$(dirname "$0")/.."
conformance=${SESSIONHARNESS_CONFORMANCE:-../shared/conformance/rrweb}
rm -rf "$out" && mkdir -p "$out"

for seed in 0 7; do
  "$binary" generate Scenarios --output "$out/generate-seed-$seed" --seed "$seed" >"$out/generate-seed-$seed.txt" 2>&1
  echo "exit $?" >>"$out/generate-seed-$seed.txt"
done

blank_seconds() { sed -E 's/"seconds" ?: ?[0-9.e-]+/"seconds": 0/; s/[0-9]+\.[0-9] s$/N s/'; }
"$binary" run --json "$out/run.json" >"$out/run.txt" 2>&1; echo "exit $?" >>"$out/run.txt"
blank_seconds <"$out/run.json" >"$out/run.json.tmp" && mv "$out/run.json.tmp" "$out/run.json"
sed -E 's/http:\/\/127\.0\.0\.1:[0-9]+/http:\/\/127.0.0.1:PORT/' "$out/run.txt" | blank_seconds >"$out/run.txt.tmp" && mv "$out/run.txt.tmp" "$out/run.txt"

cp -R golden "$out/golden"
"$binary" run --golden "$out/golden" --record all >/dev/null 2>&1
diff -r golden "$out/golden" >"$out/golden-rerecorded.diff"

# Builds before the --json FILE change printed JSON for a bare --json.
json_stdout=(--json -)
"$binary" inspect --help 2>/dev/null | grep -q -- '--json FILE' || json_stdout=(--json)

if [ -d "$conformance" ]; then
  mkdir -p "$out/replay"
  for recording in "$conformance"/*.json; do
    name=$(basename "$recording" .json)
    "$binary" replay "$recording" >"$out/replay/$name.timeline.txt" 2>&1; echo "exit $?" >>"$out/replay/$name.timeline.txt"
    "$binary" replay "$recording" "${json_stdout[@]}" >"$out/replay/$name.json" 2>&1; echo "exit $?" >>"$out/replay/$name.json"
    "$binary" replay "$recording" --at end >"$out/replay/$name.end.html" 2>&1; echo "exit $?" >>"$out/replay/$name.end.html"
    "$binary" inspect "$recording" "${json_stdout[@]}" >"$out/replay/$name.inspect.json" 2>&1; echo "exit $?" >>"$out/replay/$name.inspect.json"
  done
else
  echo "skipped: $conformance not found" >"$out/replay-skipped.txt"
fi
echo "wrote $out"
