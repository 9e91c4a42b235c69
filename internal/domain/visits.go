package domain

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// maxSessionEvents bounds the interaction_events kept inside a session row
// (as maxJourney bounds its journey_path): the full history lives in the
// interactions table, and a session row must stay small to stay fast.
const maxSessionEvents = 50

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
	var v validator
	if in.DeviceType != "" {
		v.oneOf("device_type", in.DeviceType, DeviceTypes)
	}
	v.length("entry_point", in.EntryPoint, 0, 255)
	v.length("screen_resolution", in.ScreenResolution, 0, 20)
	v.length("country_code", in.CountryCode, 0, 2)
	if err := v.err(); err != nil {
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
	var v validator
	v.oneOf("interaction_type", in.Type, InteractionTypes)
	if in.Type == "dwell" {
		v.rangeF("duration_seconds", in.DurationSeconds, 0.001, 3600)
	} else {
		v.rangeF("duration_seconds", in.DurationSeconds, 0, 3600)
	}
	if len(in.Metadata) > 2048 {
		v.add("metadata", "must be at most 2048 bytes")
	} else if len(in.Metadata) > 0 && !json.Valid(in.Metadata) {
		v.add("metadata", "must be valid JSON")
	}
	return v.err()
}

// RecordInteraction records what a visitor did with a project, in one
// transaction: the project's counter, the visitor's session, the raw row for
// analytics, the anonymised event and, when it moves, the growth stage.
// Under load, InteractionBatcher records many in shared transactions.
func (s *Service) RecordInteraction(ctx context.Context, sessionToken string, projectID uuid.UUID, in InteractionInput) (*InteractionResult, error) {
	if err := validateInteraction(in); err != nil {
		return nil, err
	}
	var res *InteractionResult
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		res, _, err = s.recordInteractionTx(ctx, tx, sessionToken, projectID, in)
		return err
	})
	return res, err
}

// recordInteractionTx does the work of one interaction inside tx. rejected
// is true when the interaction was refused before anything was written (an
// unknown session or project), so a shared transaction can carry on.
func (s *Service) recordInteractionTx(ctx context.Context, tx Tx, sessionToken string, projectID uuid.UUID, in InteractionInput) (res *InteractionResult, rejected bool, err error) {
	sess, err := tx.GetSessionRef(ctx, sessionToken)
	if err != nil {
		return nil, IsNotFound(err), err
	}
	// One statement both checks the project is visible and counts the
	// interaction; a private or pending project is not found.
	p, err := tx.BumpVisibleProject(ctx, projectID, 1)
	if err != nil {
		return nil, IsNotFound(err), err
	}
	now := s.Now()
	if err := tx.InsertInteraction(ctx, &Interaction{ID: s.newID(), SessionID: sess.ID, ProjectID: p.ID,
		Type: in.Type, DurationSeconds: in.DurationSeconds, Metadata: in.Metadata, OccurredAt: now}); err != nil {
		return nil, false, err
	}
	if err := s.touchSession(ctx, tx, sess, p.ID, in, now); err != nil {
		return nil, false, err
	}
	if res, err = s.growFromInteraction(ctx, tx, p); err != nil {
		return nil, false, err
	}
	return res, false, s.emit(ctx, tx, EventVisitorInteraction, &p.ID, map[string]any{
		"project_id": p.ID, "interaction_type": in.Type, "device_type": sess.DeviceType,
	})
}

// touchSession folds one interaction into the visitor's session: the
// project joins projects_viewed once, dwell time adds up per project, the
// journey gains the project unless it was the last step, clicks count, and
// the latest interactions are kept (bounded). The store does it in one
// statement, without reading the session's arrays back.
func (s *Service) touchSession(ctx context.Context, tx Tx, sess *SessionRef, projectID uuid.UUID, in InteractionInput, now time.Time) error {
	event, err := json.Marshal(map[string]any{"project_id": projectID, "type": in.Type,
		"duration_seconds": in.DurationSeconds, "at": now})
	if err != nil {
		return fmt.Errorf("encode interaction: %w", err)
	}
	return tx.TouchSession(ctx, SessionTouch{
		SessionID: sess.ID, ProjectID: projectID, Area: "project:" + projectID.String(),
		DurationSeconds: in.DurationSeconds, Click: in.Type != "hover" && in.Type != "dwell",
		Event: event, At: now, TotalTimeSeconds: int(now.Sub(sess.StartedAt).Seconds()),
		MaxEvents: maxSessionEvents, MaxJourney: maxJourney,
	})
}

// growFromInteraction recomputes the project's growth after its counter
// moved, and records a stage change when one happens.
func (s *Service) growFromInteraction(ctx context.Context, tx Tx, p *Project) (*InteractionResult, error) {
	factor := GrowthFactor(p.growthInputs(s.Now()))
	res := &InteractionResult{ProjectID: p.ID, VisitorInteractions: p.VisitorInteractions,
		GrowthFactor: factor, PreviousStage: p.GrowthStage, NewStage: p.GrowthStage}
	next := NextStage(p.GrowthStage, factor)
	if next == p.GrowthStage {
		return res, nil
	}
	previous := p.GrowthStage
	p.GrowthStage, p.UpdatedAt = next, s.Now()
	if err := tx.UpdateProject(ctx, p); err != nil {
		return nil, err
	}
	res.StageChanged, res.NewStage = true, next
	return res, s.recordStageChange(ctx, tx, p, previous, &factor, GrowthLogEntry{Interactions: 1})
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
