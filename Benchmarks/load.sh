#!/usr/bin/env bash
# Benchmarks/load.sh: how fast `session-harness load` drives requests, measured against wrk and hey in the same run.
#
# 1. nginx (Debian package) on a free loopback port answers 204 to everything.
# 2. For 2 KB and 32 KB POST bodies with the same connection count, the highest request
#    rate of wrk (1 thread), hey and `session-harness load --fixed-body` (one driver thread,
#    asked for far more than it can send, so it sends as fast as it can).
#    Targets: load >= 0.6x wrk and >= 1.0x hey.
# 3. Memory stays flat: peak RSS of a 1,000,000-request run within 1.2x of a 100,000-request run.
# 4. The reference server (`session-harness serve`, fsync per batch) as the endpoint: acknowledged
#    batches per second of real session uploads, beside nginx's rate for the same bodies.
#
# Usage: Benchmarks/load.sh            (CONNECTIONS=32 SECONDS_PER_RUN=8 by default)
# Installs nginx-light, wrk and hey with apt-get when missing and run as root; otherwise says what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-32}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}

missing=()
command -v nginx >/dev/null || missing+=(nginx-light)
command -v wrk >/dev/null || missing+=(wrk)
command -v hey >/dev/null || missing+=(hey)
command -v python3 >/dev/null || missing+=(python3)
if [ -x /usr/bin/time ]; then :; else missing+=(time); fi
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing ${missing[*]} (Debian packages)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null \
            || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
    else
        echo "missing: ${missing[*]}; install them with: apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

swift build -c release --product session-harness >/dev/null
BIN=$PWD/.build/release/session-harness
WORK=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 300s;
    client_body_buffer_size 64k;
    client_max_body_size 1m;
    client_body_temp_path $WORK/nginx/body;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / { return 204; }
    }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
pids+=($!)
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$NGINX_PORT") 2>/dev/null && break; sleep 0.1; done
URL="http://127.0.0.1:$NGINX_PORT/ingest"
echo "nginx $(nginx -v 2>&1 | sed 's/.*\///') on $URL, answering 204; $CONNECTIONS connections, ${SECONDS_PER_RUN}s per run, $(nproc) cores"
echo

ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'{a / b:.2f}' if b else 'n/a')" "$1" "$2"; }
json_field() { python3 -c "import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {'r': r}))" "$1" "$2"; }

printf '%-8s %12s %12s %12s %10s %10s\n' body wrk/s hey/s load/s load/wrk load/hey
for size in 2048 32768; do
    head -c "$size" /dev/zero | tr '\0' x > "$WORK/body-$size"
    cat > "$WORK/post-$size.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/octet-stream"
local file = io.open("$WORK/body-$size", "rb")
wrk.body = file:read("*a")
file:close()
LUA
    wrk_rate=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$WORK/post-$size.lua" "$URL" | awk '/^Requests\/sec:/ {print $2}')
    hey_rate=$(hey -z "${SECONDS_PER_RUN}s" -c "$CONNECTIONS" -m POST -T application/octet-stream -D "$WORK/body-$size" "$URL" \
        | awk '/Requests\/sec:/ {print $2}')
    "$BIN" load --endpoint "$URL" --fixed-body "$size" --arrival constant:10000000/s --duration "${SECONDS_PER_RUN}s" --drain 0s \
        --connections "$CONNECTIONS" --json "$WORK/load-$size.json" >/dev/null
    load_rate=$(json_field "$WORK/load-$size.json" "round(r['requests']['achievedRatePerSecond'])")
    printf '%-8s %12.0f %12.0f %12.0f %10s %10s\n' "$size" "$wrk_rate" "$hey_rate" "$load_rate" "$(ratio "$load_rate" "$wrk_rate")" "$(ratio "$load_rate" "$hey_rate")"
done
echo "targets: load/wrk >= 0.60, load/hey >= 1.00"
echo

# Memory: the same open-model run at 20,000 requests a second for 5 s and for 50 s.
peak_rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
echo "memory (peak RSS, 2 KB bodies at 20,000/s, constant rate):"
small_rss=$(peak_rss "$BIN" load --endpoint "$URL" --fixed-body 2048 --arrival constant:20000/s --duration 5s --connections "$CONNECTIONS" --json "$WORK/mem-small.json")
large_rss=$(peak_rss "$BIN" load --endpoint "$URL" --fixed-body 2048 --arrival constant:20000/s --duration 50s --connections "$CONNECTIONS" --json "$WORK/mem-large.json")
small_requests=$(json_field "$WORK/mem-small.json" "r['requests']['sent']")
large_requests=$(json_field "$WORK/mem-large.json" "r['requests']['sent']")
echo "  $small_requests requests: ${small_rss} kB"
echo "  $large_requests requests: ${large_rss} kB"
echo "  ratio $(ratio "$large_rss" "$small_rss") (target <= 1.20)"
echo

# The reference server: real session uploads, each fsynced before its acknowledgement.
SERVE_PORT=$(free_port)
"$BIN" serve --port "$SERVE_PORT" --data-dir "$WORK/serve-data" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$SERVE_PORT") 2>/dev/null && break; sleep 0.1; done
"$BIN" load --endpoint "http://127.0.0.1:$SERVE_PORT" --adapter reference --arrival constant:100000/s --duration "${SECONDS_PER_RUN}s" \
    --drain 0s --time-scale 1000000 --connections "$CONNECTIONS" --json "$WORK/serve.json" >/dev/null || true
acked=$(json_field "$WORK/serve.json" "r['sessions']['uploadsAcknowledged']")
batch_rate=$(json_field "$WORK/serve.json" "round(r['sessions']['uploadsAcknowledged'] / (r['generators'][0]['sendingMicroseconds'] / 1e6))")
mean_body=$(json_field "$WORK/serve.json" "round(r['sessions']['bodyBytesSent'] / max(1, r['sessions']['uploadsSent']))")
"$BIN" load --endpoint "$URL" --fixed-body "$mean_body" --arrival constant:10000000/s --duration "${SECONDS_PER_RUN}s" --drain 0s \
    --connections "$CONNECTIONS" --json "$WORK/nginx-same-body.json" >/dev/null
nginx_rate=$(json_field "$WORK/nginx-same-body.json" "round(r['requests']['achievedRatePerSecond'])")
echo "reference server (fsync per batch): $acked batches acknowledged, $batch_rate batches/s (mean body $mean_body B)"
echo "nginx, same body size, same client:  $nginx_rate requests/s; reference/nginx $(ratio "$batch_rate" "$nginx_rate")"
