package domain_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
)

// TestSessionEventsAcrossReplicaClocks: interactions are found by time from
// their session's start, so a replica whose clock runs half a minute behind
// the one that started the session still has its interactions counted
// among the session's events, and other visitors' interactions are not.
func TestSessionEventsAcrossReplicaClocks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := servicesAt(db)
		earlier, ahead, behind := at(-5*time.Minute), at(0), at(-30*time.Second)
		p, other := plantAndVisit(t, earlier)
		if _, err := earlier.RecordInteraction(ctx, other.SessionToken, p.ID, domain.InteractionInput{Type: "view"}); err != nil {
			t.Fatal(err)
		}
		sess, err := ahead.StartSession(ctx, domain.SessionInput{DeviceType: "mobile"})
		if err != nil {
			t.Fatal(err)
		}
		for _, kind := range []string{"view", "click"} {
			if _, err := behind.RecordInteraction(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: kind}); err != nil {
				t.Fatal(err)
			}
		}
		read, err := ahead.Session(ctx, sess.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, raw := range read.InteractionEvents {
			var e struct {
				Type string `json:"type"`
			}
			if err := json.Unmarshal(raw, &e); err != nil {
				t.Fatal(err)
			}
			kinds = append(kinds, e.Type)
		}
		if len(kinds) != 2 || kinds[0] != "view" || kinds[1] != "click" {
			t.Fatalf("events of the session: %s, want its view then its click", read.InteractionEvents)
		}
	})
}

// TestSessionEventsUpToItsLastActivity: a session's events are read up to
// its last activity (so an idle session's read stops there, before other
// visitors' later interactions), with the same allowance for replicas'
// clocks: a visit report from a replica whose clock runs behind the one that
// recorded the latest interaction leaves the last activity before it, and
// that interaction is still among the events.
func TestSessionEventsUpToItsLastActivity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := servicesAt(db)
		p, sess := plantAndVisit(t, at(0))
		if _, err := at(40*time.Second).RecordInteraction(ctx, sess.SessionToken, p.ID, domain.InteractionInput{Type: "like"}); err != nil {
			t.Fatal(err)
		}
		if _, err := at(10*time.Second).ReportVisit(ctx, sess.SessionToken, domain.VisitReport{}); err != nil {
			t.Fatal(err)
		}
		later := at(2 * time.Hour)
		other, err := later.StartSession(ctx, domain.SessionInput{DeviceType: "mobile"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := later.RecordInteraction(ctx, other.SessionToken, p.ID, domain.InteractionInput{Type: "view"}); err != nil {
			t.Fatal(err)
		}
		read, err := later.Session(ctx, sess.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		if len(read.InteractionEvents) != 1 {
			t.Fatalf("events %s (last activity %v), want the like", read.InteractionEvents, read.LastActivityAt)
		}
	})
}
