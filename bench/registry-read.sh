#!/usr/bin/env bash
# Read-path benchmark of the registry: GET a version and resolve an alias at ~500 requests/s with wrk.
#   bench/registry-read.sh h2          embedded H2 (fresh data dir)
#   bench/registry-read.sh postgres    a fresh PostgreSQL database (localhost, role mlctl/mlctl)
# Options by environment: BENCH_SECONDS (default 60), BENCH_CONNECTIONS (50), BENCH_GAP_MS (100), BENCH_PORT (18765),
# BENCH_NICE (e.g. -10: run server and wrk at that priority, for a machine shared with other work; needs root).
# Prints one RESULT line (rate, p50/p90/p99/max latency) after a 20 s warm-up at the same rate.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${1:-h2}"
SECONDS_RUN="${BENCH_SECONDS:-60}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
export BENCH_GAP_MS="${BENCH_GAP_MS:-100}"
export BENCH_VERSIONS=20
PORT="${BENCH_PORT:-18765}"
# shellcheck source=control-plane.sh
. "$ROOT/bench/control-plane.sh"
"$ROOT/bin/mlctl" models create bench --owner bench >/dev/null
for i in $(seq 1 "$BENCH_VERSIONS"); do
  "$ROOT/bin/mlctl" versions register bench --artifact "s3://bench/$i" --runtime triton --metric auc=0.9 \
    --image nvcr.io/nvidia/tritonserver:24.08-py3 --gpu-count 1 --tag run=bench >/dev/null
done
"$ROOT/bin/mlctl" alias set bench production 7 >/dev/null

LUA="$ROOT/bench/registry-read.lua"
echo "warm-up 20 s (JIT, connection pool)..." >&2
"${NICE[@]}" wrk -t2 -c"$CONNECTIONS" -d20s -s "$LUA" "$MLCTL_SERVER" >/dev/null
echo "measuring $SECONDS_RUN s on $DB, $CONNECTIONS connections, ${BENCH_GAP_MS} ms between requests per connection" >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"${NICE[@]}" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" -s "$LUA" --latency "$MLCTL_SERVER" | tee "$WORK/wrk.txt" | grep '^RESULT' | sed "s/^RESULT/RESULT db=$DB/"
