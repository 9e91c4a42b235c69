package domain

import (
	"context"
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
)

// InsightsResult says what GenerateSkillInsights changed.
type InsightsResult struct {
	SkillsUpdated      int
	SkillsPlaced       int
	SkillsUnlocked     int // skills that appeared in projects for the first time
	ConnectionsUpdated int
	ConnectionsCreated int
}

// Constellation layout: groups sit on a ring around the origin, their stars
// on a smaller ring around each group's centre.
const (
	groupRingRadius = 300.0
	starRingRadius  = 60.0
	minSharedForNew = 2 // projects two skills must share before a connection is drawn
)

// skillProjects maps each skill id to the ids of the projects whose
// technologies name it (case-insensitive, trimmed).
func skillProjects(skills []*Skill, projects []*Project) map[uuid.UUID][]uuid.UUID {
	byName := map[string]uuid.UUID{}
	for _, sk := range skills {
		byName[strings.ToLower(strings.TrimSpace(sk.Name))] = sk.ID
	}
	out := map[uuid.UUID][]uuid.UUID{}
	for _, p := range projects {
		seen := map[uuid.UUID]bool{}
		for _, t := range p.Technologies {
			if id, ok := byName[strings.ToLower(strings.TrimSpace(t))]; ok && !seen[id] {
				seen[id] = true
				out[id] = append(out[id], p.ID)
			}
		}
	}
	return out
}

// LearningVelocity is levels gained per year since first use: (level-1)
// over the years since first_used_date, at least a quarter of a year so a
// new skill does not read as infinitely fast. 0 without a first use.
func LearningVelocity(sk *Skill, now time.Time) float64 {
	if sk.FirstUsedDate == nil {
		return 0
	}
	years := math.Max(now.Sub(*sk.FirstUsedDate).Hours()/24/365, 0.25)
	return round2(float64(max(sk.ProficiencyLevel-1, 0)) / years)
}

// Brightness is 0.15 + 0.55·level/10 + 0.30·recency, in [0.1, 1], where
// recency is 1 when the skill was used in the last 30 days, falling
// linearly to 0 at a year (0 when never recorded).
func Brightness(sk *Skill, now time.Time) float64 {
	recency := 0.0
	if sk.LastUsedDate != nil {
		days := now.Sub(*sk.LastUsedDate).Hours() / 24
		switch {
		case days <= 30:
			recency = 1
		case days < 365:
			recency = 1 - (days-30)/(365-30)
		}
	}
	return round2(math.Min(math.Max(0.15+0.55*float64(sk.ProficiencyLevel)/10+0.30*recency, 0.1), 1))
}

// ConnectionStrength is 0.2 + 0.8·Jaccard(projects of a, projects of b):
// skills always used together shine as one line.
func ConnectionStrength(shared, usedA, usedB int) float64 {
	union := usedA + usedB - shared
	if shared <= 0 || union <= 0 {
		return 0.2
	}
	return round2(0.2 + 0.8*float64(shared)/float64(union))
}

