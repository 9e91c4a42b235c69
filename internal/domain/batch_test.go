package domain_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// Many visitors at once: every acknowledged interaction is stored exactly
// once, a bad one in the same batch gets its own error and spoils nothing.
func TestInteractionBatcher(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx, cancel := context.WithCancel(context.Background())
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Busy"})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "tablet"})
		if err != nil {
			t.Fatal(err)
		}
		b := svc.NewInteractionBatcher(16, 2, slog.New(slog.NewTextHandler(io.Discard, nil)))
		stopped := make(chan struct{})
		go func() { b.Run(ctx); close(stopped) }()

		const n = 100
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				target := p.ID
				if i%10 == 0 {
					target = uuid.New() // unknown: refused alone
				}
				_, errs[i] = b.Record(ctx, sess.SessionToken, target, domain.InteractionInput{Type: "click"})
			}()
		}
		wg.Wait()
		ok := 0
		for i, err := range errs {
			switch {
			case i%10 == 0 && !errors.Is(err, domain.ErrNotFound):
				t.Errorf("interaction %d on an unknown project: %v", i, err)
			case i%10 != 0 && err != nil:
				t.Errorf("interaction %d: %v", i, err)
			case err == nil:
				ok++
			}
		}
		got, err := svc.GetProject(context.Background(), p.ID)
		if err != nil || got.VisitorInteractions != ok {
			t.Fatalf("visitor_interactions = %v, want %d (%v)", got.VisitorInteractions, ok, err)
		}
		events, _ := svc.EventsSince(context.Background(), 0, 1000)
		interactions := 0
		for _, e := range events {
			if e.Type == domain.EventVisitorInteraction {
				interactions++
			}
		}
		if interactions != ok {
			t.Fatalf("%d visitor_interaction events for %d interactions", interactions, ok)
		}
		if _, err := b.Record(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: "bogus"}); err == nil {
			t.Fatal("invalid interaction accepted")
		}
		cancel()
		<-stopped
		if _, err := b.Record(context.Background(), sess.SessionToken, p.ID, domain.InteractionInput{Type: "view"}); !errors.Is(err, domain.ErrUnavailable) {
			t.Fatalf("after stop: want ErrUnavailable, got %v", err)
		}
	})
}

// One transaction carries interactions of several visitors and projects:
// each gets its own count in arrival order, a visitor's session takes its
// interactions in order, and the refused ones write nothing.
func TestInteractionBatchTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		p1, err1 := svc.PlantProject(ctx, domain.PlantInput{Name: "One"})
		p2, err2 := svc.PlantProject(ctx, domain.PlantInput{Name: "Two"})
		hidden, err3 := svc.PlantProject(ctx, domain.PlantInput{Name: "Hidden", Visibility: "private"})
		a, err4 := svc.StartSession(ctx, domain.SessionInput{DeviceType: "mobile"})
		bs, err5 := svc.StartSession(ctx, domain.SessionInput{DeviceType: "desktop"})
		if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
			t.Fatal(err)
		}
		type call struct {
			token   string
			project uuid.UUID
			in      domain.InteractionInput
		}
		calls := []call{
			{a.SessionToken, p1.ID, domain.InteractionInput{Type: "view"}},
			{a.SessionToken, p2.ID, domain.InteractionInput{Type: "click"}},
			{bs.SessionToken, p1.ID, domain.InteractionInput{Type: "dwell", DurationSeconds: 5}},
			{"no-such-token", p1.ID, domain.InteractionInput{Type: "view"}},
			{bs.SessionToken, hidden.ID, domain.InteractionInput{Type: "view"}},
			{a.SessionToken, p1.ID, domain.InteractionInput{Type: "like"}},
		}
		b := svc.NewInteractionBatcher(16, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
		results := make([]*domain.InteractionResult, len(calls))
		errs := make([]error, len(calls))
		var wg sync.WaitGroup
		for i, c := range calls { // queued one after the other, before the batcher runs
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = b.Record(ctx, c.token, c.project, c.in)
			}()
			for b.Queued() != i+1 {
				runtime.Gosched()
			}
		}
		go b.Run(ctx)
		wg.Wait()
		if batches, items := b.Stats(); batches != 1 || items != int64(len(calls)) {
			t.Fatalf("%d batches of %d interactions, want 1 of %d", batches, items, len(calls))
		}
		wantCount := []int{1, 1, 2, 0, 0, 3}
		for i, res := range results {
			refused := i == 3 || i == 4
			switch {
			case refused && !errors.Is(errs[i], domain.ErrNotFound):
				t.Errorf("call %d: want not found, got %v", i, errs[i])
			case !refused && errs[i] != nil:
				t.Errorf("call %d: %v", i, errs[i])
			case !refused && res.VisitorInteractions != wantCount[i]:
				t.Errorf("call %d: visitor_interactions %d, want %d", i, res.VisitorInteractions, wantCount[i])
			}
		}
		sa, err := svc.Session(ctx, a.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		area := func(id uuid.UUID) string { return "project:" + id.String() }
		if got, want := sa.JourneyPath, []string{area(p1.ID), area(p2.ID), area(p1.ID)}; !slices.Equal(got, want) {
			t.Errorf("journey %v, want %v", got, want)
		}
		if got, want := sa.ProjectsViewed, []uuid.UUID{p1.ID, p2.ID}; !slices.Equal(got, want) {
			t.Errorf("projects_viewed %v, want %v", got, want)
		}
		if sa.ClicksCount != 3 || len(sa.InteractionEvents) != 3 {
			t.Errorf("clicks %d, events %d; want 3 and 3", sa.ClicksCount, len(sa.InteractionEvents))
		}
		sb, err := svc.Session(ctx, bs.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		if sb.TimeSpentPerProject[p1.ID.String()] != 5 || sb.ClicksCount != 0 || len(sb.ProjectsViewed) != 1 {
			t.Errorf("session b: time %v, clicks %d, viewed %v", sb.TimeSpentPerProject, sb.ClicksCount, sb.ProjectsViewed)
		}
		if got, err := svc.GetProject(ctx, hidden.ID); err != nil || got.VisitorInteractions != 0 {
			t.Errorf("hidden project counted: %v (%v)", got.VisitorInteractions, err)
		}
	})
}

