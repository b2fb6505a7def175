#!/usr/bin/env bash
# Label ingest + join, and the quality of one window of labelled predictions, against a fresh control plane.
#   bench/quality-labels.sh h2          embedded H2 (fresh data dir)
#   bench/quality-labels.sh postgres    a fresh PostgreSQL database (localhost, role mlctl/mlctl)
# Options by environment: BENCH_ROWS (predictions and labels, default 1000000), BATCH (rows per batch, default 20000),
# BENCH_QUALITY_READS (default 5), BENCH_PORT (18767), BENCH_NICE (see bench/control-plane.sh), BENCH_WARMUP_ROWS
# (default 0: a cold server, the label path compiled by the JIT while it is timed; N: first N predictions and labels
# of another model, untimed, as a server that has taken labels before).
# Sends BENCH_ROWS binary predictions with request ids (all in one 1h drift window) with `mlctl samples send`, then
# their labels with `mlctl labels send` (timed: every label is joined to its prediction and stored), then times
# GET /api/v1/models/q/quality?version=1 (one window of BENCH_ROWS labelled predictions: read + every binary metric +
# CBPE). Prints RESULT lines.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${1:-h2}"
ROWS="${BENCH_ROWS:-1000000}"
BATCH="${BATCH:-20000}"
READS="${BENCH_QUALITY_READS:-5}"
PORT="${BENCH_PORT:-18767}"
export MLCTL_DRIFT_WINDOW=1h   # one window holds every prediction
# shellcheck source=control-plane.sh
. "$ROOT/bench/control-plane.sh"
auth=(-H "Authorization: Bearer $MLCTL_TOKEN")
curl -sf "${auth[@]}" -H 'Content-Type: application/yaml' "$MLCTL_SERVER/api/v1/schemas" --data-binary @- >/dev/null <<'YAML'
name: q-features
features:
  - {name: amount, type: numeric, min: 0}
prediction: {name: score, type: numeric, min: 0, max: 1}
quality: {task: binary, positive: 1, threshold: 0.5}
YAML
WARMUP="${BENCH_WARMUP_ROWS:-0}"
for m in q w; do
  curl -sf "${auth[@]}" -H 'Content-Type: application/json' "$MLCTL_SERVER/api/v1/models" -d "{\"name\":\"$m\"}" >/dev/null
  curl -sf "${auth[@]}" -H 'Content-Type: application/json' "$MLCTL_SERVER/api/v1/models/$m/versions" \
    -d "{\"artifactUri\":\"s3://bench/$m/1\",\"runtime\":\"custom\",\"schema\":\"q-features\"}" >/dev/null
done
python3 - "$WORK" "$ROWS" "$WARMUP" <<'PY'
import random, sys, datetime
work, rows, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = random.Random(1)
ts = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace('+00:00', 'Z')
with open(f"{work}/ref.csv", "w") as f:
    f.write("amount,score\n")
    for _ in range(5000):
        f.write(f"{10 + 20 * r.random():.3f},{r.random():.6f}\n")
with open(f"{work}/samples.ndjson", "w") as s, open(f"{work}/labels.ndjson", "w") as l:
    for i in range(rows):
        p = round(r.random(), 6)
        s.write(f'{{"request_id":"r{i}","ts":"{ts}","features":{{"amount":12.5}},"prediction":{p}}}\n')
        l.write(f'{{"request_id":"r{i}","label":{1 if r.random() < p else 0}}}\n')
with open(f"{work}/warm-samples.ndjson", "w") as s, open(f"{work}/warm-labels.ndjson", "w") as l:
    for i in range(warmup):
        p = round(r.random(), 6)
        s.write(f'{{"request_id":"w{i}","ts":"{ts}","features":{{"amount":12.5}},"prediction":{p}}}\n')
        l.write(f'{{"request_id":"w{i}","label":{1 if r.random() < p else 0}}}\n')
PY
for m in q w; do
  curl -sf "${auth[@]}" -X PUT -H 'Content-Type: text/csv' "$MLCTL_SERVER/api/v1/models/$m/versions/1/profile" \
    --data-binary @"$WORK/ref.csv" >/dev/null
done
if [ "$WARMUP" -gt 0 ]; then
  echo "warm-up: $WARMUP predictions and labels of model w (untimed)" >&2
  "$ROOT/bin/mlctl" samples send w 1 "$WORK/warm-samples.ndjson" --batch-size "$BATCH" --no-progress >/dev/null
  "$ROOT/bin/mlctl" labels send w 1 "$WORK/warm-labels.ndjson" --batch-size "$BATCH" --no-progress >/dev/null
  curl -sf -o /dev/null "${auth[@]}" "$MLCTL_SERVER/api/v1/models/w/quality?version=1"
fi
echo "samples: $ROWS (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"${NICE[@]}" "$ROOT/bin/mlctl" samples send q 1 "$WORK/samples.ndjson" --batch-size "$BATCH" --no-progress >/dev/null
echo "labels: $ROWS in batches of $BATCH (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
cpu() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }   # the server JVM's user+system clock ticks
# PostgreSQL's share: the user+system ticks of this database's backends (the server's pool keeps them for the run)
pgcpu() { local t=0; for p in $(pgrep -f "mlctl $PGDB " || true); do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done; echo "$t"; }
ms() { echo $(( $1 * 1000 / $(getconf CLK_TCK) )); }
before=$(cpu)
pgbefore=$(pgcpu)
start=$(date +%s.%N)
TIMEFORMAT='%U %S'
{ time "${NICE[@]}" "$ROOT/bin/mlctl" labels send q 1 "$WORK/labels.ndjson" --batch-size "$BATCH" --no-progress --output json > "$WORK/labels.json" \
  || { grep -v ' INFO ' "$WORK/server.log" | tail -40 >&2; exit 1; } ; } 2> "$WORK/cli.time"
end=$(date +%s.%N)
ticks=$(( $(cpu) - before ))
pgticks=$(( $(pgcpu) - pgbefore ))
cli_ms=$(awk '{printf "%d", ($1 + $2) * 1000}' "$WORK/cli.time")
echo "RESULT db=$DB$([ "$WARMUP" -gt 0 ] && echo " (after a $WARMUP-label warm-up)") labels $ROWS in $(echo "$end - $start" | bc) s = $(echo "$ROWS / ($end - $start)" | bc) labels/s, CPU ms: server $(ms "$ticks"), CLI $cli_ms${PGDB:+, PostgreSQL $(ms "$pgticks")} ($(tr -d '\n ' < "$WORK/labels.json" | cut -c1-160))"
for i in $(seq 1 "$READS"); do
  before=$(cpu)
  t=$(curl -s -o "$WORK/quality.json" -w '%{time_total} s, HTTP %{http_code}' "${auth[@]}" "$MLCTL_SERVER/api/v1/models/q/quality?version=1")
  ticks=$(( $(cpu) - before ))
  echo "RESULT db=$DB quality read $i: $t wall, server CPU $(ms "$ticks") ms ($(grep -o '"labeled":[0-9]*' "$WORK/quality.json"), $(grep -o '"roc_auc":[0-9.]*' "$WORK/quality.json" | head -1))"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
