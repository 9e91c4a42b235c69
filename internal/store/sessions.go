package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

const sessionColumns = `id, session_token, user_agent, ip_hash, country_code, projects_viewed,
time_spent_per_project, interaction_events, entry_point, journey_path, exit_point,
total_time_seconds, scroll_depth_percent, clicks_count, seeds_planted, device_type, browser,
screen_resolution, started_at, last_activity_at, ended_at`

func (t *tx) sessionArgs(s *domain.VisitorSession) ([]any, error) {
	spent := s.TimeSpentPerProject
	if spent == nil {
		spent = map[string]float64{}
	}
	spentJSON, err := json.Marshal(spent)
	if err != nil {
		return nil, fmt.Errorf("encode time_spent_per_project: %w", err)
	}
	return []any{s.ID, nullStr(s.SessionToken), nullStr(s.UserAgent), nullStr(s.IPHash),
		nullStr(s.CountryCode), t.d.list(uuidStrings(s.ProjectsViewed)), string(spentJSON),
		t.d.jsonList(s.InteractionEvents), nullStr(s.EntryPoint), t.d.list(s.JourneyPath),
		nullStr(s.ExitPoint), s.TotalTimeSeconds, nullF(s.ScrollDepthPercent), s.ClicksCount,
		s.SeedsPlanted, nullStr(s.DeviceType), nullStr(s.Browser), nullStr(s.ScreenResolution),
		s.StartedAt.UTC(), s.LastActivityAt.UTC(), nullT(s.EndedAt)}, nil
}

func (t *tx) InsertSession(ctx context.Context, s *domain.VisitorSession) error {
	args, err := t.sessionArgs(s)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `/* Store.InsertSession */
INSERT INTO visitor_sessions (`+sessionColumns+`)
VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`, args...)
	return err
}

func (t *tx) UpdateSession(ctx context.Context, s *domain.VisitorSession) error {
	args, err := t.sessionArgs(s)
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, `/* Store.UpdateSession */
UPDATE visitor_sessions SET session_token=$2, user_agent=$3, ip_hash=$4, country_code=$5,
  projects_viewed=$6, time_spent_per_project=$7, interaction_events=$8, entry_point=$9,
  journey_path=$10, exit_point=$11, total_time_seconds=$12, scroll_depth_percent=$13,
  clicks_count=$14, seeds_planted=$15, device_type=$16, browser=$17, screen_resolution=$18,
  started_at=$19, last_activity_at=$20, ended_at=$21
WHERE id=$1`, args...)
	if err != nil {
		return err
	}
	return mustAffect(res, "session", s.ID.String())
}

func (t *tx) GetSessionByToken(ctx context.Context, token string) (*domain.VisitorSession, error) {
	return t.getSession(ctx, token, true)
}

// GetVisitorSession is GetSessionByToken without interaction_events: the
// API looks a visitor up on every request and never needs them.
func (t *tx) GetVisitorSession(ctx context.Context, token string) (*domain.VisitorSession, error) {
	return t.getSession(ctx, token, false)
}

// sessionColumnsNoEvents selects an empty list in place of the events.
var sessionColumnsNoEvents = strings.Replace(sessionColumns, "interaction_events", "'[]'", 1)

func (t *tx) getSession(ctx context.Context, token string, withEvents bool) (*domain.VisitorSession, error) {
	cols, name := sessionColumns, "GetSessionByToken"
	if !withEvents {
		cols, name = sessionColumnsNoEvents, "GetVisitorSession"
	}
	var (
		s                                          domain.VisitorSession
		tok, ua, ip, cc, entry, exit, dev, br, res sql.NullString
		viewed, journey                            strList
		spent                                      jsonDoc
		events                                     jsonDocs
		scroll                                     sql.NullFloat64
		ended                                      sql.NullTime
	)
	err := t.queryRow(ctx, `/* Store.`+name+` */ SELECT `+cols+
		` FROM visitor_sessions WHERE session_token = $1`, token).Scan(
		&s.ID, &tok, &ua, &ip, &cc, &viewed, &spent, &events, &entry, &journey, &exit,
		&s.TotalTimeSeconds, &scroll, &s.ClicksCount, &s.SeedsPlanted, &dev, &br, &res,
		&s.StartedAt, &s.LastActivityAt, &ended)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &domain.NotFoundError{Kind: "session", Key: "token"}
	}
	if err != nil {
		return nil, translate(err)
	}
	s.SessionToken, s.UserAgent, s.IPHash, s.CountryCode = tok.String, ua.String, ip.String, cc.String
	s.EntryPoint, s.ExitPoint, s.DeviceType, s.Browser, s.ScreenResolution = entry.String, exit.String, dev.String, br.String, res.String
	if s.ProjectsViewed, err = uuidList(viewed); err != nil {
		return nil, err
	}
	s.JourneyPath = []string(journey)
	if s.JourneyPath == nil {
		s.JourneyPath = []string{}
	}
	s.TimeSpentPerProject = map[string]float64{}
	if len(spent) > 0 {
		if err := json.Unmarshal(spent, &s.TimeSpentPerProject); err != nil {
			return nil, fmt.Errorf("decode time_spent_per_project: %w", err)
		}
	}
	s.InteractionEvents = []json.RawMessage(events)
	s.ScrollDepthPercent, s.EndedAt = fPtr(scroll), tPtr(ended)
	s.StartedAt, s.LastActivityAt = s.StartedAt.UTC(), s.LastActivityAt.UTC()
	return &s, nil
}

