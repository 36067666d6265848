#!/bin/bash
# Measures generated plans for docs/performance.md: capplan end to end (LP
# relaxation, HiGHS) against HiGHS alone on the MPS that `capplan export`
# writes, with peak memory from /usr/bin/time.
#
#   cargo build --release && cargo build --release --example highs_mps
#   scripts/perf-generated.sh "S 5 5 24" "M 20 10 40" "L 50 15 60" "XL 100 20 60"
#
# Each argument is "NAME SITES SKUS PERIODS". Plans and outputs go to
# ${OUT:-/tmp/capplan-perf}/NAME. METHOD (default ipm) is HiGHS's method
# when solving the MPS alone: capplan itself uses ipm from 10,000 columns.
# Needs /usr/bin/time (apt-get install -y time).
set -euo pipefail
cd "$(dirname "$0")/.."
B=./target/release/capplan
H=./target/release/examples/highs_mps
for size in "$@"; do
  set -- $size
  n=$1 d=${OUT:-/tmp/capplan-perf}/$1
  rm -rf "$d" && mkdir -p "$d"
  $B generate --sites "$2" --skus "$3" --periods "$4" --seed 1 --out "$d" >/dev/null
  /usr/bin/time -f "$n export: %e s, peak %M KB" $B export "$d/plan.yaml" --mps "$d/model.mps" --relax
  /usr/bin/time -f "$n capplan solve --relax: %e s, peak %M KB" $B solve "$d/plan.yaml" --relax -q --out "$d/out"
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('$n', 'stages', json.dumps(d['timings']), 'model', json.dumps(d['model']), 'total_s', d['total_s'])" "$d/out/run.json"
  /usr/bin/time -f "$n HiGHS alone: %e s, peak %M KB" $H "$d/model.mps" "${METHOD:-ipm}" relax
done
