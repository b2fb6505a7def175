#!/usr/bin/env bash
# End-to-end drift benchmark: `bin/mlctl drift compare` against the equivalent NumPy/SciPy script
# (bench/drift_compare.py) on the same generated files, in the same session, timed with hyperfine.
#
#   bench/drift-compare.sh                 1,000,000 rows x 10 features (4 of them drifted)
#   ROWS=100000 RUNS=3 bench/drift-compare.sh
#   BENCH_NICE=-10 bench/drift-compare.sh  both tools at that priority, on a machine shared with other work (root)
#
# Needs /usr/bin/python3 with numpy, scipy and pandas, and hyperfine. Data goes to target/bench-drift/ (kept
# between runs; delete it to regenerate). Before timing, the script checks that both tools agree on every
# statistic (relative difference <= 1e-9) and prints the worst difference.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS="${ROWS:-1000000}"
RUNS="${RUNS:-5}"
PY=/usr/bin/python3
DATA="$ROOT/target/bench-drift/$ROWS"
mkdir -p "$DATA"

if [ ! -f "$DATA/current.csv" ]; then
  echo "generating $ROWS rows x 10 features in $DATA ..."
  "$PY" "$ROOT/bench/gen_drift_data.py" "$DATA" "$ROWS"
fi
ls -l "$DATA"/*.csv

# build bin/mlctl once, outside the timing
"$ROOT/bin/mlctl" --version >/dev/null

"$ROOT/bin/mlctl" drift compare "$DATA/reference.csv" "$DATA/current.csv" --output json > "$DATA/mlctl.json"
"$PY" "$ROOT/bench/drift_compare.py" "$DATA/reference.csv" "$DATA/current.csv" > "$DATA/scipy.json"
"$PY" - "$DATA/mlctl.json" "$DATA/scipy.json" <<'PYEOF'
import json, sys
ours, theirs = (json.load(open(p)) for p in sys.argv[1:3])
worst = 0.0
for a, b in zip(ours['features'], theirs['features']):
    assert a['name'] == b['name'] and a['verdict'] == b['verdict'], (a, b)
    for k, v in b.items():
        if isinstance(v, float) and not (abs(v) < 1e-300 and abs(a[k]) < 1e-300):
            worst = max(worst, abs(a[k] - v) / max(abs(v), 1e-300))
assert ours['dataset_drift'] == theirs['dataset_drift'] and worst <= 1e-9, worst
print(f"mlctl and NumPy/SciPy agree: worst relative difference {worst:.2e}, "
      f"drift share {ours['drift_share']}, dataset drift {ours['dataset_drift']}")
PYEOF

NICE=()
[ -n "${BENCH_NICE:-}" ] && NICE=(nice -n "$BENCH_NICE")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"${NICE[@]}" hyperfine --warmup 1 --runs "$RUNS" -N \
  --export-markdown "$DATA/hyperfine.md" --export-json "$DATA/hyperfine.json" \
  -n "mlctl drift compare (exact)" "$ROOT/bin/mlctl drift compare $DATA/reference.csv $DATA/current.csv --output json" \
  -n "mlctl drift compare --mode streaming" "$ROOT/bin/mlctl drift compare $DATA/reference.csv $DATA/current.csv --mode streaming --output json" \
  -n "NumPy/SciPy (bench/drift_compare.py)" "$PY $ROOT/bench/drift_compare.py $DATA/reference.csv $DATA/current.csv"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$DATA/hyperfine.md"
