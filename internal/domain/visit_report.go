package domain

import (
	"context"
	"net/url"
	"strings"
)

// maxJourney bounds journey_path (for reports and for the interactions'
// folds, session_folds.go). A session row is rewritten by every fold and
// report, and one that outgrows a database page costs several times as
// much to rewrite (SQLite moves it to overflow pages; 50 steps keep it
// inside a 4 KB page). A full
// journey keeps its first maxJourney-1 steps, which make the journeys the
// dashboard counts, and its latest step in the last place, which is the
// exit point when the session ends.
const maxJourney = 50

// AppendJourney adds area to a journey: nothing when it is the current
// step, a new step while there is room, else it replaces the last one.
func AppendJourney(path []string, area string) []string {
	switch n := len(path); {
	case n > 0 && path[n-1] == area:
		return path
	case n < maxJourney:
		return append(path, area)
	default:
		path[n-1] = area
		return path
	}
}

// VisitReport is what the frontend reports about a visit; nil fields are
// left as they are. Together with StartSession and RecordInteraction it fills
// every visitor_sessions column.
type VisitReport struct {
	EntryPoint         *string  // how the visitor arrived, e.g. "garden" or "search"
	Referrer           *string  // only its host is kept, and only as entry point
	ScreenResolution   *string  // "1920x1080"
	ScrollDepthPercent *float64 // the deepest scroll so far wins
	Area               *string  // an area visited, appended to journey_path
	Leaving            bool     // the visitor is leaving: sets exit_point and ended_at
	ExitPoint          *string  // the last area; defaults to the journey's last step
}

// Session returns the visitor session of token.
func (s *Service) Session(ctx context.Context, token string) (*VisitorSession, error) {
	var sess *VisitorSession
	// Read-write: reading a session folds its queued touches first.
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		sess, err = sessionByToken(ctx, tx, token)
		return err
	})
	return sess, err
}

func validateVisitReport(r VisitReport) error {
	var v Validator
	str := func(field string, p *string, maxLen int) {
		if p != nil {
			v.Length(field, *p, 0, maxLen)
			plainText(&v, field, *p)
		}
	}
	str("entry_point", r.EntryPoint, 255)
	str("referrer", r.Referrer, 2000)
	str("screen_resolution", r.ScreenResolution, 20)
	str("exit_point", r.ExitPoint, 255)
	if r.Area != nil {
		v.Length("area", *r.Area, 1, 100)
		plainText(&v, "area", *r.Area)
	}
	if r.ScrollDepthPercent != nil {
		v.RangeF("scroll_depth_percent", *r.ScrollDepthPercent, 0, 100)
	}
	return v.Err()
}

// referrerHost keeps only the host of a referrer: the path may identify a
// person (a search, a private page), the site does not.
func referrerHost(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// ReportVisit folds what the frontend reports into the visitor's session.
func (s *Service) ReportVisit(ctx context.Context, token string, r VisitReport) (*VisitorSession, error) {
	if err := validateVisitReport(r); err != nil {
		return nil, err
	}
	var sess *VisitorSession
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if sess, err = sessionByToken(ctx, tx, token); err != nil {
			return err
		}
		applyVisitReport(sess, r)
		now := s.Now()
		sess.LastActivityAt = now
		sess.TotalTimeSeconds = max(sess.TotalTimeSeconds, int(now.Sub(sess.StartedAt).Seconds()))
		if r.Leaving {
			if sess.ExitPoint == "" && len(sess.JourneyPath) > 0 {
				sess.ExitPoint = sess.JourneyPath[len(sess.JourneyPath)-1]
			}
			sess.EndedAt = &now
		}
		return tx.UpdateSession(ctx, sess)
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

func applyVisitReport(sess *VisitorSession, r VisitReport) {
	if sess.EntryPoint == "" {
		switch {
		case r.EntryPoint != nil && *r.EntryPoint != "":
			sess.EntryPoint = *r.EntryPoint
		case r.Referrer != nil:
			sess.EntryPoint = referrerHost(*r.Referrer)
		}
	}
	if r.ScreenResolution != nil {
		sess.ScreenResolution = *r.ScreenResolution
	}
	if r.ScrollDepthPercent != nil && (sess.ScrollDepthPercent == nil || *r.ScrollDepthPercent > *sess.ScrollDepthPercent) {
		d := *r.ScrollDepthPercent
		sess.ScrollDepthPercent = &d
	}
	if r.Area != nil {
		sess.JourneyPath = AppendJourney(sess.JourneyPath, *r.Area)
	}
	if r.ExitPoint != nil {
		sess.ExitPoint = *r.ExitPoint
	}
}
