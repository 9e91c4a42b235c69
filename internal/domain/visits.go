package domain

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"
)

// maxSessionEvents bounds a session's interaction_events: its latest
// interactions. The interactions table holds them all; while a session is
// open its events are read from there, and they are written into the
// session row once, when it ends (sessionByToken). Rewriting a growing
// array in the row on every interaction made each one cost as much as the
// row's size.
const maxSessionEvents = 50

// replicaClockSkew is how far apart the clocks of two replicas may be.
// Interactions are found by time (interactions has only a time index): a
// session's are those since it started, and on PostgreSQL another replica,
// whose clock may run behind, may have started it.
const replicaClockSkew = time.Minute

// InteractionsSince is the earliest time an interaction of a session
// started at start may carry.
func InteractionsSince(start time.Time) time.Time { return start.Add(-replicaClockSkew) }

// InteractionsUntil is the latest time an interaction of a session last
// active at lastActivity may carry (once its touches are folded).
func InteractionsUntil(lastActivity time.Time) time.Time { return lastActivity.Add(replicaClockSkew) }

// sessionByToken reads a session with its interaction_events: from the
// interactions table while it is open, from its row once it has ended.
// Callers that then save the session write those events into the row. It
// runs in a read-write transaction: the session's queued touches are folded
// first (see FoldTouches), so what it reads is exact and what callers save
// does not lose them.
func sessionByToken(ctx context.Context, tx Tx, token string) (*VisitorSession, error) {
	ref, err := tx.GetVisitorSession(ctx, token)
	if err != nil {
		return nil, err
	}
	// Read after folding, even when this fold found nothing: on PostgreSQL
	// another process's fold may have been applying the touches, and
	// FoldTouches waited for it to commit.
	if _, err := FoldTouches(ctx, tx, []uuid.UUID{ref.ID}); err != nil {
		return nil, err
	}
	sess, err := tx.GetSessionByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	if sess.EndedAt != nil {
		return sess, nil
	}
	// The session is folded: its interactions lie between its start and its
	// last activity, and an idle session's read stops there instead of
	// walking back through every interaction since.
	recent, err := tx.SessionInteractions(ctx, sess.ID, InteractionsSince(sess.StartedAt),
		InteractionsUntil(sess.LastActivityAt), maxSessionEvents)
	if err != nil {
		return nil, err
	}
	sess.InteractionEvents = make([]json.RawMessage, len(recent))
	for i, it := range recent {
		if sess.InteractionEvents[i], err = json.Marshal(sessionEventEntry{At: it.OccurredAt, DurationSeconds: it.DurationSeconds,
			ProjectID: it.ProjectID, Type: it.Type}); err != nil {
			return nil, fmt.Errorf("encode interaction: %w", err)
		}
	}
	return sess, nil
}

// SessionInput is what the API knows about a new visit, already anonymised.
type SessionInput struct {
	UserAgent        string // reduced form, e.g. "firefox/desktop"
	IPHash           string
	CountryCode      string
	EntryPoint       string
	DeviceType       string
	Browser          string
	ScreenResolution string
}

