package domain

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/google/uuid"
)

// GrowthResult is what one growth computation found for one project.
type GrowthResult struct {
	ProjectID     uuid.UUID
	Name          string
	GrowthFactor  float64
	PreviousStage string
	NewStage      string
	StageChanged  bool
}

// growing reports whether the growth jobs look after a project: archived
// projects and unmoderated visitor seeds stay as they are.
func growing(p *Project) bool {
	return p.Status != "archived" && p.Moderation == ModerationApproved
}

// grow recomputes p's growth from its counters, already updated in p when
// they changed. A stage change updates the project, writes entry as the
// growth log row with the stages and emits project_growth (recordStageChange);
// without one, entry is written only when logAlways (an activity row).
// counted says p's counters changed and must be stored either way.
func (s *Service) grow(ctx context.Context, tx Tx, p *Project, entry GrowthLogEntry, logAlways, counted bool) (*GrowthResult, error) {
	factor := GrowthFactor(p.growthInputs(s.Now()))
	res := &GrowthResult{ProjectID: p.ID, Name: p.Name, GrowthFactor: factor,
		PreviousStage: p.GrowthStage, NewStage: p.GrowthStage}
	next := NextStage(p.GrowthStage, factor)
	if next != p.GrowthStage {
		res.NewStage, res.StageChanged = next, true
		p.GrowthStage = next
	}
	if counted || res.StageChanged {
		p.UpdatedAt = s.Now()
		if err := tx.UpdateProject(ctx, p); err != nil {
			return nil, err
		}
	}
	if res.StageChanged {
		return res, s.recordStageChange(ctx, tx, p, res.PreviousStage, &factor, entry)
	}
	if !logAlways {
		return res, nil
	}
	entry.ID, entry.ProjectID, entry.RecordedAt, entry.GrowthFactor = s.newID(), p.ID, s.Now(), &factor
	return res, tx.InsertGrowthLog(ctx, &entry)
}

// RecalculateGrowth recomputes one project's growth (the on-activity job).
// Stages only move forward; a change is logged and emits project_growth.
func (s *Service) RecalculateGrowth(ctx context.Context, projectID uuid.UUID) (*GrowthResult, error) {
	var res *GrowthResult
	err := s.store.Update(ctx, func(tx Tx) error {
		p, err := tx.GetProject(ctx, projectID)
		if err != nil {
			return err
		}
		if !growing(p) {
			f := GrowthFactor(p.growthInputs(s.Now()))
			res = &GrowthResult{ProjectID: p.ID, Name: p.Name, GrowthFactor: f, PreviousStage: p.GrowthStage, NewStage: p.GrowthStage}
			return nil
		}
		res, err = s.grow(ctx, tx, p, GrowthLogEntry{}, false, false)
		return err
	})
	return res, err
}

// RecalculateAllGrowth recomputes every growing project (the hourly job),
// one short transaction per project so visitors never wait on the job.
func (s *Service) RecalculateAllGrowth(ctx context.Context) ([]*GrowthResult, error) {
	all, err := s.ListProjects(ctx, ProjectFilter{})
	if err != nil {
		return nil, err
	}
	out := []*GrowthResult{}
	for _, p := range all {
		if !growing(p) {
			continue
		}
		res, err := s.RecalculateGrowth(ctx, p.ID)
		if IsNotFound(err) {
			continue // deleted meanwhile
		}
		if err != nil {
			return out, fmt.Errorf("growth of %s: %w", p.ID, err)
		}
		out = append(out, res)
	}
	return out, nil
}

// RepoStats are a repository's numbers as a sync reads them.
type RepoStats struct {
	CommitCount     int
	LinesOfCode     int
	ComplexityScore float64
	Languages       []string // most used first
	ETag            string
	// RecentCommits are the commits the sync saw with their dates (the
	// latest ones): those dated today count in github_commits_today, the
	// history behind CommitCount never does.
	RecentCommits []DatedCommit
}

// RepoChange is what applying RepoStats changes (or would change) in a project.
type RepoChange struct {
	CommitsDelta      int
	LinesDelta        int
	ComplexityChange  float64
	AddedTechnologies []string
}

// Changed reports whether anything would change.
func (c RepoChange) Changed() bool {
	return c.CommitsDelta != 0 || c.LinesDelta != 0 || c.ComplexityChange != 0 || len(c.AddedTechnologies) > 0
}

