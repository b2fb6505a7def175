#!/usr/bin/env bash
# What the inference logger costs: wrk POSTs OIP requests of 32 features (bench/logger-oip.lua) to a fast stub model
# server (nginx on loopback, bench/logger-nginx.conf) directly and through two `mlctl logger`s at 1, 16 and 64
# connections, all in the same run: one logger sends its samples to a real control plane (embedded H2, on the same
# machine), the other to a stub sink (the same nginx acknowledging every batch), so the logger's own cost shows apart
# from the co-located control plane's ingest. Then the first logger's RSS through a 60 s control-plane outage (the
# control plane is SIGSTOPped: connections hang, the worst case for the shipper) under continued load.
# Two reference columns in the same run: nginx as a plain reverse proxy (bench/logger-nginx-proxy.conf, keepalive
# upstream, no logging: what any proxy hop costs on these cores) and a third logger at --sample-rate 0 (its forwarding
# alone). After every wrk run a CPU line gives each process's CPU time (utime+stime from /proc) over the run divided
# by the requests wrk completed, in microseconds per request, so the cost reads apart from shares of a saturated box.
#   bench/logger-overhead.sh
# Options by environment: BENCH_SECONDS per wrk run (default 20), BENCH_WARMUP per logger (default 20), BENCH_PORT of
# the control plane (18770; the script uses the next 9 ports too), BENCH_NICE, LOGGER_JAVA_OPTS (default: bin/mlctl
# logger's own flags, the sidecar's), LOGGER_ARGS (more logger flags, e.g. "--sample-rate 0.1", "--io-threads 1" or "--logging-cpu-budget 1" to log every
# sampled request whatever it costs), BENCH_OUTAGE=0 to skip the outage part, MALLOC_ARENA_MAX (glibc malloc arenas
# of the loggers' JVMs; default 2, as the image sets).
# Prints RESULT lines (target, connections, rate, p50/p90/p99), CPU lines (µs of CPU per request and process), RSS lines
# (MiB) and ALLOC lines (heap bytes allocated per forwarded request, from the JVM's own allocation counters on /metrics).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB=h2
PORT="${BENCH_PORT:-18770}"
SECS="${BENCH_SECONDS:-20}"
MODEL_PORT=$((PORT + 1))
LOGGER_PORT=$((PORT + 2))
ADMIN_PORT=$((PORT + 3))
SINK_PORT=$((PORT + 4))
SINK_LOGGER_PORT=$((PORT + 5))
SINK_ADMIN_PORT=$((PORT + 6))
PROXY_PORT=$((PORT + 7))
SR0_LOGGER_PORT=$((PORT + 8))
SR0_ADMIN_PORT=$((PORT + 9))
# shellcheck source=control-plane.sh
. "$ROOT/bench/control-plane.sh"

# nginx's worker runs as an unprivileged user: the stub sink's files go where it can read them
chmod o+x "$WORK"
mkdir -m 755 "$WORK/sink"
sed -e "s/__PORT__/$MODEL_PORT/" -e "s/__SINK_PORT__/$SINK_PORT/" -e "s#__WORK__#$WORK/sink#" \
  "$ROOT/bench/logger-nginx.conf" >"$WORK/nginx.conf"
nginx -p "$WORK" -c "$WORK/nginx.conf" -g "pid $WORK/nginx.pid;" 2>"$WORK/nginx.log" &
NGINX_PID=$!
sed -e "s/__PORT__/$MODEL_PORT/" -e "s/__PROXY_PORT__/$PROXY_PORT/" "$ROOT/bench/logger-nginx-proxy.conf" >"$WORK/nginx-proxy.conf"
nginx -p "$WORK" -c "$WORK/nginx-proxy.conf" -g "pid $WORK/nginx-proxy.pid;" 2>"$WORK/nginx-proxy.log" &
PROXY_PID=$!
trap 'kill $NGINX_PID $PROXY_PID ${LOGGER_PID:-} ${SINK_LOGGER_PID:-} ${SR0_LOGGER_PID:-} 2>/dev/null; kill -CONT $SERVER_PID 2>/dev/null; cleanup' EXIT

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
# the stub sink serves the control plane's own answer for the version's schema
curl -sf "${auth[@]}" "$MLCTL_SERVER/api/v1/models/bench/versions/1/schema" >"$WORK/sink/schema.json"
chmod 644 "$WORK/sink/schema.json"