// NewSessionToken returns 256 random bits, URL-safe.
func NewSessionToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// StartSession creates a visitor session and returns it with its token.
func (s *Service) StartSession(ctx context.Context, in SessionInput) (*VisitorSession, error) {
	now := s.Now()
	var v Validator
	if in.DeviceType != "" {
		v.OneOf("device_type", in.DeviceType, DeviceTypes)
	}
	v.Length("entry_point", in.EntryPoint, 0, 255)
	v.Length("screen_resolution", in.ScreenResolution, 0, 20)
	v.Length("country_code", in.CountryCode, 0, 2)
	if err := v.Err(); err != nil {
		return nil, err
	}
	sess := &VisitorSession{
		ID: s.newID(), SessionToken: NewSessionToken(), UserAgent: in.UserAgent, IPHash: in.IPHash,
		CountryCode: in.CountryCode, EntryPoint: in.EntryPoint, DeviceType: in.DeviceType,
		Browser: in.Browser, ScreenResolution: in.ScreenResolution, ProjectsViewed: []uuid.UUID{},
		TimeSpentPerProject: map[string]float64{}, JourneyPath: []string{},
		StartedAt: now, LastActivityAt: now,
	}
	err := s.store.Update(ctx, func(tx Tx) error { return tx.InsertSession(ctx, sess) })
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// InteractionInput is one interaction a visitor reports.
type InteractionInput struct {
	Type            string
	DurationSeconds float64
	Metadata        json.RawMessage
}

// InteractionResult says what the interaction changed.
type InteractionResult struct {
	ProjectID           uuid.UUID
	VisitorInteractions int
	GrowthFactor        float64
	StageChanged        bool
	PreviousStage       string
	NewStage            string
}

func validateInteraction(in InteractionInput) error {
	var v Validator
	v.OneOf("interaction_type", in.Type, InteractionTypes)
	if in.Type == "dwell" {
		v.RangeF("duration_seconds", in.DurationSeconds, 0.001, 3600)
	} else {
		v.RangeF("duration_seconds", in.DurationSeconds, 0, 3600)
	}
	if len(in.Metadata) > 2048 {
		v.Add("metadata", "must be at most 2048 bytes")
	} else if len(in.Metadata) > 0 && !json.Valid(in.Metadata) {
		v.Add("metadata", "must be valid JSON")
	}
	return v.Err()
}

// RecordInteraction records what a visitor did with a project, in one
// transaction: the project's counter, the visitor's session, the raw row for
// analytics, the anonymised event and, when it moves, the growth stage.
// Under load, InteractionBatcher records many in shared transactions.
func (s *Service) RecordInteraction(ctx context.Context, sessionToken string, projectID uuid.UUID, in InteractionInput) (*InteractionResult, error) {
	if err := validateInteraction(in); err != nil {
		return nil, err
	}
	it := &interactionItem{token: sessionToken, projectID: projectID, in: in}
	err := s.store.Update(ctx, func(tx Tx) error {
		it.res, it.err = nil, nil // a retried transaction starts over
		_, err := s.recordInteractionsTx(ctx, tx, []*interactionItem{it})
		return err
	})
	if err != nil {
		return nil, err
	}
	return it.res, it.err
}

// interactionItem is one interaction of a transaction and, once recorded,
// its outcome: a result, or the reason it was refused.
type interactionItem struct {
	token     string
	projectID uuid.UUID
	in        InteractionInput
	res       *InteractionResult
	err       error // refused (unknown session, project not visible): nothing written for it
}

// recordInteractionsTx records items inside tx with the same few statements
// whatever their number: one lookup of their sessions and projects, one
// insert of the rows, one of their sessions' touches into the fold queue
// (session_folds.go) and one update of the projects' counters, then the
// events, which tx may hold back to write together. The counters are the
// rows every interaction contends for, so they are updated last: on
// PostgreSQL their locks are then held only until the commit that follows.
// Growth is evaluated once per project, after all of its interactions, and
// reported on the last of them. An item refused (unknown session, project
// not visible) gets its err and writes nothing; a returned error fails the
// transaction. It returns the touches it queued, with their places in the
// queue.
func (s *Service) recordInteractionsTx(ctx context.Context, tx Tx, items []*interactionItem) ([]QueuedTouch, error) {
	refs, visible, err := tx.InteractionRefs(ctx, uniqueTokens(items), uniqueProjects(items))
	if err != nil {
		return nil, err
	}
	now := s.Now()
	counts := map[uuid.UUID]int{}
	rows := make([]*Interaction, 0, len(items))
	touches := newBatchTouches(len(items))
	for _, it := range items {
		sess := refs[it.token]
		switch {
		case sess == nil:
			it.err = &NotFoundError{Kind: "session", Key: "token"}
			continue
		case !visible[it.projectID]:
			it.err = &NotFoundError{Kind: "project", Key: it.projectID.String()}
			continue
		}
		counts[it.projectID]++
		rows = append(rows, &Interaction{ID: s.newID(), SessionID: sess.ID, ProjectID: it.projectID,
			Type: it.in.Type, DurationSeconds: it.in.DurationSeconds, Metadata: it.in.Metadata, OccurredAt: now})
		touches.add(sess, it.projectID, it.in, now)
	}
	if err := tx.InsertInteractions(ctx, rows); err != nil {
		return nil, err
	}
	seqs, err := tx.QueueSessionTouches(ctx, touches.list)
	if err != nil {
		return nil, err
	}
	projects, err := tx.BumpVisibleProjects(ctx, counts)
	if err != nil {
		return nil, err
	}
	if err := s.reportInteractions(ctx, tx, items, refs, projects, counts); err != nil {
		return nil, err
	}
	queued := make([]QueuedTouch, len(seqs))
	for i, seq := range seqs {
		queued[i] = QueuedTouch{Seq: seq, Touch: touches.list[i]}
	}
	return queued, nil
}

// reportInteractions gives each recorded item its result, emits its event,
// and moves each project's growth once.
func (s *Service) reportInteractions(ctx context.Context, tx Tx, items []*interactionItem, refs map[string]*SessionRef,
	projects map[uuid.UUID]*Project, counts map[uuid.UUID]int) error {
	recorded := map[uuid.UUID]int{}
	last := map[uuid.UUID]*InteractionResult{}
	for _, it := range items {
		if it.err != nil {
			continue
		}
		p := projects[it.projectID]
		if p == nil { // hidden since it was read: the caller starts over
			return &NotFoundError{Kind: "project", Key: it.projectID.String()}
		}
		recorded[p.ID]++
		it.res = &InteractionResult{ProjectID: p.ID, VisitorInteractions: p.VisitorInteractions - counts[p.ID] + recorded[p.ID],
			PreviousStage: p.GrowthStage, NewStage: p.GrowthStage}
		last[p.ID] = it.res
		if err := s.emit(ctx, tx, EventVisitorInteraction, &p.ID, interactionEvent{
			DeviceType: refs[it.token].DeviceType, InteractionType: it.in.Type, ProjectID: p.ID}); err != nil {
			return err
		}
	}
	for _, id := range slices.SortedFunc(maps.Keys(last), compareIDs) {
		if err := s.growFromInteractions(ctx, tx, projects[id], counts[id], last[id]); err != nil {
			return err
		}
	}
	for _, it := range items {
		if it.res != nil {
			it.res.GrowthFactor = last[it.res.ProjectID].GrowthFactor
		}
	}
	return nil
}

// interactionEvent is the visitor_interaction event's data: what happened,
// never who (fields in the order json.Marshal gives a map).
type interactionEvent struct {
	DeviceType      string    `json:"device_type"`
	InteractionType string    `json:"interaction_type"`
	ProjectID       uuid.UUID `json:"project_id"`
}

// sessionEventEntry is one entry of a session's interaction_events.
type sessionEventEntry struct {
	At              time.Time `json:"at"`
	DurationSeconds float64   `json:"duration_seconds"`
	ProjectID       uuid.UUID `json:"project_id"`
	Type            string    `json:"type"`
}

func uniqueTokens(items []*interactionItem) []string {
	tokens := make([]string, 0, len(items))
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if !seen[it.token] {
			seen[it.token] = true
			tokens = append(tokens, it.token)
		}
	}
	return tokens
}

