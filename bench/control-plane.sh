# Sourced by the bench/*.sh scripts: starts a fresh control plane on embedded H2 or on a fresh PostgreSQL database
# (localhost, role mlctl/mlctl) and removes it all on exit. Before sourcing set ROOT, DB (h2|postgres) and PORT;
# afterwards MLCTL_SERVER and MLCTL_TOKEN (an admin token) are exported, WORK is a scratch directory and NICE is the
# command prefix for BENCH_NICE (e.g. -10: server and load generator at that priority on a shared machine; root).
# Optional: SERVER_EXTRA (an array of more `mlctl server` options) and a function bench_cleanup (run first on exit).
WORK="$(mktemp -d)"
export MLCTL_ADMIN_TOKEN="mlctl_bench_$(date +%s)_$RANDOM"
export MLCTL_SERVER="http://127.0.0.1:$PORT" MLCTL_TOKEN="$MLCTL_ADMIN_TOKEN"
PGDB=""
NICE=()
[ -n "${BENCH_NICE:-}" ] && NICE=(nice -n "$BENCH_NICE")

[ -n "${SERVER_EXTRA+x}" ] || SERVER_EXTRA=()
cleanup() {
  if declare -F bench_cleanup >/dev/null; then bench_cleanup || true; fi
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

MLCTL_SKIP_BUILD=1 "${NICE[@]}" "$ROOT/bin/mlctl" server --port "$PORT" --host 127.0.0.1 "${SERVER_ARGS[@]}" "${SERVER_EXTRA[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do curl -sf "$MLCTL_SERVER/health" >/dev/null && break; sleep 1; done
curl -sf "$MLCTL_SERVER/health" >/dev/null || { cat "$WORK/server.log"; exit 1; }
export MLCTL_SKIP_BUILD=1