# the loggers run as users run them: bin/mlctl logger, with its JVM flags unless LOGGER_JAVA_OPTS replaces them
[ -n "${LOGGER_JAVA_OPTS:-}" ] && export MLCTL_LOGGER_JAVA_OPTS="$LOGGER_JAVA_OPTS"
DEFAULT_FLAGS="$(grep -o 'MLCTL_LOGGER_JAVA_OPTS:-[^}]*' "$ROOT/bin/mlctl" | cut -d- -f2-)"
echo "logger JVM: ${LOGGER_JAVA_OPTS:-$DEFAULT_FLAGS (bin/mlctl)} ${LOGGER_ARGS:-}" >&2
start_logger() { # samples-server listen-port admin-port log-file [more flags]
  # shellcheck disable=SC2086
  MLCTL_SERVER="$1" MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" "${NICE[@]}" "$ROOT/bin/mlctl" logger \
    --upstream "http://127.0.0.1:$MODEL_PORT" --listen "127.0.0.1:$2" --protocol oip --model bench --version 1 \
    --admin-port "$3" ${LOGGER_ARGS:-} "${@:5}" >"$4" 2>&1 &
}
start_logger "$MLCTL_SERVER" "$LOGGER_PORT" "$ADMIN_PORT" "$WORK/logger.log"
LOGGER_PID=$!
start_logger "http://127.0.0.1:$SINK_PORT" "$SINK_LOGGER_PORT" "$SINK_ADMIN_PORT" "$WORK/sink-logger.log"
SINK_LOGGER_PID=$!
# forwarding alone: nothing sampled, so nothing copied, decoded or sent (its schema still comes from the stub sink)
start_logger "http://127.0.0.1:$SINK_PORT" "$SR0_LOGGER_PORT" "$SR0_ADMIN_PORT" "$WORK/sr0-logger.log" --sample-rate 0
SR0_LOGGER_PID=$!
for log in logger sink-logger sr0-logger; do
  for _ in $(seq 1 60); do grep -q "schema .* loaded" "$WORK/$log.log" && break; sleep 1; done
  cat "$WORK/$log.log" >&2
  grep -q "schema .* loaded" "$WORK/$log.log" || { echo "the $log has no schema: its figures would mean nothing" >&2; exit 1; }
