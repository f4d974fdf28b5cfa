#!/usr/bin/env bash
# Hub GET /client/access_token against nginx serving the same JSON as a static file,
# side by side in one run: throughput and p50 / p99 latency at 64 connections on
# loopback, measured with wrk.
#
# Needs nginx and wrk on PATH (Debian: apt-get install nginx-light wrk); installs
# nothing. Builds wechat-hub and wechat-sim in release mode.
#
# The two servers are measured in alternation, ROUNDS times (default 3), and the
# medians reported, so that a load change on the machine affects both alike.
#
# Usage: tests/bench/hub_vs_nginx.sh [DURATION_SECS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-10}"
CONNS="${2:-64}"
THREADS="${WRK_THREADS:-2}"
ROUNDS="${ROUNDS:-3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/wechat-rs-target}"

for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install nginx-light wrk curl" >&2; exit 2; }
done

cargo build --release -q -p wechat --features hub --bin wechat-hub
cargo build --release -q -p wechat-sim --bin wechat-sim
BIN="$CARGO_TARGET_DIR/release"

WORK="$(mktemp -d)"
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The address a server prints on its first stdout line ("listening on http://ADDR").
first_url() {
  local file="$1"
  for _ in $(seq 100); do
    if [ -s "$file" ]; then head -1 "$file" | sed 's/^listening on //'; return; fi
    sleep 0.05
  done
  echo "no address in $file" >&2; exit 1
}

APPID=wx1a2b3c4d5e6f7a8b
KEY=bench-key-5d1c9e
"$BIN/wechat-sim" --listen 127.0.0.1:0 --app "$APPID:bench-secret" >"$WORK/sim.out" 2>/dev/null &
PIDS+=($!)
SIM="$(first_url "$WORK/sim.out")"

cat >"$WORK/hub.toml" <<TOML
listen = "127.0.0.1:0"
api_base = "$SIM"
[store]
kind = "memory"
[[app]]
appid = "$APPID"
secret = "bench-secret"
[[key]]
name = "bench"
secret = "$KEY"
appids = ["$APPID"]
TOML
WECHAT_HUB_LOG=warn "$BIN/wechat-hub" --config "$WORK/hub.toml" >"$WORK/hub.out" 2>"$WORK/hub.err" &
PIDS+=($!)
HUB="$(first_url "$WORK/hub.out")"
HUB_URL="$HUB/client/access_token?appid=$APPID"

# The same JSON body for nginx to serve as a file.
mkdir -p "$WORK/www/client"
curl -sf -H "Authorization: Bearer $KEY" "$HUB_URL" >"$WORK/www/client/access_token"
chmod -R a+rX "$WORK/www"
NGINX_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx.err warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location = /client/access_token { default_type application/json; }
  }
}
CONF
nginx -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
NGINX_URL="http://127.0.0.1:$NGINX_PORT/client/access_token?appid=$APPID"
for _ in $(seq 100); do curl -sf "$NGINX_URL" >/dev/null && break; sleep 0.05; done

# "Requests/sec", p50 and p99 (in ms) from wrk --latency output.
measure() {
  local out
  out="$(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -H "Authorization: Bearer $KEY" "$1")"
  echo "$out" >&2
  local rps p50 p99
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p50="$(echo "$out" | awk '$1=="50%" {print $2}')"
  p99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}
to_ms() {
  python3 -c "
import re,sys
v=sys.argv[1]; m=re.match(r'([0-9.]+)(us|ms|s)', v)
n=float(m.group(1)); u=m.group(2)
print(round(n/1000 if u=='us' else n*1000 if u=='s' else n, 3))" "$1"
}

wrk -t1 -c8 -d1s -H "Authorization: Bearer $KEY" "$HUB_URL" >/dev/null   # warm-up
wrk -t1 -c8 -d1s "$NGINX_URL" >/dev/null
HUB_RUNS=()
NGINX_RUNS=()
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    HUB_RUNS+=("$(measure "$HUB_URL")"); NGINX_RUNS+=("$(measure "$NGINX_URL")")
  else
    NGINX_RUNS+=("$(measure "$NGINX_URL")"); HUB_RUNS+=("$(measure "$HUB_URL")")
  fi
done
# Medians of each column, and the ratio of the median throughputs.
median() { python3 -c "
import statistics,sys
rows=[list(map(float,r.split())) for r in sys.argv[1:]]
print(' '.join(str(round(statistics.median(c),3)) for c in zip(*rows)))" "$@"; }
read -r H_RPS H_P50 H_P99 < <(median "${HUB_RUNS[@]}")
read -r N_RPS N_P50 N_P99 < <(median "${NGINX_RUNS[@]}")
RATIO="$(python3 -c "print(round($H_RPS/$N_RPS, 2))")"

echo
echo "wrk -t$THREADS -c$CONNS -d${DURATION}s --latency, loopback, medians of $ROUNDS alternating rounds"
echo "machine: $(nproc) CPUs, $(lscpu | awk -F: '/Model name/ {gsub(/^ +/,"",$2); print $2; exit}'); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "hub rounds (req/s p50 p99): ${HUB_RUNS[*]}"
echo "nginx rounds (req/s p50 p99): ${NGINX_RUNS[*]}"
echo
echo "| server | requests/s | p50 (ms) | p99 (ms) |"
echo "|---|---|---|---|"
echo "| wechat-hub GET /client/access_token | $H_RPS | $H_P50 | $H_P99 |"
echo "| nginx, same JSON as a static file | $N_RPS | $N_P50 | $N_P99 |"
echo
echo "hub / nginx throughput: $RATIO"