func uniqueProjects(items []*interactionItem) []uuid.UUID {
	ids := make([]uuid.UUID, 0, len(items))
	seen := make(map[uuid.UUID]bool, len(items))
	for _, it := range items {
		if !seen[it.projectID] {
			seen[it.projectID] = true
			ids = append(ids, it.projectID)
		}
	}
	return ids
}

func compareIDs(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

// batchTouches gathers what a batch's interactions change in their
// sessions: one SessionTouch per session, in the order of its first
// interaction, so a visitor's burst (or a script sharing a session) queues
// one row, not one per interaction.
type batchTouches struct {
	list []SessionTouch
	at   map[uuid.UUID]int // session -> index in list
}

func newBatchTouches(n int) *batchTouches {
	return &batchTouches{list: make([]SessionTouch, 0, n), at: make(map[uuid.UUID]int, n)}
}

// add is how one interaction changes the visitor's session: the project
// joins projects_viewed once, dwell time adds up per project, the journey
// gains the project unless it was the last step (SessionTrail.Visit); any
// interaction but a hover or a dwell counts as a click.
func (b *batchTouches) add(sess *SessionRef, projectID uuid.UUID, in InteractionInput, now time.Time) {
	i, ok := b.at[sess.ID]
	if !ok {
		i = len(b.list)
		b.at[sess.ID] = i
		b.list = append(b.list, SessionTouch{SessionID: sess.ID})
	}
	t := &b.list[i]
	t.Trail.Visit(projectID, "project:"+projectID.String(), in.DurationSeconds)
	if in.Type != "hover" && in.Type != "dwell" {
		t.Clicks++
	}
	t.At, t.TotalTimeSeconds = now, int(now.Sub(sess.StartedAt).Seconds())
}

// growFromInteractions recomputes a project's growth after n interactions
// moved its counter, records a stage change when one happens, and reports
// it in res (the last of those interactions).
func (s *Service) growFromInteractions(ctx context.Context, tx Tx, p *Project, n int, res *InteractionResult) error {
	factor := GrowthFactor(p.growthInputs(s.Now()))
	res.GrowthFactor = factor
	next := NextStage(p.GrowthStage, factor)
	if next == p.GrowthStage {
		return nil
	}
	previous := p.GrowthStage
	p.GrowthStage, p.UpdatedAt = next, s.Now()
	if err := tx.UpdateProject(ctx, p); err != nil {
		return err
	}
	res.StageChanged, res.NewStage = true, next
	return s.recordStageChange(ctx, tx, p, previous, &factor, GrowthLogEntry{Interactions: n})
}

// VisitorSession returns the session of token without its recent
// interaction events: what a request needs to know who is visiting.
func (s *Service) VisitorSession(ctx context.Context, token string) (*VisitorSession, error) {
	var sess *VisitorSession
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		sess, err = tx.GetVisitorSession(ctx, token)
		return err
	})
	return sess, err
}
