#!/usr/bin/env bash
# Shows that a change kept every shipped plan's outputs byte for byte: solves
# each plans/*.yaml (and its relaxation) with two capplan binaries and
# compares plan.json, plan.csv, shadow_prices.csv, report.md and the charts.
#
#   scripts/same-outputs.sh OLD_CAPPLAN NEW_CAPPLAN
#
# Build OLD_CAPPLAN from the commit before the change (a git worktree with
# its own CARGO_TARGET_DIR), NEW_CAPPLAN from the change. Exits 1 on any
# difference, printing the first lines of each diff.
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: scripts/same-outputs.sh OLD_CAPPLAN NEW_CAPPLAN}
new=${2:?usage: scripts/same-outputs.sh OLD_CAPPLAN NEW_CAPPLAN}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for plan in plans/*.yaml; do
  name=$(basename "$plan" .yaml)
  for mode in milp relax; do
    flag=(); [ "$mode" = relax ] && flag=(--relax)
    for side in old new; do
      bin=$old; [ "$side" = new ] && bin=$new
      "$bin" solve "$plan" "${flag[@]}" --quiet --out "$work/$side/$name-$mode"
    done
    this=0
    for f in plan.json plan.csv shadow_prices.csv report.md graph.dot graph.mmd gantt.mmd charts; do
      if ! diff -r "$work/old/$name-$mode/$f" "$work/new/$name-$mode/$f" > "$work/diff" 2>&1; then
        echo "DIFFERENT: $name ($mode) $f"
        head -20 "$work/diff"
        status=1
        this=1
      fi
    done
    [ $this = 0 ] && echo "same: $name ($mode)"
  done
done
exit $status
