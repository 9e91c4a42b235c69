package analytics_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// fuzzZone turns a fuzzed offset into a fixed zone of at most ±14h (the
// widest real offsets), so the target needs no tzdata.
func fuzzZone(offsetMinutes int16) *time.Location {
	off := int(offsetMinutes) % (14 * 60)
	return time.FixedZone("fuzz", off*60)
}

// fuzzNow maps fuzzed seconds into years 1970..2369: wide enough for every
// calendar edge, small enough that AddDate never leaves time.Time's range.
func fuzzNow(sec int64) time.Time {
	const span = 400 * 365 * 24 * 3600
	sec %= span
	if sec < 0 {
		sec += span
	}
	return time.Unix(sec, 0)
}

// ParseDateRange reads the dashboard's date_range query parameter: any
// string a client sends. Valid input gives a well-formed window that
// round-trips; invalid input gives a *domain.ValidationError on date_range.
func FuzzParseDateRange(f *testing.F) {
	now := time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC).Unix()
	for _, seed := range []struct {
		s      string
		offset int16
		now    int64
	}{
		{"", 0, now},
		{"24h", 120, now},
		{"7d", -300, now},
		{"30d", 0, now},
		{"90d", 330, now},
		{"all", -600, now},
		{"2026-03-01..2026-03-07", 60, now},
		{"2024-02-29..2024-03-01", 0, now},
		{"2026-03-07..2026-03-01", 0, now}, // ends before it starts
		{"2000-01-01..2026-12-31", 0, now}, // longer than the limit
		{"2026-02-30..2026-03-01", 0, now}, // no such day
		{" 7d ", 0, now},
		{"1y", 0, now},
		{"7D", 0, now},
		{"2026-03-01..", 0, now},
		{"\x00", 0, 0},
	} {
		f.Add(seed.s, seed.offset, seed.now)
	}
	f.Fuzz(func(t *testing.T, s string, offset int16, sec int64) {
		tz, now := fuzzZone(offset), fuzzNow(sec)
		dr, err := analytics.ParseDateRange(s, tz, now)
		if err != nil {
			var ve *domain.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "date_range" {
				t.Fatalf("ParseDateRange(%q) = %v (%T), want a ValidationError on date_range", s, err, err)
			}
			if !slices.Equal(ve.Fields[0].Allowed, analytics.DateRangeForms) {
				t.Errorf("error lists %v, want the accepted forms", ve.Fields[0].Allowed)
			}
			if dr != (analytics.DateRange{}) {
				t.Errorf("ParseDateRange(%q) returned %+v with its error", s, dr)
			}
			return
		}
		name := strings.TrimSpace(s)
		if name == "" {
			name = analytics.DefaultDateRange
		}
		if dr.Name != name || dr.Location != tz {
			t.Fatalf("ParseDateRange(%q) = name %q, location %v", s, dr.Name, dr.Location)
		}
		if !dr.From.Before(dr.To) {
			t.Fatalf("ParseDateRange(%q) = empty window [%v, %v)", s, dr.From, dr.To)
		}
		if dr.From.Location() != time.UTC || dr.To.Location() != time.UTC {
			t.Errorf("ParseDateRange(%q) bounds are not UTC: %v %v", s, dr.From, dr.To)
		}
		if dr.Hourly != (name == "24h") || dr.All != (name == "all") {
			t.Errorf("ParseDateRange(%q): hourly %v, all %v", s, dr.Hourly, dr.All)
		}
		if dr.Hourly {
			if dr.To.Sub(dr.From) != 24*time.Hour || dr.Days != 0 {
				t.Errorf("24h = [%v, %v), %d days", dr.From, dr.To, dr.Days)
			}
			return
		}
		// Day ranges: local midnights, Days local days apart (fixed zone: no DST).
		from, to := dr.From.In(tz), dr.To.In(tz)
		if from.Hour()|from.Minute()|from.Second() != 0 || to.Hour()|to.Minute()|to.Second() != 0 {
			t.Errorf("ParseDateRange(%q) = [%v, %v), not local midnights", s, from, to)
		}
		if got := int(to.Sub(from).Hours() / 24); got != dr.Days || dr.Days < 1 || dr.Days > 3660 {
			t.Errorf("ParseDateRange(%q): Days = %d, window holds %d", s, dr.Days, got)
		}
		// An explicit range written back from the result parses to the same window.
		back := from.Format(time.DateOnly) + ".." + to.AddDate(0, 0, -1).Format(time.DateOnly)
		again, err := analytics.ParseDateRange(back, tz, now)
		if err != nil {
			t.Fatalf("round trip %q -> %q: %v", s, back, err)
		}
		if !again.From.Equal(dr.From) || !again.To.Equal(dr.To) || again.Days != dr.Days {
			t.Errorf("round trip %q -> %q = [%v, %v) %d days, want [%v, %v) %d days",
				s, back, again.From, again.To, again.Days, dr.From, dr.To, dr.Days)
		}
		if prev := dr.Previous(); !prev.To.Equal(dr.From) || !prev.From.Before(prev.To) {
			t.Errorf("Previous of %q = [%v, %v), want a window ending at %v", s, prev.From, prev.To, dr.From)
		}
	})
}