// An open session's interaction_events are its latest interactions, read
// from the interactions table; when it ends they are written into its row.
func TestSessionEventsWrittenWhenItEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		p, err := svc.PlantProject(ctx, domain.PlantInput{Name: "Busy"})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := svc.StartSession(ctx, domain.SessionInput{DeviceType: "mobile"})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 55 {
			in := domain.InteractionInput{Type: "view"}
			if i == 54 {
				in = domain.InteractionInput{Type: "dwell", DurationSeconds: 4}
			}
			if _, err := svc.RecordInteraction(ctx, sess.SessionToken, p.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		open, err := svc.Session(ctx, sess.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		if len(open.InteractionEvents) != 50 || !strings.Contains(string(open.InteractionEvents[49]), `"type":"dwell"`) {
			t.Fatalf("open session: %d events, last %s", len(open.InteractionEvents), open.InteractionEvents[len(open.InteractionEvents)-1])
		}
		later := domain.NewService(db, domain.WithClock(func() time.Time { return t0.Add(time.Hour) }))
		if n, err := later.EndIdleSessions(ctx, 30*time.Minute); err != nil || n != 1 {
			t.Fatalf("ended %d sessions: %v", n, err)
		}
		var row *domain.VisitorSession
		err = db.View(ctx, func(tx domain.Tx) error {
			row, err = tx.GetSessionByToken(ctx, sess.SessionToken)
			return err
		})
		if err != nil || row.EndedAt == nil || len(row.InteractionEvents) != 50 {
			t.Fatalf("ended row: %v events, ended %v (%v)", len(row.InteractionEvents), row.EndedAt, err)
		}
		for i := range row.InteractionEvents {
			var got, want map[string]any
			_ = json.Unmarshal(row.InteractionEvents[i], &got)
			_ = json.Unmarshal(open.InteractionEvents[i], &want)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("event %d: row %s, while open %s", i, row.InteractionEvents[i], open.InteractionEvents[i])
			}
		}
	})
}

// A full journey keeps its first steps and takes the latest in its last
// place, whether the step comes from an interaction (the store's fold) or
// from the frontend's report (the domain's rule); the exit point is the
// latest step.
func TestJourneyIsBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		a, err1 := svc.PlantProject(ctx, domain.PlantInput{Name: "A"})
		b, err2 := svc.PlantProject(ctx, domain.PlantInput{Name: "B"})
		sess, err3 := svc.StartSession(ctx, domain.SessionInput{DeviceType: "desktop"})
		if err := errors.Join(err1, err2, err3); err != nil {
			t.Fatal(err)
		}
		area := func(id uuid.UUID) string { return "project:" + id.String() }
		var want []string
		for i := range 60 {
			p := a
			if i%2 == 1 {
				p = b
			}
			if _, err := svc.RecordInteraction(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: "view"}); err != nil {
				t.Fatal(err)
			}
			if len(want) < 50 {
				want = append(want, area(p.ID))
			} else {
				want[49] = area(p.ID)
			}
		}
		got, err := svc.Session(ctx, sess.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.JourneyPath, want) {
			t.Fatalf("after interactions: %d steps, last %q; want %d, last %q", len(got.JourneyPath),
				got.JourneyPath[len(got.JourneyPath)-1], len(want), want[49])
		}
		about := "about"
		if _, err := svc.ReportVisit(ctx, sess.SessionToken, domain.VisitReport{Area: &about}); err != nil {
			t.Fatal(err)
		}
		want[49] = about
		leaving := true
		ended, err := svc.ReportVisit(ctx, sess.SessionToken, domain.VisitReport{Leaving: leaving})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ended.JourneyPath, want) || ended.ExitPoint != about {
			t.Fatalf("after a report: %d steps, last %q, exit %q", len(ended.JourneyPath), ended.JourneyPath[len(ended.JourneyPath)-1], ended.ExitPoint)
		}
	})
}

