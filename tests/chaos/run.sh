#!/usr/bin/env bash
# Reliability probes of the token hub and the SDK, on 127.0.0.1 only (see RELIABILITY.md).
#
#   tests/chaos/run.sh [--short|--full] [kill-hub] [kill-platform] [faults] [slow-clients]
#       [secrets]
#
# Builds wechat-hub (feature hub), wechat-sim and the probes (the `chaos` example of
# wechat-sim) into CARGO_TARGET_DIR, then runs each probe named (all five by default)
# against a simulator of its own. Every probe prints one summary line; the last line
# counts the probes that passed. --short (the default; CI) uses small counts, --full the
# counts of RELIABILITY.md. Exit code 0 when every probe passed, 1 otherwise, 2 for bad
# arguments.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

mode=short
probes=()
for arg in "$@"; do
  case "$arg" in
    --short) mode=short ;;
    --full) mode=full ;;
    kill-hub | kill-platform | faults | slow-clients | secrets) probes+=("$arg") ;;
    -h | --help)
      sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "run.sh: unknown argument: $arg (see --help)" >&2
      exit 2
      ;;
  esac
done
[ ${#probes[@]} -gt 0 ] || probes=(kill-hub kill-platform faults slow-clients secrets)

# The counts: --short for CI (about a minute once built), --full as documented.
if [ "$mode" = full ]; then
  kills=100 platform_kills=100 calls=3000 half_headers=200 slow_bodies=100 idle=400 hold_secs=62
else
  kills=20 platform_kills=20 calls=300 half_headers=100 slow_bodies=50 idle=400 hold_secs=32
fi

target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
echo "chaos: building wechat-hub, wechat-sim and the probes" >&2
cargo build -q -p wechat --features hub --bin wechat-hub
cargo build -q -p wechat-sim --bin wechat-sim --example chaos
hub_bin="$target/debug/wechat-hub"
sim_bin="$target/debug/wechat-sim"
chaos_bin="$target/debug/examples/chaos"

# Loopback only: no proxy between the probes, the hub and the simulator.
unset HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

# slow-clients holds about a thousand connections: room for them in this process, the
# probe and the hub (each connection is a descriptor on both sides), within the hard
# limit. The probe shrinks its counts to what is left.
want=4096
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then want=$hard; fi
soft=$(ulimit -Sn)
if [ "$soft" != unlimited ] && [ "$soft" -lt "$want" ]; then ulimit -Sn "$want"; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/wechat-chaos.XXXXXX")
sim_pid=
stop_sim() {
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=
  fi
}
trap 'stop_sim; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

appid=wx0c4a05de11c0a05e
secret="chaos-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
# The third-party platform of kill-platform: APPID:SECRET:TOKEN:EncodingAESKey (43 characters).
component="wxc0c4a05de11c0a05:chaos-platform-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n'):chaos:$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n' | head -c 43)"

# Starts a simulator serving the app, with extra arguments; sets sim_url. Each simulator
# writes files of its own, so that the address read is never a previous simulator's.
sims=0
start_sim() {
  sims=$((sims + 1))
  sim_out="$work/sim-$sims.out" sim_err="$work/sim-$sims.err"
  "$sim_bin" --listen 127.0.0.1:0 --app "$appid:$secret" "$@" >"$sim_out" 2>"$sim_err" &
  sim_pid=$!
  local line
  for _ in $(seq 100); do
    if read -r line <"$sim_out" 2>/dev/null && [ -n "$line" ]; then
      sim_url=${line#listening on }
      return 0
    fi
    kill -0 "$sim_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "chaos: wechat-sim did not start: $(head -c 300 "$sim_err")" >&2
  return 1
}

# run_probe NAME DEADLINE_SECS [SIM ARGS] -- [PROBE ARGS]: the probe against a fresh
# simulator, bounded by its own deadline and, as a backstop, by timeout(1).
run_probe() {
  local name=$1 deadline=$2
  shift 2
  local sim_args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    sim_args+=("$1")
    shift
  done
  [ $# -eq 0 ] || shift
  start_sim ${sim_args[@]+"${sim_args[@]}"} || return 1
  local rc=0
  timeout -k 10 $((deadline + 30)) "$chaos_bin" "$name" --deadline-secs "$deadline" \
    --sim "$sim_url" --hub-bin "$hub_bin" --appid "$appid" --secret "$secret" "$@" || rc=$?
  stop_sim
  return "$rc"
}

failed=()
for probe in "${probes[@]}"; do
  case "$probe" in
    kill-hub)
      run_probe kill-hub 600 --token-ttl 30 --grace 5 -- --kills "$kills" --token-ttl 30 ||
        failed+=("$probe")
      ;;
    kill-platform)
      run_probe kill-platform 600 --token-ttl 30 --grace 5 --component "$component" -- \
        --component "$component" --kills "$platform_kills" --token-ttl 30 ||
        failed+=("$probe")
      ;;
    faults)
      run_probe faults 600 -- --calls "$calls" || failed+=("$probe")
      ;;
    slow-clients)
      run_probe slow-clients $((hold_secs + 60)) -- --half-headers "$half_headers" \
        --slow-bodies "$slow_bodies" --idle "$idle" --hold-secs "$hold_secs" ||
        failed+=("$probe")
      ;;
    secrets)
      # The simulator's own output is scanned too: it is the next one's.
      run_probe secrets 120 -- --also-scan "$work/sim-$((sims + 1)).out" \
        --also-scan "$work/sim-$((sims + 1)).err" ||
        failed+=("$probe")
      ;;
  esac
done

passed=$((${#probes[@]} - ${#failed[@]}))
if [ ${#failed[@]} -eq 0 ]; then
  echo "chaos ($mode): $passed/${#probes[@]} probes ok"
else
  echo "chaos ($mode): $passed/${#probes[@]} probes ok; failed: ${failed[*]}"
  exit 1
fi
