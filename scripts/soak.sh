#!/usr/bin/env bash
# Soaks the reference server: CONNECTIONS concurrent keep-alive connections (default 1000), each posting a batch
# about once a second, for --duration SECONDS (default 600); samples RSS and open descriptors (the curve), then
# checks every acknowledged batch was stored, none twice. Loopback only, ephemeral port, its own data dir.
#
#   scripts/soak.sh [--duration SECONDS] [--connections N]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=600 connections=1000
while [[ $# -gt 0 ]]; do
    case $1 in
        --duration) duration=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        *) echo "usage: scripts/soak.sh [--duration SECONDS] [--connections N]" >&2; exit 64 ;;
    esac
done
ulimit -n $((connections * 2 + 256)) 2>/dev/null || true
swift build --product session-harness >/dev/null
binary=$(swift build --show-bin-path)/session-harness
work=$(mktemp -d /tmp/soak.XXXXXX)
"$binary" serve --data-dir "$work/data" --port 0 --max-connections $((connections + 16)) >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do
    port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/serve.out")
    [[ -n $port ]] && break
    sleep 0.05
done
[[ -n ${port:-} ]] || { echo "server did not start"; cat "$work/serve.err"; exit 1; }
status=0
python3 scripts/reliability/soak.py "$port" "$server_pid" "$work/acks" "$connections" "$duration" | tee "$work/soak.out" || status=$?
result=$(python3 scripts/reliability/verify.py "$port" "$work/acks") || status=1
echo "$result"
summary=$(sed -n 's/^summary: //p' "$work/soak.out")
echo "| soak | $connections keep-alive connections, ${duration} s | $summary; $result |"
rm -rf "$work"
exit $status
