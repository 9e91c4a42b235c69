package faults

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// announcement is one system_update event as a socket receives it.
type announcement struct {
	id      int64
	message string
}

// readAnnouncements reads system_update events from c into out until the
// socket ends, and returns how it ended.
func readAnnouncements(ctx context.Context, c *websocket.Conn, out chan<- announcement) error {
	for {
		_, b, err := c.Read(ctx)
		if err != nil {
			return err
		}
		var m struct {
			ID        int64  `json:"id"`
			EventType string `json:"event_type"`
			Data      struct {
				Message string `json:"message"`
			} `json:"data"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("decode %q: %w", b, err)
		}
		if m.EventType != "system_update" {
			return fmt.Errorf("unexpected event %s", b)
		}
		if strings.HasPrefix(m.Data.Message, "fault-") {
			out <- announcement{m.ID, m.Data.Message}
		}
	}
}

// One of two replicas on one PostgreSQL gets SIGTERM under load: it answers
// what it accepted, closes its socket with 1001, and the client resumes on
// the other replica with since=<last id> without a gap or a duplicate.
func TestSIGTERMOneOfTwoReplicas(t *testing.T) {
	dbURL := postgresURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	g := newGarden(t, dbURL)
	g.cli(t, "migrate", "up")
	g.cli(t, "plant", "seed", "--name", "Fault Fern")
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, baseA := g.serve(t, "serve A")
	_, baseB := g.serve(t, "serve B")
	projectID := firstProjectID(t, baseA)

	// The socket on A, only announcements.
	ws, _, err := websocket.Dial(ctx, strings.Replace(baseA, "http", "ws", 1)+"/ws/garden?types=system_update", nil)
	if err != nil {
		t.Fatalf("dial A: %v", err)
	}
	defer ws.CloseNow()
	events := make(chan announcement, 100)
	endA := make(chan error, 1)
	go func() { endA <- readAnnouncements(ctx, ws, events) }()

	// Four visitors on each replica; a request A does not answer is retried
	// once on B, as a load balancer would.
	var sigterm struct {
		sync.Mutex
		at time.Time
	}
	termSent := func() bool { sigterm.Lock(); defer sigterm.Unlock(); return !sigterm.at.IsZero() }
	res := newTally()
	var earlyErrs, notRefused []string
	straddled := 0 // requests A answered that began before the SIGTERM and ended after it
	var errMu sync.Mutex
	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for n := range 8 {
		base, label := baseA, "A"
		if n%2 == 1 {
			base, label = baseB, "B"
		}
		wg.Go(func() {
			v := newVisitor()
			for i := 0; loadCtx.Err() == nil; i++ {
				before := termSent()
				st, err := v.step(loadCtx, base, projectID, i)
				if loadCtx.Err() != nil {
					return
				}
				res.add(label, st, err)
				if err == nil && label == "A" && !before && termSent() {
					errMu.Lock()
					straddled++
					errMu.Unlock()
				}
				if err != nil && label == "A" {
					errMu.Lock()
					if !before && !termSent() {
						earlyErrs = append(earlyErrs, err.Error())
					}
					if !errors.Is(err, syscall.ECONNREFUSED) {
						notRefused = append(notRefused, err.Error())
					}
					errMu.Unlock()
					st, err = v.step(loadCtx, baseB, projectID, i)
					if loadCtx.Err() != nil {
						return // the load ended during the retry: not B's failure
					}
					res.add("B (retry)", st, err)
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
	defer func() { stopLoad(); wg.Wait() }()

	// Announcements from the CLI, as from another machine, all along.
	const total = 16
	announced := make(chan error, 1)
	go func() {
		for i := 1; i <= total; i++ {
			if ctx.Err() != nil {
				announced <- ctx.Err()
				return
			}
			if out, err := g.run(ctx, "announce", fmt.Sprintf("fault-%02d", i)); err != nil {
				announced <- fmt.Errorf("%w: %s", err, out)
				return
			}
			time.Sleep(150 * time.Millisecond)
		}
		announced <- nil
	}()

	var got []announcement
	for len(got) < 5 {
		select {
		case e := <-events:
			got = append(got, e)
		case err := <-endA:
			t.Fatalf("socket on A ended before the SIGTERM: %v", err)
		case <-ctx.Done():
			t.Fatal("no announcements reached A")
		}
	}
	// Requests certainly in flight at the SIGTERM: eight interactions that
	// A accepted and cannot finish while the test holds a lock on the
	// interactions table (reads go on). They must all get their answer.
	slowVisitors := make([]*visitor, 8)
	for i := range slowVisitors {
		slowVisitors[i] = newVisitor()
		if st, err := slowVisitors[i].do(ctx, "GET", baseA+"/api/v1/garden", ""); err != nil || st != 200 {
			t.Fatalf("garden on A: %d %v", st, err)
		}
	}
	lock, lockPID := beginOwn(ctx, t, db)
	if _, err := lock.ExecContext(ctx, `LOCK TABLE interactions IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	type answer struct {
		status int
		err    error
	}
	inFlight := make(chan answer, len(slowVisitors))
	for _, v := range slowVisitors {
		go func() {
			st, err := v.do(ctx, "POST", baseA+"/api/v1/projects/"+projectID+"/interact", `{"interaction_type":"like"}`)
			inFlight <- answer{st, err}
		}()
	}
	waitFor(t, 10*time.Second, "A's interactions to wait on the lock", func() bool { return blockedBy(ctx, db, lockPID) > 0 })
	time.Sleep(300 * time.Millisecond) // all eight inside A

	sigterm.Lock()
	sigterm.at = time.Now()
	sigterm.Unlock()
	_ = a.Cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(time.Second)
	if a.Exited() {
		t.Fatal("A exited with requests in flight")
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	code := a.Wait(t, 15*time.Second)
	t.Logf("A exited with %d, %s after SIGTERM", code, time.Since(sigterm.at).Round(time.Millisecond))
	if code != 0 {
		t.Errorf("A exited with %d after SIGTERM, want 0", code)
	}
	answered := 0
	for range slowVisitors {
		switch r := <-inFlight; {
		case r.err == nil && r.status == 200:
			answered++
		case errors.Is(r.err, syscall.ECONNREFUSED):
			// Sent too late (a very slow machine): A never accepted it.
		default:
			t.Errorf("an interaction in flight at the SIGTERM got %d %v, want 200", r.status, r.err)
		}
	}
	if answered == 0 {
		t.Error("none of the interactions was in flight at the SIGTERM")
	}

	// The socket on A: drain what it delivered, then the close code.
	var closeErr error
	for closeErr == nil {
		select {
		case e := <-events:
			got = append(got, e)
		case closeErr = <-endA:
		}
	}
drain:
	for {
		select {
		case e := <-events:
			got = append(got, e)
		default:
			break drain
		}
	}
	if websocket.CloseStatus(closeErr) != websocket.StatusGoingAway {
		t.Fatalf("A's socket ended with %v, want close 1001", closeErr)
	}
	last := got[len(got)-1].id
	onA := len(got)

	// Resume on B from the last id seen on A.
	wsB, _, err := websocket.Dial(ctx, fmt.Sprintf("%s/ws/garden?types=system_update&since=%d",
		strings.Replace(baseB, "http", "ws", 1), last), nil)
	if err != nil {
		t.Fatalf("dial B: %v", err)
	}
	defer wsB.CloseNow()
	endB := make(chan error, 1)
	go func() { endB <- readAnnouncements(ctx, wsB, events) }()
	if err := <-announced; err != nil {
		t.Fatalf("announcements: %v", err)
	}
	for len(got) < total {
		select {
		case e := <-events:
			got = append(got, e)
		case err := <-endB:
			t.Fatalf("socket on B ended: %v", err)
		case <-ctx.Done():
			t.Fatalf("B delivered %d of %d announcements: %v", len(got), total, got)
		}
	}
	select { // anything more would be a duplicate
	case e := <-events:
		got = append(got, e)
	case <-time.After(500 * time.Millisecond):
	}
	t.Logf("%d announcements on A (last id %d), %d resumed on B", onA, last, len(got)-onA)
	for i, e := range got {
		if want := fmt.Sprintf("fault-%02d", i+1); e.message != want || (i > 0 && e.id <= got[i-1].id) {
			t.Fatalf("announcement %d is %s (id %d), want %s with a greater id: gap, duplicate or disorder in %v",
				i, e.message, e.id, want, got)
		}
	}
	if len(got) != total {
		t.Fatalf("got %d announcements, want %d: %v", len(got), total, got)
	}

	time.Sleep(500 * time.Millisecond) // load on B alone
	stopLoad()
	wg.Wait()
	t.Logf("load: %s; %d answers from A to requests in flight at the SIGTERM", res, straddled)
	if bad := res.bad(); len(bad) > 0 {
		t.Errorf("non-2xx answers (A must finish what it accepted): %v", bad)
	}
	if len(earlyErrs) > 0 {
		t.Errorf("A failed requests before the SIGTERM: %v", earlyErrs)
	}
	if okA, _ := res.count("A"); okA == 0 {
		t.Error("A answered nothing: the load did not run")
	}
	if _, errsB := res.count("B"); errsB > 0 {
		t.Errorf("B failed %d requests: %v", errsB, res.errs["B"])
	}
	if _, errsR := res.count("B (retry)"); errsR > 0 {
		t.Errorf("retries on B failed: %v", res.errs["B (retry)"])
	}
	if len(notRefused) > 0 {
		// A connection the kernel queued but A never accepted ends this way.
		t.Logf("requests to A that failed other than by refusal (retried on B): %v", notRefused)
	}
}
