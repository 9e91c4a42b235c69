package domain_test

import (
	"math"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

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
