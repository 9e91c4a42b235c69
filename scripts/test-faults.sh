#!/usr/bin/env bash
# Runs the fault-injection tests (internal/faults): Redis killed under load,
# SIGTERM to one of two replicas, a worker killed mid-job, PostgreSQL
# restarted under load. They start their own greenhouse processes, their
# own redis-server and (when they can) their own PostgreSQL, on free
# loopback ports, and never stop the machine's servers.
#
#   scripts/test-faults.sh            # or: make test-faults
#   scripts/test-faults.sh -run Redis # extra arguments go to `go test`
#
# The PostgreSQL tests use a fresh schema of GREENHOUSE_TEST_POSTGRES_URL
# (default: the local server, as in .ci/run); set but unreachable fails them.
set -euo pipefail
cd "$(dirname "$0")/.."

export GREENHOUSE_TEST_POSTGRES_URL="${GREENHOUSE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
export GREENHOUSE_TEST_REDIS_URL="${GREENHOUSE_TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"

exec "${GO:-go}" test -race -count=1 -timeout 10m "$@" ./internal/faults/
