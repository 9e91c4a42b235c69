package analytics

import (
	"context"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// hourIntervals merges sorted hours into contiguous [from, to) spans.
func hourIntervals(hours []int64) []interval {
	var out []interval
	for _, h := range hours {
		start, end := time.Unix(h, 0).UTC(), time.Unix(h+hourSec, 0).UTC()
		if n := len(out); n > 0 && out[n-1].to.Equal(start) {
			out[n-1].to = end
			continue
		}
		out = append(out, interval{start, end})
	}
	return out
}

// RollupAnalytics brings the hourly rollups up to date. It re-aggregates only
// the hours touched since its last run (sessions active since then, with the
// rest of their UTC day; the hours from the oldest session still open at the
// last run; interactions that occurred since then), replacing
// their rows, so running it twice changes nothing and a run after more raw
// rows adds exactly them. Runs from several workers are serialised (an
// advisory lock on PostgreSQL, the single writer on SQLite) and write with
// upserts.
//
// It folds the sessions' queued touches first, in a transaction of its own
// (a rollup holds its transaction for a while, folds must not wait on it):
// a session's last activity is then where the rollup looks for it.
func (s *Service) RollupAnalytics(ctx context.Context) error {
	if err := s.foldTouches(ctx); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		a := tx
		if err := a.LockRollup(ctx); err != nil {
			return err
		}
		now := s.Now()
		st, err := a.Watermark(ctx)
		if err != nil {
			return err
		}
		var since time.Time
		if !st.At.IsZero() {
			since = st.At.Add(-rollupGrace)
		}
		sessionHours, err := a.TouchedSessionHours(ctx, since)
		if err != nil {
			return err
		}
		if !st.At.IsZero() {
			// Sessions open at the last run may have changed without activity.
			for h := floorHour(st.OpenFrom); h <= floorHour(now); h += hourSec {
				sessionHours = append(sessionHours, h)
			}
		}
		for _, iv := range hourIntervals(extendToDayEnd(sessionHours, now)) {
			rows, err := aggregateSessions(ctx, a, iv.from, iv.to)
			if err != nil {
				return err
			}
			if err := a.ReplaceSessionRollups(ctx, iv.from.Unix(), iv.to.Unix(), rows); err != nil {
				return err
			}
			// The daily rollups of the days touched, from their hours.
			if err := a.RefreshDailyRollups(ctx, utcDayStart(iv.from).Unix(),
				utcDayStart(iv.to.Add(-time.Nanosecond)).Add(24*time.Hour).Unix()); err != nil {
				return err
			}
		}
		interHours, err := a.TouchedInteractionHours(ctx, since)
		if err != nil {
			return err
		}
		for _, iv := range hourIntervals(sortedUnique(interHours)) {
			rows, err := a.InteractionBuckets(ctx, iv.from, iv.to)
			if err != nil {
				return err
			}
			if err := a.ReplaceInteractionRollups(ctx, iv.from.Unix(), iv.to.Unix(), rows); err != nil {
				return err
			}
			if err := a.RefreshInteractionDailyRollups(ctx, utcDayStart(iv.from).Unix(),
				utcDayStart(iv.to.Add(-time.Nanosecond)).Add(24*time.Hour).Unix()); err != nil {
				return err
			}
		}
		next := RollupState{At: now, OpenFrom: now}
		open, ok, err := a.EarliestOpenSession(ctx)
		if err != nil {
			return err
		}
		if ok && open.Before(now) {
			next.OpenFrom = open
		}
		return a.SetWatermark(ctx, next)
	})
}

// RebuildAnalytics forgets the watermark and rolls every hour up again, for
// rows loaded with past timestamps (the generator, an import).
func (s *Service) RebuildAnalytics(ctx context.Context) error {
	err := s.store.Update(ctx, func(tx Tx) error {
		a := tx
		if err := a.LockRollup(ctx); err != nil {
			return err
		}
		return a.SetWatermark(ctx, RollupState{})
	})
	if err != nil {
		return err
	}
	return s.RollupAnalytics(ctx)
}

