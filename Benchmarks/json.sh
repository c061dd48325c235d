#!/usr/bin/env bash
# Encodes and decodes one ~100 MB synthetic rrweb stream with SessionHarness's JSON
# code, Foundation's JSONDecoder/JSONEncoder (and JSONSerialization) and Python's
# orjson, in one run, and prints MB/s and the ratios.
#
# Usage: Benchmarks/json.sh [MEGABYTES]   (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building (release)..." >&2
swift build -c release --product harness-benchmarks >&2
bench=.build/release/harness-benchmarks

venv=Benchmarks/.venv
if [ ! -x "$venv/bin/python" ]; then
  echo "creating $venv with orjson..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet orjson
fi

echo "generating a ${megabytes} MB recording..." >&2
"$bench" generate "$work/stream.json" "$megabytes" >&2
echo "measuring (Foundation's coders take about a minute)..." >&2
{
  "$bench" json "$work/stream.json" 3 | tail -n +2
  "$venv/bin/python" Benchmarks/orjson_bench.py "$work/stream.json" 3
} > "$work/results.tsv"

python3 - "$work/results.tsv" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, seconds, rate = line.split("\t")
    rows[name] = float(rate)
print(f"{'measurement':34} {'MB/s':>8}")
for name, rate in rows.items():
    print(f"{name:34} {rate:8.1f}")
def ratio(a, b):
    return rows[a] / rows[b]
print()
print("ratios (higher is better for the first):")
for ours, peer in [
    ("ours-encode-typed", "foundation-encode"),
    ("ours-decode-typed", "foundation-decode"),
    ("ours-encode-typed", "foundation-serialization-encode"),
    ("ours-decode-typed", "foundation-serialization-decode"),
    ("ours-encode-typed", "orjson-encode"),
    ("ours-decode-typed", "orjson-decode"),
    ("ours-decode-generic", "orjson-decode"),
]:
    print(f"  {ours} / {peer}: {ratio(ours, peer):.2f}x")
targets = [("encode", ratio("ours-encode-typed", "foundation-encode"), 10), ("decode", ratio("ours-decode-typed", "foundation-decode"), 5)]
failed = False
for what, value, target in targets:
    verdict = "met" if value >= target else "MISSED"
    failed |= value < target
    print(f"target {what} >= {target}x Foundation: {value:.1f}x, {verdict}")
sys.exit(1 if failed else 0)
PY
