#!/usr/bin/env bash
# Instructions per call, typed SDK call vs raw reqwest: the call_overhead bench in its
# one-sided mode under `valgrind --tool=callgrind`, which counts instructions (client,
# simulator and runtime together) rather than seconds, so the figure does not depend on
# how busy the machine is.
# Usage: bash tests/bench/call_instructions.sh [calls]   (default 2000; needs valgrind)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
calls=${1:-2000}
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
cd "$root"
bin=$(cargo bench -p wechat --bench call_overhead --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "call_overhead" and m.get("executable"):
        print(m["executable"])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count() { # side calls -> total instructions
  CALL_OVERHEAD_ONLY=$1 CALL_OVERHEAD_CALLS=$2 valgrind --tool=callgrind \
    --callgrind-out-file="$work/out" "$bin" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
declare -A per_call
for side in sdk raw; do
  # Two counts, so that start-up and the warm-up call cancel out.
  small=$(count "$side" 100)
  large=$(count "$side" $((calls + 100)))
  per_call[$side]=$(( (large - small) / calls ))
done
sdk=${per_call[sdk]} raw=${per_call[raw]}
echo "instructions per call: sdk $sdk, raw reqwest $raw, extra $((sdk - raw)) ($(python3 -c "print(f'{$sdk/$raw:.4f}')")x)"
echo "throughput bound on a CPU-bound machine: $(python3 -c "print(f'{$raw/$sdk:.3f}')")x raw"
