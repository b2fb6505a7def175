#!/usr/bin/env bash
# Read-path benchmark of the registry: GET a version and resolve an alias at ~500 requests/s with wrk.
#   bench/registry-read.sh h2          embedded H2 (fresh data dir)
#   bench/registry-read.sh postgres    a fresh PostgreSQL database (MLCTL_BENCH_PG, default localhost, role mlctl/mlctl)
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
WORK="$(mktemp -d)"
export MLCTL_ADMIN_TOKEN="mlctl_bench_$(date +%s)_$RANDOM"
export MLCTL_SERVER="http://127.0.0.1:$PORT" MLCTL_TOKEN="$MLCTL_ADMIN_TOKEN"
PGDB=""
NICE=()
[ -n "${BENCH_NICE:-}" ] && NICE=(nice -n "$BENCH_NICE")

cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  if [ -n "$PGDB" ]; then PGPASSWORD=mlctl dropdb -h localhost -U mlctl --if-exists "$PGDB" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$ROOT/bin/mlctl" --version >/dev/null   # builds on first use
case "$DB" in
  h2) SERVER_ARGS=(--data-dir "$WORK/data") ;;
  postgres)
    PGDB="mlctl_bench_$$"
    PGPASSWORD=mlctl createdb -h localhost -U mlctl "$PGDB"
    export MLCTL_DB_USER=mlctl MLCTL_DB_PASSWORD=mlctl
    SERVER_ARGS=(--db-url "jdbc:postgresql://localhost:5432/$PGDB") ;;
  *) echo "usage: $0 h2|postgres" >&2; exit 64 ;;
esac

MLCTL_SKIP_BUILD=1 "${NICE[@]}" "$ROOT/bin/mlctl" server --port "$PORT" --host 127.0.0.1 "${SERVER_ARGS[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do curl -sf "$MLCTL_SERVER/health" >/dev/null && break; sleep 1; done
curl -sf "$MLCTL_SERVER/health" >/dev/null || { cat "$WORK/server.log"; exit 1; }

export MLCTL_SKIP_BUILD=1
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
