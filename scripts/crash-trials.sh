#!/usr/bin/env bash
# Kills the reference server with SIGKILL at random moments under parallel load, TRIALS times (default 20), on one
# data directory, restarting it each time; then checks every acknowledged batch is read back and none twice.
# Every other kill also leaves a torn half record at the end of the log, as a crash mid-write would; each restart
# must cut it off (the log ends with a whole record) and never serve it.
#
#   scripts/crash-trials.sh [TRIALS] [SENDERS]
#
# Loopback only, ephemeral ports. Prints one line per trial and a Markdown table row for docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
trials=${1:-20} senders=${2:-8}
swift build --product session-harness >/dev/null
binary=$(swift build --show-bin-path)/session-harness
work=$(mktemp -d /tmp/crash-trials.XXXXXX)
data=$work/data acks=$work/acks
touch "$acks"
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

start_server() {
    "$binary" serve --data-dir "$data" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
    server_pid=$!
    for _ in $(seq 1 200); do
        port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/serve.out")
        [[ -n $port ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || { echo "server did not start:"; cat "$work/serve.err"; exit 1; }
        sleep 0.05
    done
    echo "server did not print its port"; exit 1
}

torn_written=0 torn_cut=0
RANDOM=14
for trial in $(seq 1 "$trials"); do
    start_server
    if [[ -s $data/batches.log && $(tail -c 1 "$data/batches.log" | od -An -c | tr -d ' ') != '\n' ]]; then
        echo "trial $trial: the torn record was not cut off on restart"; exit 1
    fi
    [[ $trial -gt 1 && $((trial % 2)) -eq 1 ]] && torn_cut=$((torn_cut + 1))
    python3 scripts/reliability/load.py "$port" "$acks" "t$trial" "$senders" 30 2>"$work/load.err" &
    load_pid=$!
    sleep "0.$((RANDOM % 9 + 1))"
    kill -9 "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=
    wait "$load_pid" || { echo "trial $trial: a sender got an answer other than 200:"; cat "$work/load.err"; exit 1; }
    if [[ $((trial % 2)) -eq 0 ]]; then
        printf '{"batch":{"sessionId":"torn-%s","windowId":"w' "$trial" >>"$data/batches.log"
        torn_written=$((torn_written + 1))
    fi
    echo "trial $trial: killed; $(wc -l <"$acks") batches acknowledged so far"
done
start_server
result=$(python3 scripts/reliability/verify.py "$port" "$acks") || { echo "$result"; echo "FAIL"; exit 1; }
if curl -sf "http://127.0.0.1:$port/v1/sessions" | grep -q torn-; then echo "a torn record was served"; exit 1; fi
echo "$result"
[[ $torn_written -gt 0 && $(tail -c 1 "$data/batches.log" | od -An -c | tr -d ' ') == '\n' ]] && torn_cut=$((torn_cut + 1))
echo "| crash trials | $trials SIGKILLs, $senders parallel senders | $result; torn records written $torn_written, cut off $torn_cut, served 0 |"
rm -rf "$work"
