#!/usr/bin/env bash
# Kafka ingest: records of 20 features consumed into drift windows by one control plane, with a local single-node
# KRaft broker and the producer on the same machine (bench/KafkaLoad.java says what is measured):
#   bench/kafka-ingest.sh h2|postgres
# Options by environment: BENCH_RECORDS (backlog drained, default 3000000), BENCH_RATE (records/s of the catch-up
# producer, default 75000: half the goal of 150,000 records/s = 3,000,000 feature values/s), BENCH_PAUSE (s, 60),
# BENCH_WARM (s, 30), BENCH_MAX_WAIT (s, 900: longest wait for a drain or a catch-up), BENCH_FEATURES (20),
# BENCH_PARTITIONS (6), BENCH_PORT (18780), BENCH_NICE, BENCH_CONSUMERS (the server's --kafka-consumers; its default if unset), BENCH_CATCHUP (1; 0: the drain only),
# MLCTL_SERVER_JAVA_OPTS (the server's JVM flags). Prints DRAIN and CATCH-UP lines.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${1:-h2}"
PORT="${BENCH_PORT:-18780}"
"$ROOT/bin/mlctl" --version >/dev/null   # builds on first use (the CLI's jar carries the Kafka jars)
CP="$ROOT/cli/target/mlctl.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# the broker first: the server consumes from it from its start
KWORK="$(mktemp -d)"
"$JAVA" -cp "$CP" "$ROOT/bench/KafkaLoad.java" broker --dir "$KWORK/kafka" >"$KWORK/broker.out" 2>&1 &
BROKER_PID=$!
bench_cleanup() {
  kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null
  rm -rf "$KWORK"
}
trap bench_cleanup EXIT
for _ in $(seq 1 180); do grep -q '^bootstrap ' "$KWORK/broker.out" && break; sleep 1; done
BOOTSTRAP="$(sed -n 's/^bootstrap //p' "$KWORK/broker.out")"
[ -n "$BOOTSTRAP" ] || { cat "$KWORK/broker.out" "$KWORK/kafka/broker.log" 2>/dev/null; exit 1; }
echo "broker at $BOOTSTRAP"

# windows and grace longer than the run: records carry the time they were produced, and none may be late
SERVER_EXTRA=(--kafka-bootstrap "$BOOTSTRAP" --drift-window 30m --drift-grace 30m ${BENCH_CONSUMERS:+--kafka-consumers "$BENCH_CONSUMERS"})
# shellcheck source=control-plane.sh
. "$ROOT/bench/control-plane.sh"
echo "server $MLCTL_SERVER ($DB), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

"${NICE[@]}" "$JAVA" -cp "$CP" "$ROOT/bench/KafkaLoad.java" run --server "$MLCTL_SERVER" --token "$MLCTL_TOKEN" \
  --bootstrap "$BOOTSTRAP" --features "${BENCH_FEATURES:-20}" --records "${BENCH_RECORDS:-3000000}" \
  --partitions "${BENCH_PARTITIONS:-6}" --rate "${BENCH_RATE:-75000}" --warm "${BENCH_WARM:-30}" \
  --pause "${BENCH_PAUSE:-60}" --max-wait "${BENCH_MAX_WAIT:-900}" \
  --cpu "server:$SERVER_PID,broker:$BROKER_PID" ${PGDB:+--pg-db "$PGDB"} \
  --catch-up "$([ "${BENCH_CATCHUP:-1}" = 0 ] && echo false || echo true)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