// A burst of one visitor (or a script sharing a session) lands many
// interactions of one session in one batch, queued together and folded
// together. The session must end exactly as it does when the same
// interactions arrive one at a time, each in its own transaction: projects
// viewed once, dwell summed per project, the journey deduplicated and
// bounded, clicks counted. A session with a single touch rides in the same
// batch beside it.
func TestBurstFoldsLikeOneByOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var projects []*domain.Project
		for _, name := range []string{"Fern", "Moss", "Oak"} {
			p, err := svc.PlantProject(ctx, domain.PlantInput{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			projects = append(projects, p)
		}
		burst, err1 := svc.StartSession(ctx, domain.SessionInput{DeviceType: "mobile"})
		single, err2 := svc.StartSession(ctx, domain.SessionInput{DeviceType: "mobile"})
		lone, err3 := svc.StartSession(ctx, domain.SessionInput{DeviceType: "desktop"})
		if err := errors.Join(err1, err2, err3); err != nil {
			t.Fatal(err)
		}
		types := []string{"view", "click", "dwell", "hover", "like"}
		type step struct {
			project uuid.UUID
			in      domain.InteractionInput
		}
		var steps []step
		for i := range 70 { // past the journey's 50 steps; every 7th repeats the last project
			p := projects[i%3]
			if i%7 == 6 {
				p = projects[(i-1)%3]
			}
			in := domain.InteractionInput{Type: types[i%len(types)]}
			if in.Type == "dwell" {
				in.DurationSeconds = float64(i%4) + 0.5
			}
			steps = append(steps, step{p.ID, in})
		}

		b := svc.NewInteractionBatcher(128, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
		var wg sync.WaitGroup
		errs := make([]error, len(steps)+1)
		queue := func(i int, token string, s step) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = b.Record(ctx, token, s.project, s.in)
			}()
			for b.Queued() != i+1 {
				runtime.Gosched()
			}
		}
		for i, s := range steps {
			queue(i, burst.SessionToken, s)
		}
		queue(len(steps), lone.SessionToken, steps[0])
		go b.Run(ctx)
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if batches, _ := b.Stats(); batches != 1 {
			t.Fatalf("%d batches, want 1", batches)
		}
		for _, s := range steps {
			if _, err := svc.RecordInteraction(ctx, single.SessionToken, s.project, s.in); err != nil {
				t.Fatal(err)
			}
		}

		got, err1 := svc.Session(ctx, burst.SessionToken)
		want, err2 := svc.Session(ctx, single.SessionToken)
		other, err3 := svc.Session(ctx, lone.SessionToken)
		if err := errors.Join(err1, err2, err3); err != nil {
			t.Fatal(err)
		}
		if len(want.JourneyPath) != 50 || len(want.TimeSpentPerProject) != 3 || want.ClicksCount == 0 {
			t.Fatalf("the one-by-one session does not exercise the rules: %d steps, time %v, clicks %d",
				len(want.JourneyPath), want.TimeSpentPerProject, want.ClicksCount)
		}
		if !slices.Equal(got.JourneyPath, want.JourneyPath) {
			t.Errorf("journey\n got %v\nwant %v", got.JourneyPath, want.JourneyPath)
		}
		if !slices.Equal(got.ProjectsViewed, want.ProjectsViewed) {
			t.Errorf("projects_viewed %v, want %v", got.ProjectsViewed, want.ProjectsViewed)
		}
		if fmt.Sprint(got.TimeSpentPerProject) != fmt.Sprint(want.TimeSpentPerProject) {
			t.Errorf("time_spent_per_project %v, want %v", got.TimeSpentPerProject, want.TimeSpentPerProject)
		}
		if got.ClicksCount != want.ClicksCount || got.TotalTimeSeconds != want.TotalTimeSeconds || !got.LastActivityAt.Equal(want.LastActivityAt) {
			t.Errorf("clicks %d, total %d, last %v; want %d, %d, %v", got.ClicksCount, got.TotalTimeSeconds, got.LastActivityAt,
				want.ClicksCount, want.TotalTimeSeconds, want.LastActivityAt)
		}
		if len(other.JourneyPath) != 1 || len(other.ProjectsViewed) != 1 || other.ClicksCount != 1 { // a view counts as a click
			t.Errorf("the lone session: journey %v, viewed %v, clicks %d", other.JourneyPath, other.ProjectsViewed, other.ClicksCount)
		}
	})
}
