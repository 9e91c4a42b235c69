package domain

import (
	"context"
	"math"
	"time"

	"github.com/google/uuid"
)

// The skill values the insights job derives and the owner may set instead.
// Their names are the API's field names, used by `skill edit --clear` and
// PATCH's "clear" alike.
const (
	SkillBrightness    = "brightness"
	SkillFirstUsedDate = "first_used_date"
	SkillLastUsedDate  = "last_used_date"
)

// SkillDerivedFields lists them in the order they are shown.
var SkillDerivedFields = []string{SkillBrightness, SkillFirstUsedDate, SkillLastUsedDate}

// SkillManual says which derived values of a skill the owner set. A manual
// value is kept by the insights job until the owner clears it; a cleared
// value is derived again at once.
type SkillManual struct {
	Brightness bool
	FirstUsed  bool
	LastUsed   bool
}

// Fields names the manual values, in SkillDerivedFields order.
func (m SkillManual) Fields() []string {
	out := []string{}
	for _, f := range SkillDerivedFields {
		if m.Is(f) {
			out = append(out, f)
		}
	}
	return out
}

// Is reports whether the named value is manual.
func (m SkillManual) Is(field string) bool {
	switch field {
	case SkillBrightness:
		return m.Brightness
	case SkillFirstUsedDate:
		return m.FirstUsed
	case SkillLastUsedDate:
		return m.LastUsed
	}
	return false
}

func (m *SkillManual) set(field string, manual bool) {
	switch field {
	case SkillBrightness:
		m.Brightness = manual
	case SkillFirstUsedDate:
		m.FirstUsed = manual
	case SkillLastUsedDate:
		m.LastUsed = manual
	}
}

// skillUsage is what the derived values of skills are computed from: the
// owner's projects that name each skill, and when each project last saw
// code activity.
type skillUsage struct {
	current  map[uuid.UUID][]uuid.UUID // non-archived projects per skill: projects_used_in, connections
	all      map[uuid.UUID][]*Project  // every owner project per skill, archived too: the used dates
	activity map[uuid.UUID]time.Time   // project id -> last growth-log row with commits or lines
	projects int                       // non-archived owner projects: learning_correlation's n
}

// loadSkillUsage reads what deriving the skills' values needs, in tx.
func loadSkillUsage(ctx context.Context, tx Tx, skills []*Skill) (*skillUsage, error) {
	all, err := tx.ListProjects(ctx, ProjectFilter{Origin: OriginOwner})
	if err != nil {
		return nil, err
	}
	activity, err := tx.LastCodeActivity(ctx)
	if err != nil {
		return nil, err
	}
	current := all[:0:0]
	for _, p := range all {
		if p.Status != "archived" {
			current = append(current, p)
		}
	}
	byID := make(map[uuid.UUID]*Project, len(all))
	for _, p := range all {
		byID[p.ID] = p
	}
	u := &skillUsage{current: skillProjects(skills, current), all: map[uuid.UUID][]*Project{},
		activity: activity, projects: len(current)}
	for skill, ids := range skillProjects(skills, all) {
		for _, id := range ids {
			u.all[skill] = append(u.all[skill], byID[id])
		}
	}
	return u, nil
}

// UsedDates derives when a skill was first and last used from the projects
// that name it: first is the earliest planting, last the latest planting
// or code activity (a growth-log row with commits or lines) of any of them,
// as UTC dates. Both are nil when no project names it.
func UsedDates(projects []*Project, activity map[uuid.UUID]time.Time) (first, last *time.Time) {
	for _, p := range projects {
		planted := p.PlantedDate
		if first == nil || planted.Before(*first) {
			first = &planted
		}
		latest := planted
		if a, ok := activity[p.ID]; ok && a.After(latest) {
			latest = a
		}
		if last == nil || latest.After(*last) {
			last = &latest
		}
	}
	return dateOnly(first), dateOnly(last)
}

// derive recomputes the skill's derived values that are not manual, then
// the learning velocity (which reads the first used date).
func (u *skillUsage) derive(sk *Skill, now time.Time) {
	sk.ProjectsUsedIn = len(u.current[sk.ID])
	first, last := UsedDates(u.all[sk.ID], u.activity)
	if !sk.Manual.FirstUsed {
		sk.FirstUsedDate = first
	}
	if !sk.Manual.LastUsed {
		sk.LastUsedDate = last
	}
	sk.LearningVelocity = LearningVelocity(sk, now)
	if !sk.Manual.Brightness {
		sk.Brightness = Brightness(sk, now)
	}
}

// LearningCorrelation is the phi coefficient (Pearson's correlation of two
// 0/1 variables) of "project uses a" and "project uses b" over n projects:
//
//	phi = (n11·n00 − n10·n01) / √(n1·· n0·· n·1· n·0)
//
// where n11 projects use both, n10 only a, n01 only b, n00 neither, and
// n1·, n0·, n·1, n·0 are the margins. +1: always learnt and practised
// together; 0: independent; −1: one or the other (alternatives). It is nil
// when a margin is 0 (a skill used in none or all of the projects): then
// nothing can be said. Rounded to 2 decimals.
func LearningCorrelation(both, usedA, usedB, n int) *float64 {
	onlyA, onlyB := usedA-both, usedB-both
	neither := n - both - onlyA - onlyB
	if both < 0 || onlyA < 0 || onlyB < 0 || neither < 0 {
		return nil
	}
	den := float64(usedA) * float64(n-usedA) * float64(usedB) * float64(n-usedB)
	if den == 0 {
		return nil
	}
	phi := round2((float64(both)*float64(neither) - float64(onlyA)*float64(onlyB)) / math.Sqrt(den))
	return &phi
}

func sameFloatPtr(a, b *float64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
