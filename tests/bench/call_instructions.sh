#!/usr/bin/env bash
# Instructions per call, typed SDK call vs raw reqwest: the call_overhead bench in its
# one-sided mode under `valgrind --tool=callgrind`, which counts instructions (client,
# simulator and runtime together) rather than seconds, so the figure does not depend on
# how busy the machine is.
# Usage: bash tests/bench/call_instructions.sh [calls] [--cache]   (default 2000; needs valgrind)
# With --cache, callgrind also simulates the caches and the script prints level-1
# instruction-read, data-read and data-write misses per call.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
calls=${1:-2000}
cache=${2:-}
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
cd "$root"
bin=$(bash "$root/tests/bench/call_overhead_bin.sh")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count() { # side calls -> the summary counters (Ir, then the cache counters with --cache)
  local sim=()
  [ "$cache" = --cache ] && sim=(--cache-sim=yes)
  CALL_OVERHEAD_ONLY=$1 CALL_OVERHEAD_CALLS=$2 valgrind --tool=callgrind "${sim[@]}" \
    --callgrind-out-file="$work/out" "$bin" >/dev/null 2>&1
  sed -n 's/^summary: //p' "$work/out"
}
declare -A small large
for side in sdk raw; do
  # Two counts, so that start-up and the warm-up call cancel out.
  small[$side]=$(count "$side" 100)
  large[$side]=$(count "$side" $((calls + 100)))
done
python3 - "$calls" "${small[sdk]}" "${large[sdk]}" "${small[raw]}" "${large[raw]}" <<'PY'
import sys
calls = int(sys.argv[1])
def per_call(small, large):
    return [(b - a) / calls for a, b in zip(map(int, small.split()), map(int, large.split()))]
sdk, raw = per_call(sys.argv[2], sys.argv[3]), per_call(sys.argv[4], sys.argv[5])
print(f"instructions per call: sdk {sdk[0]:.0f}, raw reqwest {raw[0]:.0f}, extra {sdk[0] - raw[0]:.0f} ({sdk[0] / raw[0]:.4f}x)")
print(f"throughput bound on a CPU-bound machine: {raw[0] / sdk[0]:.3f}x raw")
if len(sdk) >= 6:
    for name, i in [("L1 instruction-read misses", 3), ("L1 data-read misses", 4), ("L1 data-write misses", 5)]:
        print(f"{name} per call: sdk {sdk[i]:.0f}, raw reqwest {raw[i]:.0f}, extra {sdk[i] - raw[i]:.0f}")
PY
