// Package faults holds fault-injection tests over the real greenhouse
// binary: the test build compiles cmd/greenhouse once (TestMain), runs
// `serve`, `worker` and CLI commands as child processes with exec.Command,
// and signals or kills them, or the servers they depend on, under a bounded
// load. Every process a test starts is killed when the test ends; all
// traffic stays on 127.0.0.1 (the integrations' URLs point at a closed
// loopback port); the machine's own PostgreSQL and Redis are never stopped:
// a test that stops a server starts its own.
//
// Run them with `make test-faults` (scripts/test-faults.sh: the race
// detector, and GREENHOUSE_TEST_POSTGRES_URL defaulting to the local
// server); `go test ./...` runs them too. Each test is bounded by a context
// deadline of 45-60 s and takes 5-8 s; the package about 30 s with the
// build.
//
// TestRedisOutageUnderLoad (SQLite; needs redis-server, else skipped): a
// private redis-server is SIGKILLed while eight visitors load GET
// /api/v1/garden and POST .../interact with rate limiting on. Every request
// still gets a 2xx; /metrics shows cache_fallback_total and
// ratelimit_fallback_total rising and cache_fallback_active at 1; the log
// has each "unreachable" warning exactly once. Redis restarted on the same
// port is used again within about a second: cache_fallback_active and
// ratelimit_fallback_active go back to 0, keys reappear (DBSIZE > 0) and the
// log says "redis cache reachable again".
//
// TestSIGTERMOneOfTwoReplicas (PostgreSQL; skipped when
// GREENHOUSE_TEST_POSTGRES_URL is unset): two `serve` on one fresh schema,
// load on both, a socket on A receiving announcements that `greenhouse
// announce` makes all along. Eight interactions are certainly in flight on
// A at the SIGTERM: the test holds a SHARE lock on the interactions table
// (reads go on) and releases it a second after the signal. A does not exit
// before they are answered, all eight get 200, A exits 0; no request gets
// a non-2xx answer (a refused connection is retried on B, as a balancer
// would); the socket is closed with 1001, and a new socket on B with
// ?since=<last id seen on A> receives the remaining announcements: all
// sixteen, in order, no gap, no duplicate.
//
// TestWorkerKilledMidJob (PostgreSQL; skipped when unset): a signed GitHub
// push delivery (internal/fixtures, exact bytes; a tampered body gets 401) is
// queued by `serve`; `greenhouse worker` runs the job, and the worker is
// SIGKILLed at the worst moment: the delivery's effect committed, River's
// completion not yet written. Two row locks make that moment deterministic
// (the delivery row holds the job inside its transaction; the job's
// river_job row then holds River's completion), and the dead worker's
// blocked backend is terminated as a dead host's would be. River rescues a
// job stuck in "running" only after one hour (RescueStuckJobsAfter in
// internal/worker/queue.go), so the test moves attempted_at two hours back
// and empties river_leader (the dead leader's lease) instead of waiting. A
// new worker then runs the job a second time and the delivery is applied
// once: one project_growth_log row, commit_count = before + its commits,
// and the worker logs "webhook delivery already applied".
//
// TestPostgresRestartUnderLoad (its own PostgreSQL 15 cluster: initdb in a
// temporary directory as the postgres user, on a free port; skipped when
// /usr/lib/postgresql/15/bin or that user is missing): the cluster gets a
// fast shutdown under load and starts again two seconds later. While it is
// down, /readyz is 503 and the API answers within milliseconds with a 503
// problem that names no driver error; afterwards the same serve process
// answers 2xx at once, and an announcement made by the CLI reaches a socket
// opened before the outage with the feed's poll set to a minute, so only the
// reconnected LISTEN could have delivered it.
package faults
