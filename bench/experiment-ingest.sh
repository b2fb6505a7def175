#!/usr/bin/env bash
# Experiment event ingest and report benchmark with wrk, against a fresh control plane.
#   bench/experiment-ingest.sh h2          embedded H2 (fresh data dir)
#   bench/experiment-ingest.sh postgres    a fresh PostgreSQL database (localhost, role mlctl/mlctl)
# Options by environment: BENCH_SECONDS (default 30), BENCH_CONNECTIONS (ingest, default 2), BATCH (units per
# batch, default 1000; ~2.1 events per unit), BENCH_PORT (18766), BENCH_NICE (see bench/control-plane.sh).
# Prints RESULT lines: ingest batches/units/events per second (every batch new units, one experiment, so the
# experiment's row lock serializes the batches) and the server JVM's CPU time per batch (the database's is not
# included), then report requests per second and latency (JSON and HTML).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${1:-h2}"
SECONDS_RUN="${BENCH_SECONDS:-30}"
CONNECTIONS="${BENCH_CONNECTIONS:-2}"
PORT="${BENCH_PORT:-18766}"
# shellcheck source=control-plane.sh
. "$ROOT/bench/control-plane.sh"
export EXPERIMENT=bench
# experiments belong to registered models and versions
"$ROOT/bin/mlctl" models create fraud >/dev/null
for v in 1 2; do "$ROOT/bin/mlctl" versions register fraud --artifact "s3://bench/fraud/$v" --runtime triton >/dev/null; done
"$ROOT/bin/mlctl" experiments create bench --model fraud --arm control=1:50 --arm treatment=2:50 \
  --baseline 0.10 --mde-relative 0.05 --guardrail latency-ms:mean:decrease:0.05 >/dev/null

LUA="$ROOT/bench/experiment-events.lua"
echo "warm-up 15 s..." >&2
"${NICE[@]}" wrk -t1 -c1 -d15s --timeout 60s -s "$LUA" "$MLCTL_SERVER" >/dev/null
echo "ingest: $SECONDS_RUN s on $DB, $CONNECTIONS connections, ${BATCH:-1000} units per batch (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
cpu() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }   # the server JVM's user+system clock ticks
before=$(cpu)
"${NICE[@]}" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --timeout 60s -s "$LUA" --latency "$MLCTL_SERVER" > "$WORK/ingest.txt"
ticks=$(( $(cpu) - before ))
batches=$(awk '/requests in/{print $1}' "$WORK/ingest.txt")
echo "RESULT db=$DB ingest $(tail -1 "$WORK/ingest.txt") p50 $(awk '$1=="50%"{print $2}' "$WORK/ingest.txt") p99 $(awk '$1=="99%"{print $2}' "$WORK/ingest.txt") server-cpu-ms/batch $(( ticks * 1000 / $(getconf CLK_TCK) / (batches > 0 ? batches : 1) ))"
units=$(curl -sf -H "Authorization: Bearer $MLCTL_TOKEN" "$MLCTL_SERVER/api/v1/experiments/bench" | grep -o '"observed":{[^}]*}')
for accept in application/json text/html; do
  "${NICE[@]}" wrk -t1 -c2 -d"${SECONDS_RUN}s" --latency -H "Authorization: Bearer $MLCTL_TOKEN" -H "Accept: $accept" \
    "$MLCTL_SERVER/api/v1/experiments/bench/report" > "$WORK/report.txt"
  echo "RESULT db=$DB report $accept $(awk '/Requests\/sec/{print $2}' "$WORK/report.txt") req/s p50 $(awk '$1=="50%"{print $2}' "$WORK/report.txt") p99 $(awk '$1=="99%"{print $2}' "$WORK/report.txt") ($units)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
