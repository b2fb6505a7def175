#!/usr/bin/env bash
# What the inference logger costs: wrk POSTs OIP requests of 32 features (bench/logger-oip.lua) to a fast stub model
# server (nginx on loopback, bench/logger-nginx.conf) directly and through `mlctl logger`, at 1, 16 and 64
# connections, in the same run; then the logger's RSS through a 60 s control-plane outage (the control plane is
# SIGSTOPped: connections hang, the worst case for the shipper) under continued load.
#   bench/logger-overhead.sh
# Options by environment: BENCH_SECONDS per wrk run (default 20), BENCH_PORT of the control plane (18770), BENCH_NICE,
# LOGGER_JAVA_OPTS (default: the sidecar's flags, see docs/BENCHMARKS.md), LOGGER_ARGS (more logger flags, e.g.
# "--sample-rate 0.1"), MALLOC_ARENA_MAX (glibc malloc arenas of the logger's JVM; default 2, as the image sets).
# Prints RESULT lines (target, connections, rate, p50/p90/p99) and RSS lines (MiB).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB=h2
PORT="${BENCH_PORT:-18770}"
SECS="${BENCH_SECONDS:-20}"
MODEL_PORT=$((PORT + 1))
LOGGER_PORT=$((PORT + 2))
ADMIN_PORT=$((PORT + 3))
JAR="$ROOT/inference-logger/target/inference-logger.jar"
JOPTS="${LOGGER_JAVA_OPTS:--Xmx64m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=32m -XX:+ExitOnOutOfMemoryError}"
# shellcheck source=control-plane.sh
. "$ROOT/bench/control-plane.sh"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -o -DskipTests -pl inference-logger -am package)

sed "s/__PORT__/$MODEL_PORT/" "$ROOT/bench/logger-nginx.conf" >"$WORK/nginx.conf"
nginx -p "$WORK" -c "$WORK/nginx.conf" -g "pid $WORK/nginx.pid;" 2>"$WORK/nginx.log" &
NGINX_PID=$!
trap 'kill $NGINX_PID ${LOGGER_PID:-} 2>/dev/null; kill -CONT $SERVER_PID 2>/dev/null; cleanup' EXIT

# a version whose schema maps the 32 columns of INPUT0 and the prediction OUTPUT0[:, 0]
{
  echo "name: bench-features"; echo "features:"
  for i in $(seq 0 31); do echo "  - {name: f$i, type: numeric}"; done
  echo "prediction: {name: score, type: numeric}"; echo "inputs:"
  for i in $(seq 0 31); do echo "  - {feature: f$i, tensor: INPUT0, index: $i}"; done
  echo "output: {tensor: OUTPUT0, index: 0}"
} >"$WORK/schema.yaml"
auth=(-H "Authorization: Bearer $MLCTL_TOKEN")
curl -sf "${auth[@]}" -H 'Content-Type: application/yaml' --data-binary @"$WORK/schema.yaml" "$MLCTL_SERVER/api/v1/schemas" >/dev/null
curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$MLCTL_SERVER/api/v1/models" >/dev/null
curl -sf "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"artifactUri":"s3://bench/1","runtime":"triton","schema":"bench-features"}' "$MLCTL_SERVER/api/v1/models/bench/versions" >/dev/null
# the control plane takes samples only for a version with a reference profile
awk 'BEGIN { srand(1); for (r = 0; r < 2000; r++) { printf "{\"features\":{"; for (i = 0; i < 32; i++) printf "%s\"f%d\":%.3f", (i ? "," : ""), i, rand() * 14; printf "},\"prediction\":%.3f}\n", rand() } }' >"$WORK/reference.ndjson"
curl -sf "${auth[@]}" -X PUT -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/reference.ndjson" \
  "$MLCTL_SERVER/api/v1/models/bench/versions/1/profile" >/dev/null

echo "logger JVM: $JOPTS ${LOGGER_ARGS:-}" >&2
# shellcheck disable=SC2086
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" "${NICE[@]}" java $JOPTS -jar "$JAR" --upstream "http://127.0.0.1:$MODEL_PORT" --listen "127.0.0.1:$LOGGER_PORT" \
  --protocol oip --model bench --version 1 --admin-port "$ADMIN_PORT" ${LOGGER_ARGS:-} >"$WORK/logger.log" 2>&1 &
LOGGER_PID=$!
for _ in $(seq 1 60); do grep -q "schema .* loaded" "$WORK/logger.log" && break; sleep 1; done
cat "$WORK/logger.log" >&2
rss() { echo "RSS $1 $(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$LOGGER_PID/status) MiB"; }
run() { # target url connections seconds
  local threads=2; [ "$3" = 1 ] && threads=1
  "${NICE[@]}" wrk -t"$threads" -c"$3" -d"$4s" -s "$ROOT/bench/logger-oip.lua" --latency "$2" \
    | grep '^RESULT' | sed "s/^RESULT/RESULT target=$1 connections=$3/"
}
DIRECT="http://127.0.0.1:$MODEL_PORT"
LOGGER="http://127.0.0.1:$LOGGER_PORT"
rss start
echo "warm-up (JIT): 20 s through the logger" >&2
run logger "$LOGGER" 16 20 >/dev/null
rss after-warm-up
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for c in 1 16 64; do
  run direct "$DIRECT" "$c" "$SECS"
  run logger "$LOGGER" "$c" "$SECS"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rss after-load
curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep -E '^mlctl_logger_(samples|requests|queue)' >&2

echo "control-plane outage: SIGSTOP for 60 s under 16 connections of load" >&2
kill -STOP "$SERVER_PID"
run logger "$LOGGER" 16 60 &
WRK_PID=$!
for t in 10 20 30 40 50 60; do sleep 10; rss "outage-${t}s"; done
wait $WRK_PID
kill -CONT "$SERVER_PID"
curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep -E '^mlctl_logger_(samples|requests|queue)' >&2
sleep 30
rss after-outage
curl -s "http://127.0.0.1:$ADMIN_PORT/health" >&2; echo >&2
curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep -E '^mlctl_logger_(samples|requests|queue|overhead_seconds_(sum|count))' >&2
