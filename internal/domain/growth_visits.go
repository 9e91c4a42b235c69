package domain

import (
	"context"
	"math"
	"time"

	"github.com/google/uuid"
)

// visitsLogDays is how many finished days each run of the daily visits log
// looks back on: a day the worker missed (down, or the job failed) is
// filled in by a later run within this window.
const visitsLogDays = 7

// ProjectVisits are one project's visits over a span, summed from the raw
// interactions the analytics record.
type ProjectVisits struct {
	ProjectID    uuid.UUID
	PageViews    int // interactions of type "view"
	Interactions int // every interaction
	DwellSeconds float64
}

// VisitsLogResult says what one run of LogDailyVisits wrote.
type VisitsLogResult struct {
	Days int // finished days looked at
	Rows int // rows written or rewritten
}

// LogDailyVisits writes the visits part of the growth history: for each of
// the last visitsLogDays finished days (cut in tz, analytics.timezone), one
// project_growth_log row per project visited that day, with its page views,
// its interactions and its time spent (dwell seconds, in whole minutes,
// rounded). The row's recorded_at is the end of that day and visits_day
// the day. A project and day already logged has its row rewritten from
// the raw rows, so the job may run any number of times and an interaction
// committed just after midnight still counts. Days without a visit get no
// row.
func (s *Service) LogDailyVisits(ctx context.Context, tz *time.Location) (*VisitsLogResult, error) {
	if tz == nil {
		tz = time.UTC
	}
	now := s.Now().In(tz)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tz)
	res := &VisitsLogResult{}
	for back := visitsLogDays; back >= 1; back-- {
		from, to := today.AddDate(0, 0, -back), today.AddDate(0, 0, -back+1)
		n, err := s.logDayVisits(ctx, from, to)
		if err != nil {
			return res, err
		}
		res.Days++
		res.Rows += n
	}
	return res, nil
}

// logDayVisits logs the visits of the local day [from, to), in one
// transaction.
func (s *Service) logDayVisits(ctx context.Context, from, to time.Time) (int, error) {
	day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	var written int
	err := s.store.Update(ctx, func(tx Tx) error {
		visits, err := tx.DayVisits(ctx, from.UTC(), to.UTC())
		if err != nil {
			return err
		}
		entries := make([]*GrowthLogEntry, 0, len(visits))
		for _, v := range visits {
			entries = append(entries, &GrowthLogEntry{
				ID: s.newID(), ProjectID: v.ProjectID, PageViews: v.PageViews, Interactions: v.Interactions,
				TimeSpentMinutes: int(math.Round(v.DwellSeconds / 60)), VisitsDay: &day, RecordedAt: to.UTC(),
			})
		}
		written = len(entries)
		return tx.UpsertVisitsLog(ctx, entries)
	})
	return written, err
}
