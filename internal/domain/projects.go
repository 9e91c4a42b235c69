package domain

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/google/uuid"
)

// PlantInput is what the owner gives to plant a new project.
type PlantInput struct {
	Name         string
	Description  string
	GithubRepo   string
	DemoURL      string
	PlantType    string // default "generic"
	Position     Position
	Technologies []string
	Status       string // default "active"
	Visibility   string // default "public"
	GrowthStage  string // default "seed"
}

// ProjectPatch changes some fields of a project; nil fields stay as they are.
type ProjectPatch struct {
	Name         *string
	Description  *string
	GithubRepo   *string
	DemoURL      *string
	PlantType    *string
	GrowthStage  *string
	Position     *Position
	Technologies *[]string
	Status       *string
	Visibility   *string
}

var githubRepoPattern = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$`)

const (
	maxNameLen        = 255
	maxDescriptionLen = 5000
	maxTechnologies   = 30
	maxTechLen        = 50
	maxCoordinate     = 10000
)

// validateProject checks every rule of a project's fields.
func validateProject(p *Project) error {
	var v Validator
	p.Name = strings.TrimSpace(p.Name)
	v.Length("name", p.Name, 1, maxNameLen)
	plainText(&v, "name", p.Name)
	v.Length("description", p.Description, 0, maxDescriptionLen)
	if p.GithubRepo != "" && !githubRepoPattern.MatchString(p.GithubRepo) {
		v.Add("github_repo", "must look like owner/name")
	}
	if p.DemoURL != "" {
		checkURL(&v, "demo_url", p.DemoURL, 500)
	}
	v.OneOf("plant_type", p.PlantType, PlantTypes)
	v.OneOf("growth_stage", p.GrowthStage, GrowthStages)
	v.OneOf("status", p.Status, ProjectStatuses)
	v.OneOf("visibility", p.Visibility, Visibilities)
	for _, c := range []struct {
		field string
		value float64
	}{{"position.x", p.Position.X}, {"position.y", p.Position.Y}, {"position.z", p.Position.Z}} {
		if math.IsInf(c.value, 0) {
			v.Add(c.field, "must be a finite number")
			continue
		}
		v.RangeF(c.field, c.value, -maxCoordinate, maxCoordinate)
	}
	techs, err := normalizeTechnologies(p.Technologies)
	if err != "" {
		v.Add("technologies", err)
	}
	p.Technologies = techs
	return v.Err()
}

// plainText rejects control characters and markup brackets: names are shown
// in a 3D scene and terminals, never interpreted.
func plainText(v *Validator, field, s string) {
	for _, r := range s {
		if unicode.IsControl(r) || r == '<' || r == '>' {
			v.Add(field, "must be plain text (no control characters or < >)")
			return
		}
	}
}

func checkURL(v *Validator, field, raw string, maxLen int) {
	u, err := url.Parse(raw)
	switch {
	case len(raw) > maxLen:
		v.Add(field, fmt.Sprintf("must be at most %d characters", maxLen))
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		v.Add(field, "must be an absolute http(s) URL")
	}
}

// normalizeTechnologies trims, drops empties and duplicates (case-insensitive)
// and keeps the first spelling.
func normalizeTechnologies(in []string) ([]string, string) {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if len([]rune(t)) > maxTechLen {
			return out, fmt.Sprintf("each technology must be at most %d characters", maxTechLen)
		}
		key := strings.ToLower(t)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, t)
	}
	if len(out) > maxTechnologies {
		return out, fmt.Sprintf("at most %d technologies", maxTechnologies)
	}
	return out, ""
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// PlantProject creates an owner's project and emits seed_planted.
func (s *Service) PlantProject(ctx context.Context, in PlantInput) (*Project, error) {
	now := s.Now()
	p := &Project{
		ID: s.newID(), Name: in.Name, Description: in.Description, GithubRepo: in.GithubRepo,
		DemoURL: in.DemoURL, PlantType: orDefault(in.PlantType, "generic"),
		GrowthStage: orDefault(in.GrowthStage, "seed"), PlantedDate: now, Position: in.Position,
		Technologies: in.Technologies, Status: orDefault(in.Status, "active"),
		Visibility: orDefault(in.Visibility, "public"), Origin: OriginOwner,
		Moderation: ModerationApproved, CreatedAt: now, UpdatedAt: now,
	}
	if err := validateProject(p); err != nil {
		return nil, err
	}
	err := s.store.Update(ctx, func(tx Tx) error {
		if err := tx.InsertProject(ctx, p); err != nil {
			return err
		}
		return s.emitPlanted(ctx, tx, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Service) emitPlanted(ctx context.Context, tx Tx, p *Project) error {
	return s.emit(ctx, tx, EventSeedPlanted, &p.ID, map[string]any{
		"project_id": p.ID, "name": p.Name, "plant_type": p.PlantType, "growth_stage": p.GrowthStage,
		"position": map[string]float64{"x": p.Position.X, "y": p.Position.Y, "z": p.Position.Z},
		"origin":   p.Origin, "visible": p.Visible(),
	})
}

// GetProject returns one project by id.
func (s *Service) GetProject(ctx context.Context, id uuid.UUID) (*Project, error) {
	var p *Project
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		p, err = tx.GetProject(ctx, id)
		return err
	})
	return p, err
}

// ResolveProject finds a project by id or by its (case-insensitive) name.
// A name shared by several projects is a conflict listing their ids.
func (s *Service) ResolveProject(ctx context.Context, idOrName string) (*Project, error) {
	var p *Project
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		p, err = resolveProject(ctx, tx, idOrName)
		return err
	})
	return p, err
}

func resolveProject(ctx context.Context, tx Tx, idOrName string) (*Project, error) {
	if id, err := uuid.Parse(idOrName); err == nil {
		return tx.GetProject(ctx, id)
	}
	found, err := tx.FindProjectsByName(ctx, strings.TrimSpace(idOrName))
	if err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, &NotFoundError{Kind: "project", Key: idOrName}
	case 1:
		return found[0], nil
	}
	ids := make([]string, len(found))
	for i, p := range found {
		ids[i] = p.ID.String()
	}
	return nil, &ConflictError{Kind: "project", Detail: fmt.Sprintf("name %q is shared by %s; use an id", idOrName, strings.Join(ids, ", "))}
}

// ListProjects lists projects matching the filter, validated first.
func (s *Service) ListProjects(ctx context.Context, f ProjectFilter) ([]*Project, error) {
	var v Validator
	if f.Stage != "" {
		v.OneOf("stage", f.Stage, GrowthStages)
	}
	if f.Status != "" {
		v.OneOf("status", f.Status, ProjectStatuses)
	}
	if f.Visibility != "" {
		v.OneOf("visibility", f.Visibility, Visibilities)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []*Project
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.ListProjects(ctx, f)
		return err
	})
	return out, err
}

// EditProject applies a patch. A stage set by the owner is logged and
// emitted like any growth, in either direction: the owner has the last word.
func (s *Service) EditProject(ctx context.Context, idOrName string, patch ProjectPatch) (*Project, error) {
	var p *Project
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if p, err = resolveProject(ctx, tx, idOrName); err != nil {
			return err
		}
		previousStage := p.GrowthStage
		applyProjectPatch(p, patch)
		p.UpdatedAt = s.Now()
		if err := validateProject(p); err != nil {
			return err
		}
		if err := tx.UpdateProject(ctx, p); err != nil {
			return err
		}
		if p.GrowthStage != previousStage {
			if err := s.recordStageChange(ctx, tx, p, previousStage, nil, GrowthLogEntry{}); err != nil {
				return err
			}
		}
		return s.emitGardenChanged(ctx, tx, "project", p.ID, "updated")
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func applyProjectPatch(p *Project, patch ProjectPatch) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&p.Name, patch.Name)
	set(&p.Description, patch.Description)
	set(&p.GithubRepo, patch.GithubRepo)
	set(&p.DemoURL, patch.DemoURL)
	set(&p.PlantType, patch.PlantType)
	set(&p.GrowthStage, patch.GrowthStage)
	set(&p.Status, patch.Status)
	set(&p.Visibility, patch.Visibility)
	if patch.Position != nil {
		p.Position = *patch.Position
	}
	if patch.Technologies != nil {
		p.Technologies = *patch.Technologies
	}
}

// recordStageChange writes the growth log row and the project_growth event
// for a stage change already applied to p.
func (s *Service) recordStageChange(ctx context.Context, tx Tx, p *Project, previous string, factor *float64, entry GrowthLogEntry) error {
	entry.ID, entry.ProjectID, entry.RecordedAt = s.newID(), p.ID, s.Now()
	entry.PreviousStage, entry.NewStage, entry.GrowthFactor = previous, p.GrowthStage, factor
	if err := tx.InsertGrowthLog(ctx, &entry); err != nil {
		return err
	}
	return s.emit(ctx, tx, EventProjectGrowth, &p.ID, map[string]any{
		"project_id": p.ID, "name": p.Name, "previous_stage": previous, "new_stage": p.GrowthStage,
		"growth_factor": factor,
	})
}

// DeleteProject removes a project and its history.
func (s *Service) DeleteProject(ctx context.Context, idOrName string) (*Project, error) {
	var p *Project
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if p, err = resolveProject(ctx, tx, idOrName); err != nil {
			return err
		}
		if err := tx.DeleteProject(ctx, p.ID); err != nil {
			return err
		}
		return s.emitGardenChanged(ctx, tx, "project", p.ID, "deleted")
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// GrowthHistory returns a project's growth log, newest first.
func (s *Service) GrowthHistory(ctx context.Context, id uuid.UUID, limit int) ([]*GrowthLogEntry, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	var out []*GrowthLogEntry
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.ListGrowthLog(ctx, id, limit)
		return err
	})
	return out, err
}

// IsNotFound reports whether err means something asked for does not exist.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
