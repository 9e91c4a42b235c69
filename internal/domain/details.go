package domain

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/google/uuid"
)

// How many related things a project's page shows.
const (
	maxRelatedProjects = 5
	detailsGrowthLimit = 50
)

// ProjectDetails is everything a project's page shows.
type ProjectDetails struct {
	Project         *Project
	Growth          []*GrowthLogEntry // newest first
	RelatedProjects []*Project        // visible projects sharing technologies, most shared first
	RelatedSkills   []*Skill          // skills named like one of the project's technologies
	Media           []*ProjectMedia   // in the owner's order (media.go)
	Summary         *ProjectSummary   // nil when garden_summary has no row for it (project_summary.go)
}

// Reachable reports whether a visitor may open the project's page: public
// and unlisted projects are, private ones and unapproved seeds are not.
func (p *Project) Reachable() bool {
	return p.Visibility != "private" && p.Moderation == ModerationApproved
}

// ProjectDetails reads a project's page in one snapshot. A private project
// or an unapproved seed is reported as not found, like a missing one.
func (s *Service) ProjectDetails(ctx context.Context, id uuid.UUID) (*ProjectDetails, error) {
	return s.projectDetails(ctx, func(tx Tx) (*Project, error) {
		p, err := tx.GetProject(ctx, id)
		if err != nil {
			return nil, err
		}
		if !p.Reachable() {
			return nil, &NotFoundError{Kind: "project", Key: id.String()}
		}
		return p, nil
	})
}

// OwnerProjectDetails reads the same page for the owner, in one snapshot:
// any project, by id or name, private ones and unapproved seeds included.
func (s *Service) OwnerProjectDetails(ctx context.Context, idOrName string) (*ProjectDetails, error) {
	return s.projectDetails(ctx, func(tx Tx) (*Project, error) { return resolveProject(ctx, tx, idOrName) })
}

// projectDetails reads the page of the project find returns, in the same
// transaction.
func (s *Service) projectDetails(ctx context.Context, find func(Tx) (*Project, error)) (*ProjectDetails, error) {
	d := &ProjectDetails{}
	err := s.store.View(ctx, func(tx Tx) error {
		p, err := find(tx)
		if err != nil {
			return err
		}
		d.Project = p
		if d.Growth, err = tx.ListGrowthLog(ctx, p.ID, detailsGrowthLimit); err != nil {
			return err
		}
		visible, err := tx.ListProjects(ctx, ProjectFilter{OnlyVisible: true})
		if err != nil {
			return err
		}
		d.RelatedProjects = RelatedProjects(p, visible, maxRelatedProjects)
		skills, err := tx.ListSkills(ctx)
		if err != nil {
			return err
		}
		d.RelatedSkills = SkillsForTechnologies(p.Technologies, skills)
		d.Media, d.Summary, err = s.projectExtras(ctx, tx, p.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func techSet(techs []string) map[string]bool {
	set := make(map[string]bool, len(techs))
	for _, t := range techs {
		set[strings.ToLower(strings.TrimSpace(t))] = true
	}
	return set
}

// RelatedProjects returns up to limit candidates other than p sharing at
// least one technology (case-insensitive) with it, most shared first, then
// by name.
func RelatedProjects(p *Project, candidates []*Project, limit int) []*Project {
	mine := techSet(p.Technologies)
	type scored struct {
		p      *Project
		shared int
	}
	var found []scored
	for _, c := range candidates {
		if c.ID == p.ID {
			continue
		}
		n := 0
		for t := range techSet(c.Technologies) {
			if mine[t] {
				n++
			}
		}
		if n > 0 {
			found = append(found, scored{c, n})
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].shared != found[j].shared {
			return found[i].shared > found[j].shared
		}
		return strings.ToLower(found[i].p.Name) < strings.ToLower(found[j].p.Name)
	})
	out := []*Project{}
	for _, f := range found {
		if limit > 0 && len(out) == limit {
			break
		}
		out = append(out, f.p)
	}
	return out
}

// SkillsForTechnologies returns the skills whose name matches one of the
// technologies, case-insensitively, in the skills' order.
func SkillsForTechnologies(techs []string, skills []*Skill) []*Skill {
	set := techSet(techs)
	out := []*Skill{}
	for _, sk := range skills {
		if set[strings.ToLower(sk.Name)] {
			out = append(out, sk)
		}
	}
	return out
}

// Suggest returns up to limit projects a visitor has not viewed yet that
// share technologies with the ones they viewed, most shared first.
func Suggest(viewed []uuid.UUID, projects []*Project, limit int) []*Project {
	if len(viewed) == 0 {
		return []*Project{}
	}
	seen := &Project{ID: uuid.Nil}
	var unseen []*Project
	for _, p := range projects {
		if slices.Contains(viewed, p.ID) {
			seen.Technologies = append(seen.Technologies, p.Technologies...)
		} else {
			unseen = append(unseen, p)
		}
	}
	return RelatedProjects(seen, unseen, limit)
}
