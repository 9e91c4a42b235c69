#!/usr/bin/env bash
# Starts (or stops) the production topology as local processes: two `serve`
# replicas and one `worker` on the local PostgreSQL and Redis. No container
# engine needed. State (pids, logs) lives in .cluster/; `stop` ends exactly
# the processes `start` recorded, nothing else.
#
#   scripts/cluster.sh start   # or: make cluster
#   scripts/cluster.sh status
#   scripts/cluster.sh token   # an admin token the replicas accept
#   scripts/cluster.sh stop    # or: make cluster-stop
#
# Its own database and Redis database by default, never the ones the README
# suggests for tests (postgres .../test, Redis 0): the tests drop schemas and
# keys there. Overrides: CLUSTER_DATABASE_URL, CLUSTER_REDIS_URL,
# CLUSTER_PORTS ("18081 18082"), BIN. The default database is created when
# missing (psql as postgres on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."

STATE=.cluster
BIN=${BIN:-bin/greenhouse}
PORTS=(${CLUSTER_PORTS:-18081 18082})
DEFAULT_DB=greenhouse_cluster
export GREENHOUSE_DATABASE_URL=${CLUSTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$DEFAULT_DB?sslmode=disable}
export GREENHOUSE_REDIS_URL=${CLUSTER_REDIS_URL:-redis://127.0.0.1:6379/1}
export GREENHOUSE_LOG_FORMAT=${GREENHOUSE_LOG_FORMAT:-json}
export GREENHOUSE_DATA_DIR=${GREENHOUSE_DATA_DIR:-$PWD/$STATE/data}

wait_ready() { # port
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "serve on :$1 did not become ready; see $STATE/serve-$1.log" >&2
  return 1
}

start() {
  if [ -s "$STATE/pids" ]; then
    echo "a cluster is already recorded in $STATE/pids; run '$0 stop' first" >&2
    exit 1
  fi
  mkdir -p "$STATE" "$GREENHOUSE_DATA_DIR"
  [ -x "$BIN" ] || make build
  if [ -z "${CLUSTER_DATABASE_URL:-}" ] &&
    ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DEFAULT_DB'" | grep -q 1; then
    echo "creating database $DEFAULT_DB"
    psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $DEFAULT_DB"
  fi
  echo "cluster: database $GREENHOUSE_DATABASE_URL, redis $GREENHOUSE_REDIS_URL, data_dir $GREENHOUSE_DATA_DIR"
  "$BIN" migrate up
  : >"$STATE/pids"
  for port in "${PORTS[@]}"; do
    "$BIN" serve --addr "127.0.0.1:$port" --with-worker=false >"$STATE/serve-$port.log" 2>&1 &
    echo "$! serve-$port" >>"$STATE/pids"
  done
  # The worker's metrics: scrape it beside the serve replicas (deploy/prometheus.yml).
  "$BIN" worker --metrics-addr "127.0.0.1:${WORKER_METRICS_PORT:-9091}" >"$STATE/worker.log" 2>&1 &
  echo "$! worker" >>"$STATE/pids"
  for port in "${PORTS[@]}"; do wait_ready "$port"; done
  echo "cluster up: serve on ${PORTS[*]}, worker (metrics on :${WORKER_METRICS_PORT:-9091}); logs in $STATE/"
  echo "cluster: an admin token: $0 token (then: curl -H \"Authorization: Bearer \$TOKEN\" http://127.0.0.1:${PORTS[0]}/api/v1/...)"
}

stop() {
  [ -f "$STATE/pids" ] || { echo "no cluster recorded"; return 0; }
  while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" && echo "stopped $name ($pid)"
    fi
  done <"$STATE/pids"
  # Give them their graceful shutdown, then make sure.
  for _ in $(seq 1 100); do
    alive=0
    while read -r pid _; do kill -0 "$pid" 2>/dev/null && alive=1; done <"$STATE/pids"
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  while read -r pid _; do kill -KILL "$pid" 2>/dev/null || true; done <"$STATE/pids"
  rm -f "$STATE/pids"
}

status() {
  [ -f "$STATE/pids" ] || { echo "no cluster recorded"; return 0; }
  while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then echo "$name ($pid) running"; else echo "$name ($pid) gone"; fi
  done <"$STATE/pids"
}

# token signs an admin token with the replicas' key (the secret generated
# into their data_dir), over the same settings.
token() {
  [ -x "$BIN" ] || make build
  "$BIN" token issue
}

case "${1:-}" in
  start) start ;;
  token) token ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status|token" >&2; exit 2 ;;
esac
