package faults

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/fixtures"
	_ "github.com/jackc/pgx/v5/stdlib" // the test's own view of the database
)

const webhookSecret = "faults-webhook-secret"

// postWebhook sends sent as a GitHub delivery with the signature of signed
// (the same bytes, except to test tampering).
func postWebhook(t *testing.T, base, event, delivery string, signed, sent []byte) int {
	t.Helper()
	mac := hmac.New(sha256.New, []byte(webhookSecret))
	mac.Write(signed)
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/integrations/github/webhook", bytes.NewReader(sent))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GitHub-Event", event)
	req.Header.Set("X-GitHub-Delivery", delivery)
	req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("webhook: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// blockedBy counts the backends waiting on a lock that pid holds.
func blockedBy(ctx context.Context, db *sql.DB, pid int) int {
	var n int
	_ = db.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE `+waitingOnRowsOf, pid).Scan(&n)
	return n
}

// waitingOnRowsOf selects the backends waiting on the row locks of the
// backend $1, not those waiting for its transaction merely to end: CREATE
// INDEX CONCURRENTLY in another test's migration, in any schema of the
// database, waits on every older transaction (wait event virtualxid), and
// terminating it failed that test's migration.
const waitingOnRowsOf = `$1 = ANY(pg_blocking_pids(pid)) AND wait_event IS DISTINCT FROM 'virtualxid'`

// A worker is killed with SIGKILL after a webhook job's effect committed but
// before River recorded the job as done (the worst moment). Once the job is
// rescued, a new worker runs it again and the delivery's growth is applied
// once: one project_growth_log row, commit_count not doubled.
//
// Two row locks taken by the test make that moment deterministic: the
// delivery's row holds the job inside its transaction until the test lets
// it commit, and the job's river_job row then holds River's completion.
// River rescues a job stuck in "running" only after RescueStuckJobsAfter
// (one hour, internal/worker/queue.go), and the killed worker's leadership
// lease must run out; the test fast-forwards both in the database
// (attempted_at two hours back, river_leader emptied) instead of waiting.
func TestWorkerKilledMidJob(t *testing.T) {
	dbURL := postgresURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	body := fixtures.Read(t, "github-webhooks", "push.branch-created.1-commit.json")
	g := newGarden(t, dbURL, "GREENHOUSE_GITHUB_WEBHOOK_SECRET="+webhookSecret)
	g.cli(t, "migrate", "up")
	g.cli(t, "plant", "seed", "--name", "Hello World", "--repo", "Codertocat/Hello-World")
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var projectID string
	var commitsBefore int
	if err := db.QueryRowContext(ctx, `SELECT id, commit_count FROM projects`).Scan(&projectID, &commitsBefore); err != nil {
		t.Fatal(err)
	}

	srv, base := g.serve(t, "serve (enqueues only)")
	const delivery = "5d7e2c44-0b8f-4d3e-9a55-fa0175fa0175"
	if st := postWebhook(t, base, "push", delivery, body, append(bytes.Clone(body), ' ')); st != http.StatusUnauthorized {
		t.Fatalf("tampered body got %d, want 401", st)
	}
	// Lock 1: the delivery row, so the job blocks inside its transaction.
	// The API inserted the row when it accepted the delivery.
	if st := postWebhook(t, base, "push", delivery, body, body); st != http.StatusAccepted {
		t.Fatalf("webhook got %d, want 202", st)
	}
	srv.Terminate(t, 15*time.Second)
	lock1, pid1 := lockRow(ctx, t, db, `SELECT 1 FROM webhook_deliveries WHERE delivery_id = $1 FOR UPDATE`, delivery)
	var jobID int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM river_job WHERE kind = 'process_github_webhook'`).Scan(&jobID); err != nil {
		t.Fatalf("queued job: %v", err)
	}

	w1 := start(t, "worker 1", g.dir, g.env(), binary, "worker", "--no-schedule")
	waitFor(t, 20*time.Second, "the job to run and block inside its transaction", func() bool {
		return blockedBy(ctx, db, pid1) > 0
	})
	// Lock 2: the job's row, so River cannot record the job as completed.
	lock2, pid2 := lockRow(ctx, t, db, `SELECT 1 FROM river_job WHERE id = $1 FOR UPDATE`, jobID)
	if err := lock1.Commit(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the effect committed and the completion blocked", func() bool {
		return growthRows(ctx, t, db, projectID) == 1 && blockedBy(ctx, db, pid2) > 0
	})

	w1.Kill() // SIGKILL: no shutdown, no completion
	// The dead worker's backend still waits on lock 2; PostgreSQL would end it
	// when it next touched the closed socket, after finishing the UPDATE that
	// marks the job completed. A crashed host never gets that far: end it now.
	if _, err := db.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE `+waitingOnRowsOf, pid2); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the dead worker's backend to end", func() bool { return blockedBy(ctx, db, pid2) == 0 })
	if err := lock2.Rollback(); err != nil {
		t.Fatal(err)
	}
	if st := jobState(ctx, t, db, jobID); st != "running" {
		t.Fatalf("after the kill the job is %q, want running (the kill came too late)", st)
	}

	// Fast-forward River's rescue window and the dead leader's lease.
	if _, err := db.ExecContext(ctx, `UPDATE river_job SET attempted_at = now() - interval '2 hours' WHERE id = $1`, jobID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM river_leader`); err != nil {
		t.Fatal(err)
	}
	restarted := time.Now()
	w2 := start(t, "worker 2", g.dir, g.env(), binary, "worker", "--no-schedule")
	waitFor(t, 30*time.Second, "the rescued job to complete on the new worker", func() bool {
		return jobState(ctx, t, db, jobID) == "completed"
	})
	t.Logf("job rescued and completed %s after the new worker started", time.Since(restarted).Round(time.Millisecond))

	var attempt int
	if err := db.QueryRowContext(ctx, `SELECT attempt FROM river_job WHERE id = $1`, jobID).Scan(&attempt); err != nil {
		t.Fatal(err)
	}
	if attempt < 2 {
		t.Errorf("the job ran %d time(s), want a second attempt", attempt)
	}
	if n := growthRows(ctx, t, db, projectID); n != 1 {
		t.Errorf("%d project_growth_log rows for the delivery, want 1", n)
	}
	var commits, delta int
	if err := db.QueryRowContext(ctx, `SELECT p.commit_count, coalesce(sum(l.commits_delta), 0) FROM projects p
		LEFT JOIN project_growth_log l ON l.project_id = p.id WHERE p.id = $1 GROUP BY p.commit_count`, projectID).Scan(&commits, &delta); err != nil {
		t.Fatal(err)
	}
	if delta < 1 || commits != commitsBefore+delta {
		t.Errorf("commit_count %d (before %d, growth log delta %d): the delivery was not applied exactly once", commits, commitsBefore, delta)
	}
	if !strings.Contains(w2.Output(), "webhook delivery already applied") {
		t.Error("the new worker's log does not say the delivery was already applied")
	}
	w2.Terminate(t, 15*time.Second)
}

// lockRow opens a transaction on its own connection, locks a row with
// query (a SELECT ... FOR UPDATE that must find it) and returns the
// transaction and its backend pid.
func lockRow(ctx context.Context, t *testing.T, db *sql.DB, query string, arg any) (*sql.Tx, int) {
	t.Helper()
	tx, pid := beginOwn(ctx, t, db)
	var one int
	if err := tx.QueryRowContext(ctx, query, arg).Scan(&one); err != nil {
		t.Fatalf("lock: %v", err)
	}
	return tx, pid
}

// beginOwn opens a transaction on a connection of its own and returns it
// with its backend pid; both end with the test.
func beginOwn(ctx context.Context, t *testing.T, db *sql.DB) (*sql.Tx, int) {
	t.Helper()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	var pid int
	if err := conn.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	return tx, pid
}

func growthRows(ctx context.Context, t *testing.T, db *sql.DB, projectID string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM project_growth_log WHERE project_id = $1`, projectID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func jobState(ctx context.Context, t *testing.T, db *sql.DB, id int64) string {
	t.Helper()
	var s string
	if err := db.QueryRowContext(ctx, `SELECT state FROM river_job WHERE id = $1`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