func sortedUnique(xs []int64) []int64 {
	set := map[int64]bool{}
	for _, x := range xs {
		set[x] = true
	}
	out := make([]int64, 0, len(set))
	for x := range set {
		out = append(out, x)
	}
	for i := 1; i < len(out); i++ { // insertion sort: the lists are short
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// foldTouches folds every session's queued touches, in a transaction of
// its own, so that a session's last activity is where the caller looks.
func (s *Service) foldTouches(ctx context.Context) error {
	return s.store.Update(ctx, func(tx Tx) error {
		_, err := domain.FoldTouches(ctx, tx, nil)
		return err
	})
}

// PruneAnalytics deletes raw sessions (and their interactions) that started
// before the retention window, but only from UTC days the rollups cover
// completely: a session must have been inactive since before the last
// rollup run. Rollups are kept. It returns how many rows it deleted.
//
// It folds the queued touches first, like RollupAnalytics: a session active
// since then is not inactive, and its interactions are found between its
// start and its last activity (Store.Analytics.PruneVisits).
func (s *Service) PruneAnalytics(ctx context.Context, retentionDays int) (int, error) {
	if retentionDays < 1 {
		return 0, domain.Invalid("retention_days", "must be at least 1")
	}
	if err := s.foldTouches(ctx); err != nil {
		return 0, err
	}
	var n int
	err := s.store.Update(ctx, func(tx Tx) error {
		a := tx
		if err := a.LockRollup(ctx); err != nil {
			return err
		}
		st, err := a.Watermark(ctx)
		if err != nil || st.At.IsZero() {
			return err // never rolled up: nothing may go
		}
		rolled := st.At.Add(-rollupGrace)
		complete := minTime(utcDayStart(rolled), utcDayStart(st.OpenFrom))
		cutoff := minTime(utcDayStart(s.Now().AddDate(0, 0, -retentionDays)), complete)
		n, err = a.PruneVisits(ctx, cutoff, rolled)
		return err
	})
	return n, err
}

// RecordRequestStats adds per-minute request statistics (from the
// analytics.Recorder of each replica) to request_stats.
func (s *Service) RecordRequestStats(ctx context.Context, stats []RequestStat) error {
	if len(stats) == 0 {
		return nil
	}
	var v domain.Validator
	for _, st := range stats {
		v.Length("route", st.Route, 1, 200)
		v.Length("method", st.Method, 1, 10)
		if st.Requests < 0 || st.Errors < 0 || st.Errors > st.Requests {
			v.Add("requests", "counts must be positive and errors at most requests")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error { return tx.AddRequestStats(ctx, stats) })
}

// Realtime is the live view. The server figures (sockets, request rate,
// latency, errors) are measured by the API process and filled in by it.
type Realtime struct {
	GeneratedAt        time.Time
	ActiveVisitors     int
	RecentInteractions []RecentInteraction
	GrowthChanges      []StageChange
	OpenSockets        int
	RequestsPerMinute  float64
	P95Millis          float64
	ErrorRate          float64
}

// Bounds of the realtime lists.
const (
	RealtimeInteractions  = 20
	RealtimeGrowthChanges = 10
)

// Realtime returns the active visitors (last activity within ActiveWindow),
// the latest interactions, anonymised, and the latest stage changes. Each is
// one indexed, bounded query.
func (s *Service) Realtime(ctx context.Context) (*Realtime, error) {
	now := s.Now()
	rt := &Realtime{GeneratedAt: now}
	err := s.store.View(ctx, func(tx Tx) error {
		a := tx
		var err error
		if rt.ActiveVisitors, err = a.CountActiveSessions(ctx, now.Add(-ActiveWindow)); err != nil {
			return err
		}
		if rt.RecentInteractions, err = a.RecentInteractions(ctx, RealtimeInteractions); err != nil {
			return err
		}
		rt.GrowthChanges, err = a.RecentStageChanges(ctx, RealtimeGrowthChanges)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rt, nil
}