// PlanRepoStats compares a project with fresh repository stats. Languages
// are merged into technologies (case-insensitively, after the owner's own,
// within the 30-technology limit); nothing is ever removed.
func PlanRepoStats(p *Project, st RepoStats) RepoChange {
	c := RepoChange{
		CommitsDelta:     st.CommitCount - p.CommitCount,
		LinesDelta:       st.LinesOfCode - p.LinesOfCode,
		ComplexityChange: round4(st.ComplexityScore - p.ComplexityScore),
	}
	have := map[string]bool{}
	for _, t := range p.Technologies {
		have[strings.ToLower(strings.TrimSpace(t))] = true
	}
	room := maxTechnologies - len(p.Technologies)
	for _, l := range st.Languages {
		l = strings.TrimSpace(l)
		key := strings.ToLower(l)
		if l == "" || have[key] || len([]rune(l)) > maxTechLen || room <= 0 {
			continue
		}
		have[key] = true
		c.AddedTechnologies = append(c.AddedTechnologies, l)
		room--
	}
	return c
}

func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }

// RepoSyncResult is what ApplyRepoStats did to one project.
type RepoSyncResult struct {
	Project *Project
	Change  RepoChange
	Growth  *GrowthResult // nil when nothing changed
}

// SyncState returns the ETag and time the last sync of a project with a
// provider stored ("" and nil when it was never synced).
func (s *Service) SyncState(ctx context.Context, projectID uuid.UUID, provider string) (string, *time.Time, error) {
	var (
		etag string
		at   *time.Time
	)
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		etag, at, err = tx.GetSyncState(ctx, projectID, provider)
		return err
	})
	return etag, at, err
}

// MarkSynced records that a project's repository was read now and had not
// changed (a 304 on its ETag).
func (s *Service) MarkSynced(ctx context.Context, projectID uuid.UUID, provider, etag string) error {
	return s.store.Update(ctx, func(tx Tx) error { return tx.PutSyncState(ctx, projectID, provider, etag, s.Now()) })
}

// LastSyncAt returns when a provider's sync last read a repository, nil if never.
func (s *Service) LastSyncAt(ctx context.Context, provider string) (*time.Time, error) {
	var at *time.Time
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		at, err = tx.LastSyncAt(ctx, provider)
		return err
	})
	return at, err
}

// ApplyRepoStats stores a repository's fresh stats in its project, in one
// transaction: the counters, the merged technologies, a growth log row with
// the deltas, the growth (a stage change emits project_growth), the dated
// commits it saw and the ETag and time of the sync. Stats equal to what is
// stored change only the sync time, so a second sync is a no-op for growth.
func (s *Service) ApplyRepoStats(ctx context.Context, projectID uuid.UUID, provider string, st RepoStats) (*RepoSyncResult, error) {
	if st.CommitCount < 0 || st.LinesOfCode < 0 || st.ComplexityScore < 0 {
		return nil, Invalid("stats", "must not be negative")
	}
	var res *RepoSyncResult
	err := s.store.Update(ctx, func(tx Tx) error {
		p, err := tx.GetProject(ctx, projectID)
		if err != nil {
			return err
		}
		res = &RepoSyncResult{Project: p, Change: PlanRepoStats(p, st)}
		if err := tx.RecordCommits(ctx, p.ID, validCommits(st.RecentCommits)); err != nil {
			return err
		}
		if !res.Change.Changed() {
			// Nothing grows, but the repository was read now: the next
			// sync within cache.github_ttl skips it.
			return tx.PutSyncState(ctx, p.ID, provider, st.ETag, s.Now())
		}
		c := res.Change
		p.CommitCount, p.LinesOfCode, p.ComplexityScore = st.CommitCount, st.LinesOfCode, st.ComplexityScore
		p.Technologies = append(p.Technologies, c.AddedTechnologies...)
		activity, _ := json.Marshal(map[string]any{"source": "sync", "provider": provider,
			"commit_count": st.CommitCount, "lines_of_code": st.LinesOfCode,
			"complexity_score": st.ComplexityScore, "technologies_added": nonNil(c.AddedTechnologies)})
		entry := GrowthLogEntry{CommitsDelta: c.CommitsDelta, ComplexityChange: c.ComplexityChange,
			GithubActivity: activity}
		if c.LinesDelta > 0 {
			entry.LinesAdded = c.LinesDelta
		} else {
			entry.LinesRemoved = -c.LinesDelta
		}
		if !growing(p) {
			p.UpdatedAt = s.Now()
			if err := tx.UpdateProject(ctx, p); err != nil {
				return err
			}
			entry.ID, entry.ProjectID, entry.RecordedAt = s.newID(), p.ID, s.Now()
			if err := tx.InsertGrowthLog(ctx, &entry); err != nil {
				return err
			}
		} else if res.Growth, err = s.grow(ctx, tx, p, entry, true, true); err != nil {
			return err
		}
		return tx.PutSyncState(ctx, p.ID, provider, st.ETag, s.Now())
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
