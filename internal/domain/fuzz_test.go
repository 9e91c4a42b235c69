package domain_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

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
		dr, err := domain.ParseDateRange(s, tz, now)
		if err != nil {
			var ve *domain.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "date_range" {
				t.Fatalf("ParseDateRange(%q) = %v (%T), want a ValidationError on date_range", s, err, err)
			}
			if !slices.Equal(ve.Fields[0].Allowed, domain.DateRangeForms) {
				t.Errorf("error lists %v, want the accepted forms", ve.Fields[0].Allowed)
			}
			if dr != (domain.DateRange{}) {
				t.Errorf("ParseDateRange(%q) returned %+v with its error", s, dr)
			}
			return
		}
		name := strings.TrimSpace(s)
		if name == "" {
			name = domain.DefaultDateRange
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
		again, err := domain.ParseDateRange(back, tz, now)
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

// GrowthFactor is fed by GitHub statistics and visitor counts. Whatever they
// are, the factor stays in [0,1], is never NaN, maps to a known stage and
// does not drop when any input grows. A NaN ComplexityScore (math.Max and
// math.Min would propagate it) counts as 0: the seeds feed one.
func FuzzGrowthFactor(f *testing.F) {
	day := int64(24 * time.Hour)
	for _, seed := range []domain.GrowthInputs{
		{},
		{CommitCount: 1, LinesOfCode: 10, ComplexityScore: 1, VisitorInteractions: 1, Age: time.Hour},
		{CommitCount: 120, LinesOfCode: 8000, ComplexityScore: 4.5, VisitorInteractions: 300, Age: time.Duration(90 * day)},
		{CommitCount: 1000, LinesOfCode: 100000, ComplexityScore: 10, VisitorInteractions: 10000, Age: time.Duration(365 * day)},
		{CommitCount: math.MaxInt32, LinesOfCode: math.MaxInt32, ComplexityScore: math.Inf(1), VisitorInteractions: math.MaxInt32, Age: math.MaxInt64},
		{CommitCount: -5, LinesOfCode: -1, ComplexityScore: math.Inf(-1), VisitorInteractions: -9, Age: math.MinInt64},
		{CommitCount: 3, LinesOfCode: 200, ComplexityScore: math.NaN(), VisitorInteractions: 4, Age: time.Duration(day)},
	} {
		f.Add(seed.CommitCount, seed.LinesOfCode, seed.ComplexityScore, seed.VisitorInteractions, int64(seed.Age),
			7, 1000, 0.5, 10, int64(30*day))
	}
	f.Fuzz(func(t *testing.T, commits, lines int, complexity float64, interactions int, age int64,
		dCommits, dLines int, dComplexity float64, dInteractions int, dAge int64) {
		in := domain.GrowthInputs{CommitCount: commits, LinesOfCode: lines, ComplexityScore: complexity,
			VisitorInteractions: interactions, Age: time.Duration(age)}
		g := domain.GrowthFactor(in)
		if math.IsNaN(g) || g < 0 || g > 1 {
			t.Fatalf("GrowthFactor(%+v) = %v, want in [0,1]", in, g)
		}
		if stage := domain.StageFor(g); domain.StageIndex(stage) < 0 {
			t.Errorf("StageFor(%v) = %q, not a growth stage", g, stage)
		}
		// Grow one input at a time (by a non-negative step that does not
		// overflow): the factor never drops.
		grown := []struct {
			name string
			in   domain.GrowthInputs
		}{
			{"commits", withInt(in, func(g *domain.GrowthInputs) *int { return &g.CommitCount }, dCommits)},
			{"lines", withInt(in, func(g *domain.GrowthInputs) *int { return &g.LinesOfCode }, dLines)},
			{"interactions", withInt(in, func(g *domain.GrowthInputs) *int { return &g.VisitorInteractions }, dInteractions)},
			{"complexity", func() domain.GrowthInputs {
				g := in
				if c := g.ComplexityScore + math.Abs(dComplexity); !math.IsNaN(c) { // -Inf + Inf
					g.ComplexityScore = c
				}
				return g
			}()},
			{"age", func() domain.GrowthInputs {
				g := in
				if step := time.Duration(dAge & math.MaxInt64); g.Age <= math.MaxInt64-step {
					g.Age += step
				}
				return g
			}()},
		}
		for _, c := range grown {
			if after := domain.GrowthFactor(c.in); after < g || math.IsNaN(after) {
				t.Errorf("more %s lowers growth: %v -> %v (%+v -> %+v)", c.name, g, after, in, c.in)
			}
		}
	})
}

// withInt returns in with the field field points at grown by |step|, unless
// that would overflow.
func withInt(in domain.GrowthInputs, field func(*domain.GrowthInputs) *int, step int) domain.GrowthInputs {
	if step < 0 {
		step = -(step + 1) // |step| without overflowing MinInt
	}
	p := field(&in)
	if *p <= math.MaxInt-step {
		*p += step
	}
	return in
}
