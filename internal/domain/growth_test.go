package domain

import (
	"math"
	"testing"
	"time"
)

func TestGrowthFactorBoundedAndMonotone(t *testing.T) {
	base := GrowthInputs{CommitCount: 10, LinesOfCode: 2000, ComplexityScore: 3, VisitorInteractions: 40, Age: 30 * 24 * time.Hour}
	bumps := map[string]func(GrowthInputs) GrowthInputs{
		"commits":      func(in GrowthInputs) GrowthInputs { in.CommitCount *= 3; return in },
		"lines":        func(in GrowthInputs) GrowthInputs { in.LinesOfCode *= 3; return in },
		"complexity":   func(in GrowthInputs) GrowthInputs { in.ComplexityScore += 2; return in },
		"interactions": func(in GrowthInputs) GrowthInputs { in.VisitorInteractions *= 3; return in },
		"age":          func(in GrowthInputs) GrowthInputs { in.Age *= 3; return in },
	}
	f0 := GrowthFactor(base)
	for name, bump := range bumps {
		if f1 := GrowthFactor(bump(base)); f1 <= f0 {
			t.Errorf("%s: growth did not increase: %v -> %v", name, f0, f1)
		}
	}
	if f := GrowthFactor(GrowthInputs{}); f != 0 {
		t.Errorf("empty project grows: %v", f)
	}
	huge := GrowthInputs{CommitCount: 1 << 30, LinesOfCode: 1 << 30, ComplexityScore: 1e9, VisitorInteractions: 1 << 30, Age: 1e6 * time.Hour}
	if f := GrowthFactor(huge); f != 1 {
		t.Errorf("huge project: want 1, got %v", f)
	}
	neg := GrowthInputs{CommitCount: -5, ComplexityScore: -3, Age: -time.Hour}
	if f := GrowthFactor(neg); f != 0 {
		t.Errorf("negative inputs: want 0, got %v", f)
	}
	if GrowthFactor(base) != f0 {
		t.Error("growth factor is not deterministic")
	}
}

// TestGrowthFactorNaNComplexity: a NaN complexity counts as none at all,
// rather than turning the factor (and the stage) into NaN.
func TestGrowthFactorNaNComplexity(t *testing.T) {
	in := GrowthInputs{CommitCount: 10, LinesOfCode: 2000, ComplexityScore: 0, VisitorInteractions: 40, Age: 30 * 24 * time.Hour}
	want := GrowthFactor(in)
	in.ComplexityScore = math.NaN()
	if got := GrowthFactor(in); got != want {
		t.Errorf("GrowthFactor with NaN complexity = %v, want %v (as with 0)", got, want)
	}
}

func TestStagesOnlyMoveForward(t *testing.T) {
	tests := []struct {
		current string
		factor  float64
		want    string
	}{
		{"seed", 0, "seed"},
		{"seed", 0.1, "sprout"},
		{"seed", 0.35, "growing"},
		{"sprout", 0.6, "blooming"},
		{"growing", 0.95, "mature"},
		{"mature", 0.05, "mature"},
		{"blooming", 0.2, "blooming"},
	}
	for _, tt := range tests {
		if got := NextStage(tt.current, tt.factor); got != tt.want {
			t.Errorf("NextStage(%s, %v) = %s, want %s", tt.current, tt.factor, got, tt.want)
		}
	}
}

func TestSeasonAt(t *testing.T) {
	tests := []struct {
		month    time.Month
		northern bool
		want     string
	}{
		{time.January, true, "winter"}, {time.April, true, "spring"}, {time.July, true, "summer"},
		{time.October, true, "autumn"}, {time.December, true, "winter"},
		{time.January, false, "summer"}, {time.July, false, "winter"}, {time.April, false, "autumn"},
	}
	for _, tt := range tests {
		if got := SeasonAt(time.Date(2026, tt.month, 10, 0, 0, 0, 0, time.UTC), tt.northern); got != tt.want {
			t.Errorf("SeasonAt(%s, north=%v) = %s, want %s", tt.month, tt.northern, got, tt.want)
		}
	}
}
