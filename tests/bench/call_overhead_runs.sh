#!/usr/bin/env bash
# Throughput of a typed call against raw reqwest, over several processes: the
# call_overhead bench RUNS times (default 5), each run followed by a control run (raw on
# both sides), then the median of the runs' ratios per concurrency, for the bench and for
# the control.
#
#   bash tests/bench/call_overhead_runs.sh [RUNS]
#
# One process's ratio moves with where its code and heap landed (which cache sets the
# two sides share) and with what the machine did meanwhile, as far as its control run
# shows; the median over processes, beside the control's, is the figure to quote.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
cd "$root"
bin=$(bash "$root/tests/bench/call_overhead_bin.sh")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for i in $(seq "$runs"); do
  for side in sdk control; do
    control=
    [ "$side" = control ] && control=raw
    CALL_OVERHEAD_CONTROL=$control "$bin" | sed -n "s/^concurrency *\([0-9]*\): ratio \([0-9.]*\).*/$side \1 \2/p" |
      tee -a "$out" | sed "s/^/run $i: /"
  done
done
python3 - "$out" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for c in sorted({int(r[1]) for r in rows}):
    pick = lambda side: sorted(float(r[2]) for r in rows if r[0] == side and int(r[1]) == c)
    sdk, control = pick("sdk"), pick("control")
    print(f"concurrency {c:>2}: sdk / raw median {statistics.median(sdk):.3f} over {len(sdk)} runs "
          f"(range {sdk[0]:.3f} - {sdk[-1]:.3f}); control raw / raw median {statistics.median(control):.3f} "
          f"(range {control[0]:.3f} - {control[-1]:.3f})")
PY
