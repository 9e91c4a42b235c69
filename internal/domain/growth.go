package domain

import (
	"math"
	"time"
)

// GrowthInputs are what a project's growth is computed from.
type GrowthInputs struct {
	CommitCount         int
	LinesOfCode         int
	ComplexityScore     float64 // 0..10
	VisitorInteractions int
	Age                 time.Duration
}

// The growth model (docs/growth-model.md). Each input is log-scaled against
// a "fully grown" reference so that a huge repository does not dwarf the
// rest, clamped to [0,1], and weighted. The result is in [0,1], deterministic
// and monotone in every input.
const (
	weightCommits      = 0.35
	weightLines        = 0.20
	weightComplexity   = 0.10
	weightInteractions = 0.20
	weightAge          = 0.15

	refCommits      = 1000
	refLines        = 100000
	refComplexity   = 10
	refInteractions = 10000
	refAgeDays      = 365
)

// stageThresholds[i] is the growth factor at which GrowthStages[i] begins.
var stageThresholds = []float64{0, 0.10, 0.30, 0.55, 0.80}

// logScale maps n in [0, ref] to [0, 1] logarithmically, clamped above.
func logScale(n, ref float64) float64 {
	if n <= 0 {
		return 0
	}
	return math.Min(math.Log1p(n)/math.Log1p(ref), 1)
}

// GrowthFactor computes a project's growth in [0, 1].
func GrowthFactor(in GrowthInputs) float64 {
	ageDays := math.Max(in.Age.Hours()/24, 0)
	if math.IsNaN(in.ComplexityScore) { // NaN would pass through min/max
		in.ComplexityScore = 0
	}
	f := weightCommits*logScale(float64(in.CommitCount), refCommits) +
		weightLines*logScale(float64(in.LinesOfCode), refLines) +
		weightComplexity*math.Min(math.Max(in.ComplexityScore, 0)/refComplexity, 1) +
		weightInteractions*logScale(float64(in.VisitorInteractions), refInteractions) +
		weightAge*math.Min(ageDays/refAgeDays, 1)
	// Rounded to four places: finer precision means nothing to a plant.
	return math.Round(math.Min(math.Max(f, 0), 1)*1e4) / 1e4
}

// StageFor returns the growth stage a factor reaches.
func StageFor(factor float64) string {
	stage := GrowthStages[0]
	for i, t := range stageThresholds {
		if factor >= t {
			stage = GrowthStages[i]
		}
	}
	return stage
}

// NextStage returns the stage a project moves to on its own: forward only.
func NextStage(current string, factor float64) string {
	reached := StageFor(factor)
	if StageIndex(reached) > StageIndex(current) {
		return reached
	}
	return current
}

func (p *Project) growthInputs(now time.Time) GrowthInputs {
	return GrowthInputs{
		CommitCount: p.CommitCount, LinesOfCode: p.LinesOfCode, ComplexityScore: p.ComplexityScore,
		VisitorInteractions: p.VisitorInteractions, Age: now.Sub(p.PlantedDate),
	}
}
