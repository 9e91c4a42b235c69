package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// Visitor seed modes (garden.visitor_seeds).
const (
	SeedsOpen      = "open"      // a visitor's seed appears for everyone at once
	SeedsModerated = "moderated" // it waits for the owner's approval
	SeedsOff       = "off"       // visitors cannot plant
)

// SeedModes lists the modes garden.visitor_seeds accepts.
var SeedModes = []string{SeedsOpen, SeedsModerated, SeedsOff}

// Limits of a visitor's seed: visitors write less than the owner.
const (
	maxSeedNameLen        = 60
	maxSeedDescriptionLen = 500
)

// ErrForbidden means the action is not allowed at all, whoever asks.
var ErrForbidden = errors.New("forbidden")

// ForbiddenError says what is not allowed.
type ForbiddenError struct{ Reason string }

func (e *ForbiddenError) Error() string { return e.Reason }

// Is lets errors.Is(err, ErrForbidden) match a ForbiddenError.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }

// SeedPolicy is how the garden treats visitors' seeds.
type SeedPolicy struct {
	Mode string // SeedsOpen, SeedsModerated or SeedsOff
	Max  int    // live (pending or approved) visitor seeds allowed; 0 means no limit
}

// SeedInput is what a visitor gives to plant a seed.
type SeedInput struct {
	Name         string
	Description  string
	PlantType    string
	Technologies []string
	GithubRepo   string
	DemoURL      string
	Position     Position
}

// PlantVisitorSeed plants a visitor's seed. It is pending until the owner
// approves it (moderated mode) or approved at once (open mode); the planting
// session is recorded so its visitor sees the seed at once.
func (s *Service) PlantVisitorSeed(ctx context.Context, sessionToken string, in SeedInput, policy SeedPolicy) (*Project, error) {
	moderation := ModerationPending
	switch policy.Mode {
	case SeedsOff:
		return nil, &ForbiddenError{Reason: "visitors cannot plant seeds in this garden"}
	case SeedsOpen:
		moderation = ModerationApproved
	case SeedsModerated:
	default:
		return nil, fmt.Errorf("visitor seed mode %q: %w", policy.Mode, Invalid("garden.visitor_seeds", "unknown mode", SeedModes...))
	}
	now := s.Now()
	p := &Project{
		ID: s.newID(), Name: strings.TrimSpace(in.Name), Description: strings.TrimSpace(in.Description),
		GithubRepo: in.GithubRepo, DemoURL: in.DemoURL, PlantType: orDefault(in.PlantType, "generic"),
		GrowthStage: "seed", PlantedDate: now, Position: in.Position, Technologies: in.Technologies,
		Status: "active", Visibility: "public", Origin: OriginVisitor, Moderation: moderation,
		CreatedAt: now, UpdatedAt: now,
	}
	if err := validateSeed(p); err != nil {
		return nil, err
	}
	err := s.store.Update(ctx, func(tx Tx) error {
		sess, err := sessionByToken(ctx, tx, sessionToken)
		if err != nil {
			return err
		}
		if policy.Max > 0 {
			n, err := tx.CountVisitorSeeds(ctx)
			if err != nil {
				return err
			}
			if n >= policy.Max {
				return &ConflictError{Kind: "seeds", Detail: fmt.Sprintf("the garden holds its %d visitor seeds; try again later", policy.Max)}
			}
		}
		p.PlantedBySession = &sess.ID
		if err := tx.InsertProject(ctx, p); err != nil {
			return err
		}
		sess.SeedsPlanted++
		sess.LastActivityAt = now
		if err := tx.UpdateSession(ctx, sess); err != nil {
			return err
		}
		if p.Moderation == ModerationApproved {
			return s.emitPlanted(ctx, tx, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// validateSeed applies the project rules and the tighter visitor limits,
// reporting each field once (the tighter message wins).
func validateSeed(p *Project) error {
	var v Validator
	v.Length("name", p.Name, 1, maxSeedNameLen)
	v.Length("description", p.Description, 0, maxSeedDescriptionLen)
	plainText(&v, "description", strings.ReplaceAll(p.Description, "\n", " "))
	seen := map[string]bool{}
	for _, f := range v.fields {
		seen[f.Field] = true
	}
	var pv *ValidationError
	if errors.As(validateProject(p), &pv) {
		for _, f := range pv.Fields {
			if !seen[f.Field] {
				seen[f.Field] = true
				v.fields = append(v.fields, f)
			}
		}
	}
	return v.Err()
}

// ListSeeds lists visitors' seeds in one moderation state ("" for all).
func (s *Service) ListSeeds(ctx context.Context, moderation string) ([]*Project, error) {
	if moderation != "" {
		var v Validator
		v.OneOf("moderation", moderation, []string{ModerationPending, ModerationApproved, ModerationRejected})
		if err := v.Err(); err != nil {
			return nil, err
		}
	}
	var out []*Project
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.ListProjects(ctx, ProjectFilter{Origin: OriginVisitor, Moderation: moderation})
		return err
	})
	return out, err
}

// SeedsOfSession returns the pending seeds a visitor session planted: that
// visitor sees them before the owner approves them, nobody else does.
func (s *Service) SeedsOfSession(ctx context.Context, sessionID uuid.UUID) ([]*Project, error) {
	var out []*Project
	err := s.store.View(ctx, func(tx Tx) error {
		pending, err := tx.ListProjects(ctx, ProjectFilter{Origin: OriginVisitor, Moderation: ModerationPending})
		if err != nil {
			return err
		}
		out = []*Project{}
		for _, p := range pending {
			if p.PlantedBySession != nil && *p.PlantedBySession == sessionID {
				out = append(out, p)
			}
		}
		return nil
	})
	return out, err
}

// ApproveSeed lets a visitor's seed into the public garden and emits
// seed_planted.
func (s *Service) ApproveSeed(ctx context.Context, idOrName string) (*Project, error) {
	return s.moderateSeed(ctx, idOrName, ModerationApproved)
}

// RejectSeed keeps a visitor's seed out of the garden for good.
func (s *Service) RejectSeed(ctx context.Context, idOrName string) (*Project, error) {
	return s.moderateSeed(ctx, idOrName, ModerationRejected)
}

func (s *Service) moderateSeed(ctx context.Context, idOrName, state string) (*Project, error) {
	var p *Project
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if p, err = resolveProject(ctx, tx, idOrName); err != nil {
			return err
		}
		if p.Origin != OriginVisitor {
			return &NotFoundError{Kind: "seed", Key: idOrName}
		}
		if p.Moderation == state {
			return nil
		}
		p.Moderation, p.UpdatedAt = state, s.Now()
		if err := tx.UpdateProject(ctx, p); err != nil {
			return err
		}
		if state == ModerationApproved {
			return s.emitPlanted(ctx, tx, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}