// InteractionRefs looks up what a batch of interactions refers to in one
// query: the few fields interactions need of each session of tokens
// (unknown ones are absent), and which of projectIDs visitors may see (not
// private, approved). One round trip instead of two, on every batch.
func (t *tx) InteractionRefs(ctx context.Context, tokens []string, projectIDs []uuid.UUID) (map[string]*domain.SessionRef, map[uuid.UUID]bool, error) {
	sessions := make(map[string]*domain.SessionRef, len(tokens))
	visible := make(map[uuid.UUID]bool, len(projectIDs))
	if len(tokens) == 0 || len(projectIDs) == 0 {
		return sessions, visible, nil // nothing can be recorded
	}
	args := make([]any, 0, len(tokens)+len(projectIDs))
	for _, tok := range tokens {
		args = append(args, tok)
	}
	for _, id := range projectIDs {
		args = append(args, id)
	}
	rows, err := t.query(ctx, `/* Store.InteractionRefs */
SELECT 's', session_token, id, device_type, started_at FROM visitor_sessions
WHERE session_token IN (`+placeholders(t.d, 1, len(tokens))+`)
UNION ALL
SELECT 'p', '', id, NULL, NULL FROM projects
WHERE id IN (`+placeholders(t.d, len(tokens)+1, len(projectIDs))+`) AND visibility <> 'private' AND moderation = 'approved'`, args...)
	if err != nil {
		return nil, nil, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			kind, tok string
			id        uuid.UUID
			dev       sql.NullString
			started   sql.NullTime
		)
		if err := rows.Scan(&kind, &tok, &id, &dev, &started); err != nil {
			return nil, nil, translate(err)
		}
		if kind == "p" {
			visible[id] = true
			continue
		}
		sessions[tok] = &domain.SessionRef{ID: id, DeviceType: dev.String, StartedAt: started.Time.UTC()}
	}
	return sessions, visible, translate(rows.Err())
}

// SessionInteractions returns a session's latest interactions that
// occurred in [since, until], at most limit, oldest first. interactions has
// no index by session (migration 00016): the read walks the time index back
// from until, through every visitor's interactions, to since at most.
func (t *tx) SessionInteractions(ctx context.Context, sessionID uuid.UUID, since, until time.Time, limit int) ([]*domain.Interaction, error) {
	rows, err := t.query(ctx, `/* Store.SessionInteractions */
SELECT id, project_id, interaction_type, duration_seconds, occurred_at FROM interactions
WHERE occurred_at >= $2 AND occurred_at <= $3 AND session_id = $1
ORDER BY occurred_at DESC, id DESC LIMIT $4`, sessionID, since.UTC(), until.UTC(), limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []*domain.Interaction
	for rows.Next() {
		it := &domain.Interaction{SessionID: sessionID}
		if err := rows.Scan(&it.ID, &it.ProjectID, &it.Type, &it.DurationSeconds, &it.OccurredAt); err != nil {
			return nil, translate(err)
		}
		it.OccurredAt = it.OccurredAt.UTC()
		out = append(out, it)
	}
	slices.Reverse(out)
	return out, translate(rows.Err())
}

// InsertInteractions stores several interactions in one statement.
func (t *tx) InsertInteractions(ctx context.Context, items []*domain.Interaction) error {
	return insertRows(ctx, t, `/* Store.InsertInteractions */ INSERT INTO interactions
(id, session_id, project_id, interaction_type, duration_seconds, metadata, occurred_at) VALUES `,
		7, len(items), func(i int) []any {
			it := items[i]
			return []any{it.ID, it.SessionID, it.ProjectID, it.Type, it.DurationSeconds, nullJSON(it.Metadata), it.OccurredAt.UTC()}
		})
}