// LayoutConstellations gives a position to every skill that has none, per
// constellation group: groups (sorted by name) sit evenly on a ring of
// radius 300, skills of a group (sorted by name) evenly on a ring of radius
// 60 around the group's centre, rotated by a hash of the group's name.
// Positions the owner set (or an earlier layout set) are never moved. It
// returns the skills it placed.
func LayoutConstellations(skills []*Skill) []*Skill {
	groups := map[string][]*Skill{}
	for _, sk := range skills {
		groups[sk.ConstellationGroup] = append(groups[sk.ConstellationGroup], sk)
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	placed := []*Skill{}
	for i, g := range names {
		members := groups[g]
		sort.Slice(members, func(a, b int) bool {
			return strings.ToLower(members[a].Name) < strings.ToLower(members[b].Name)
		})
		cx, cy := 0.0, 0.0
		if len(names) > 1 {
			angle := 2 * math.Pi * float64(i) / float64(len(names))
			cx, cy = groupRingRadius*math.Cos(angle), groupRingRadius*math.Sin(angle)
		}
		h := fnv.New32a()
		_, _ = h.Write([]byte(g))
		offset := float64(h.Sum32()%360) * math.Pi / 180
		for j, sk := range members {
			if sk.PositionX != nil && sk.PositionY != nil {
				continue
			}
			angle := offset + 2*math.Pi*float64(j)/float64(len(members))
			x := math.Round((cx+starRingRadius*math.Cos(angle))*100) / 100
			y := math.Round((cy+starRingRadius*math.Sin(angle))*100) / 100
			if sk.PositionX == nil {
				sk.PositionX = &x
			}
			if sk.PositionY == nil {
				sk.PositionY = &y
			}
			placed = append(placed, sk)
		}
	}
	return placed
}

// GenerateSkillInsights is the daily insights job, in one transaction:
// projects_used_in from the owner's projects' technologies, the used dates
// from those projects, learning velocity, brightness, positions for
// unplaced stars, and connections' projects_combined, strength and
// learning_correlation from co-occurrence. A brightness or a date the owner
// set (Skill.Manual) is kept. A skill that appears in a project for the
// first time emits skill_unlock (reason "first_use").
func (s *Service) GenerateSkillInsights(ctx context.Context) (*InsightsResult, error) {
	res := &InsightsResult{}
	err := s.store.Update(ctx, func(tx Tx) error {
		*res = InsightsResult{}
		now := s.Now()
		skills, err := tx.ListSkills(ctx)
		if err != nil {
			return err
		}
		usage, err := loadSkillUsage(ctx, tx, skills)
		if err != nil {
			return err
		}
		placed := map[uuid.UUID]bool{}
		for _, sk := range LayoutConstellations(skills) {
			placed[sk.ID] = true
		}
		res.SkillsPlaced = len(placed)
		for _, sk := range skills {
			before := *sk
			usage.derive(sk, now)
			if !placed[sk.ID] && sameDerived(&before, sk) {
				continue
			}
			sk.UpdatedAt = now
			if err := tx.UpdateSkill(ctx, sk); err != nil {
				return err
			}
			res.SkillsUpdated++
			if before.ProjectsUsedIn == 0 && sk.ProjectsUsedIn > 0 {
				res.SkillsUnlocked++
				if err := s.emitSkillUnlock(ctx, tx, sk, 0, UnlockFirstUse); err != nil {
					return err
				}
			}
		}
		return s.updateConnections(ctx, tx, skills, usage.current, usage.projects, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// sameDerived reports whether derive left every derived value as it was.
func sameDerived(a, b *Skill) bool {
	return a.ProjectsUsedIn == b.ProjectsUsedIn && a.LearningVelocity == b.LearningVelocity &&
		a.Brightness == b.Brightness && sameDate(a.FirstUsedDate, b.FirstUsedDate) &&
		sameDate(a.LastUsedDate, b.LastUsedDate)
}

func sameDate(a, b *time.Time) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && a.Equal(*b))
}

func (s *Service) updateConnections(ctx context.Context, tx Tx, skills []*Skill, used map[uuid.UUID][]uuid.UUID, projects int, res *InsightsResult) error {
	existing, err := tx.ListConnections(ctx)
	if err != nil {
		return err
	}
	type pair struct{ a, b uuid.UUID }
	conns := map[pair]*SkillConnection{}
	for _, c := range existing {
		conns[pair{c.SkillA, c.SkillB}] = c
	}
	shared := func(a, b uuid.UUID) int {
		in := map[uuid.UUID]bool{}
		for _, p := range used[a] {
			in[p] = true
		}
		n := 0
		for _, p := range used[b] {
			if in[p] {
				n++
			}
		}
		return n
	}
	for i := range skills {
		for j := i + 1; j < len(skills); j++ {
			a, b := orderPair(skills[i].ID, skills[j].ID)
			n := shared(a, b)
			corr := LearningCorrelation(n, len(used[a]), len(used[b]), projects)
			c := conns[pair{a, b}]
			switch {
			case c == nil && n < minSharedForNew:
				continue
			case c == nil:
				c = &SkillConnection{ID: s.newID(), SkillA: a, SkillB: b, ConnectionType: "complement",
					CreatedAt: s.Now()}
				res.ConnectionsCreated++
			case c.ProjectsCombined == n && sameFloatPtr(c.LearningCorrelation, corr) &&
				(n == 0 || c.Strength == ConnectionStrength(n, len(used[a]), len(used[b]))):
				continue // unchanged; without shared projects the owner's strength stays
			default:
				res.ConnectionsUpdated++
			}
			c.ProjectsCombined, c.LearningCorrelation = n, corr
			if n > 0 {
				c.Strength = ConnectionStrength(n, len(used[a]), len(used[b]))
			}
			if _, err := tx.UpsertConnection(ctx, c); err != nil {
				return err
			}
		}
	}
	return nil
}