done
rss() { # label pid
  echo "RSS $1 $(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$2/status") MiB"
}
metric_sum() { # admin-port metric-name-regex
  curl -s "http://127.0.0.1:$1/metrics" | awk -v re="^($2)[{ ]" '$0 ~ re { s += $NF } END { printf "%.0f", s }'
}
alloc() { # label admin-port: heap bytes allocated per forwarded request since the logger started (start-up included)
  local bytes requests
  bytes=$(metric_sum "$2" 'jvm_memory_pool_allocated_bytes_total')
  requests=$(metric_sum "$2" 'mlctl_logger_requests_total')
  echo "ALLOC $1 $(awk -v b="$bytes" -v r="$requests" 'BEGIN { printf "%.0f bytes/request (%.0f MB over %d requests)", (r ? b / r : 0), b / 1e6, r }')"
}
ticks() { # pid...: utime+stime of these processes and their children processes (nginx's workers), clock ticks
  local p t=0
  for p in "$@" $(pgrep -P "$(echo "$@" | tr ' ' ,)" 2>/dev/null); do
    # fields after the ")" that ends the command name: utime and stime are the 12th and 13th
    t=$((t + $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ s = $12 + $13 } END { print s + 0 }')))
  done
  echo "$t"
}
HZ=$(getconf CLK_TCK)
# the processes whose CPU a run is charged with (label=pids)
PROCS=()
cpu_snapshot() { local e; for e in "${PROCS[@]}"; do echo -n "$(ticks ${e#*=}) "; done; }
run() { # target url connections seconds
  local threads=2; [ "$3" = 1 ] && threads=1
  local before after out requests
  before=($(cpu_snapshot))
  out=$("${NICE[@]}" /usr/bin/time -f 'WRKCPU %U %S' wrk -t"$threads" -c"$3" -d"$4s" -s "$ROOT/bench/logger-oip.lua" --latency "$2" 2>&1)
  after=($(cpu_snapshot))
  echo "$out" | grep '^RESULT' | sed "s/^RESULT/RESULT target=$1 connections=$3/"
  requests=$(echo "$out" | sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p')
  local line="CPU target=$1 connections=$3 us_per_request:" i
  line+=" wrk=$(echo "$out" | awk -v r="$requests" '/^WRKCPU/ { printf "%.1f", ($2 + $3) * 1e6 / r }')"
  for i in "${!PROCS[@]}"; do
    line+=" ${PROCS[$i]%%=*}=$(awk -v d=$((after[i] - before[i])) -v hz="$HZ" -v r="$requests" 'BEGIN { printf "%.1f", d * 1e6 / hz / r }')"
  done
  echo "$line"
}
DIRECT="http://127.0.0.1:$MODEL_PORT"
LOGGER="http://127.0.0.1:$LOGGER_PORT"
SINK_LOGGER="http://127.0.0.1:$SINK_LOGGER_PORT"
SR0_LOGGER="http://127.0.0.1:$SR0_LOGGER_PORT"
PROXY="http://127.0.0.1:$PROXY_PORT"
PROCS=("model-nginx=$NGINX_PID" "proxy-nginx=$PROXY_PID" "logger-sr0=$SR0_LOGGER_PID" "logger-stub-sink=$SINK_LOGGER_PID"
  "logger=$LOGGER_PID" "control-plane=$SERVER_PID")
rss start "$LOGGER_PID"
rss start-sink "$SINK_LOGGER_PID"
WARM="${BENCH_WARMUP:-20}"
echo "warm-up (JIT): $WARM s through each logger" >&2
run logger "$LOGGER" 16 "$WARM" >/dev/null
run logger-stub-sink "$SINK_LOGGER" 16 "$WARM" >/dev/null
run logger-sr0 "$SR0_LOGGER" 16 "$WARM" >/dev/null
run nginx-proxy "$PROXY" 16 5 >/dev/null
rss after-warm-up "$LOGGER_PID"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for c in 1 16 64; do
  run direct "$DIRECT" "$c" "$SECS"
  run nginx-proxy "$PROXY" "$c" "$SECS"
  run logger-sr0 "$SR0_LOGGER" "$c" "$SECS"
  run logger "$LOGGER" "$c" "$SECS"
  run logger-stub-sink "$SINK_LOGGER" "$c" "$SECS"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rss after-load "$LOGGER_PID"
rss after-load-sink "$SINK_LOGGER_PID"
rss after-load-sr0 "$SR0_LOGGER_PID"
alloc logger "$ADMIN_PORT"
alloc logger-stub-sink "$SINK_ADMIN_PORT"
alloc logger-sr0 "$SR0_ADMIN_PORT"
for p in "$ADMIN_PORT" "$SINK_ADMIN_PORT" "$SR0_ADMIN_PORT"; do
  curl -s "http://127.0.0.1:$p/metrics" | grep -E '^mlctl_logger_(samples|requests|queue|overhead_seconds_(sum|count))' >&2
  curl -s "http://127.0.0.1:$p/health" >&2; echo >&2
done

# BENCH_OUTAGE=0 skips the outage (A/B runs of the hot path)
[ "${BENCH_OUTAGE:-60}" = 0 ] && exit 0
echo "control-plane outage: SIGSTOP for 60 s under 16 connections of load" >&2
kill -STOP "$SERVER_PID"
run logger-outage "$LOGGER" 16 60 &
WRK_PID=$!
for t in 10 20 30 40 50 60; do sleep 10; rss "outage-${t}s" "$LOGGER_PID"; done
wait $WRK_PID
kill -CONT "$SERVER_PID"
curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep -E '^mlctl_logger_(samples|requests|queue)' >&2
sleep 30
rss after-outage "$LOGGER_PID"
curl -s "http://127.0.0.1:$ADMIN_PORT/health" >&2; echo >&2
curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep -E '^mlctl_logger_(samples|requests|queue|overhead_seconds_(sum|count))' >&2
