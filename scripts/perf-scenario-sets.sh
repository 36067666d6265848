#!/bin/bash
# Measures how a scenario set's extensive form grows with its number of
# branches, for docs/performance.md ("Scenario sets: growth with N").
#
#   cargo build --release
#   scripts/perf-scenario-sets.sh            # N = 1 2 4 8 16, LP then MILP
#   N="2 4" MODES=lp TIME_LIMIT=120 scripts/perf-scenario-sets.sh
#
# Each set has N branches of plans/neocloud-pivot.yaml with equal
# probabilities; branch i scales every lease price by 0.6 + 0.7 i/(N-1)
# (0.6 to 1.3: the span of the shipped lease-price-paths set), decide_by
# 2026Q3. N = 1 is a plain solve. `--no-values`: only the extensive form is
# solved (no branch-alone or average-future solves). A MILP stops at
# TIME_LIMIT seconds (default 300) and reports its gap. Peak memory is
# /usr/bin/time's maximum resident set (apt-get install -y time).
# Prints one Markdown table row per run.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${BIN:-${CARGO_TARGET_DIR:-./target}/release/capplan}
D=${OUT:-/tmp/capplan-scen-perf}
rm -rf "$D" && mkdir -p "$D"
echo "| N | mode | variables | integers | rows | nonzeros | solve s | whole s | peak MiB | status | gap |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"
for mode in ${MODES:-lp milp}; do
  for n in ${N:-1 2 4 8 16}; do
    d="$D/$mode-$n"
    mkdir -p "$d"
    {
      echo "name: scale-$n"
      echo "decide_by: 2026Q3"
      echo "branches:"
      for ((i = 0; i < n; i++)); do
        f=$(python3 -c "n=$n;i=$i;print(round(0.6+0.7*i/max(n-1,1),4) if n>1 else 1.0)")
        printf 'name: p%s\nedits:\n  - scale: market.lease[*].tenors[*].price_usd_per_gpu_hr\n    by: %s\n' "$i" "$f" >"$d/w$i.yaml"
        echo "  - { name: b$i, probability: $(python3 -c "print(repr(1/$n))"), whatifs: [w$i.yaml] }"
      done
    } >"$d/set.yaml"
    flags=(-q --time-limit "${TIME_LIMIT:-300}")
    [ "$mode" = lp ] && flags+=(--relax)
    if [ "$n" = 1 ]; then
      args=(solve plans/neocloud-pivot.yaml --whatif "$d/w0.yaml" --out "$d/out" "${flags[@]}")
      plan="$d/out/plan.json"
    else
      args=(solve plans/neocloud-pivot.yaml --scenarios "$d/set.yaml" --no-values --out "$d/out" "${flags[@]}")
      plan="$d/out/branches/b0/plan.json"
    fi
    /usr/bin/time -f "%e %M" -o "$d/time" "$B" "${args[@]}" || true
    python3 - "$n" "$mode" "$d/out/run.json" "$plan" "$d/time" <<'PY'
import json, sys
n, mode, run, plan, tm = sys.argv[1:]
try:
    r = json.load(open(run)); p = json.load(open(plan))
except OSError:
    print(f"| {n} | {mode} | failed: see {run} |"); sys.exit()
wall, kb = open(tm).read().split()[-2:]
m = r["model"]; g = p["solver"]["mip_gap"]
print(f"| {n} | {mode} | {m['variables']:,} | {m['integers']:,} | {m['constraints']:,} | {m['nonzeros']:,} "
      f"| {r['timings']['solve_s']:.1f} | {float(wall):.1f} | {int(kb)/1024:.0f} | {r['status']} "
      f"| {'—' if g is None else f'{100*g:.2f}%'} |")
PY
  done
done
