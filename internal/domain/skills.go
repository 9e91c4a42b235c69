package domain

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// SkillInput is what the owner gives to add a skill. A brightness or a
// date given here is manual (SkillManual): the insights job keeps it.
type SkillInput struct {
	Name               string
	Category           string
	ConstellationGroup string
	ProficiencyLevel   int // 1..10; 0 means 1
	Brightness         *float64
	PositionX          *float64
	PositionY          *float64
	HoursPracticed     int
	FirstUsedDate      *time.Time
	LastUsedDate       *time.Time
	IconURL            string
	ColorHex           string
	Description        string
}

// SkillPatch changes some fields of a skill; nil fields stay as they are.
// A brightness or a date set here becomes manual; Clear names derived
// values (SkillDerivedFields) to hand back to the insights job, which are
// derived again at once.
type SkillPatch struct {
	Name               *string
	Category           *string
	ConstellationGroup *string
	ProficiencyLevel   *int
	Brightness         *float64
	PositionX          *float64
	PositionY          *float64
	HoursPracticed     *int
	FirstUsedDate      *time.Time
	LastUsedDate       *time.Time
	Clear              []string
	IconURL            *string
	ColorHex           *string
	Description        *string
}

var colorPattern = regexp.MustCompile(`^#[0-9a-f]{6}$`)

func validateSkill(s *Skill) error {
	var v Validator
	s.Name = strings.TrimSpace(s.Name)
	v.Length("name", s.Name, 1, 100)
	plainText(&v, "name", s.Name)
	if s.Category != "" {
		v.OneOf("category", s.Category, SkillCategories)
	}
	v.Length("constellation", s.ConstellationGroup, 0, 50)
	if s.ProficiencyLevel < 1 || s.ProficiencyLevel > 10 {
		v.Add("proficiency", "must be between 1 and 10")
	}
	v.RangeF("brightness", s.Brightness, 0, 1)
	if s.HoursPracticed < 0 {
		v.Add("hours_practiced", "must not be negative")
	}
	for _, c := range []struct {
		field string
		value *float64
	}{{"position_x", s.PositionX}, {"position_y", s.PositionY}} {
		if c.value != nil && (math.IsInf(*c.value, 0) || math.IsNaN(*c.value)) {
			v.Add(c.field, "must be a finite number")
		}
	}
	s.ColorHex = strings.ToLower(strings.TrimSpace(s.ColorHex))
	if s.ColorHex != "" && !colorPattern.MatchString(s.ColorHex) {
		v.Add("color", "must be a colour like #1a2b3c")
	}
	if s.IconURL != "" {
		checkURL(&v, "icon_url", s.IconURL, 500)
	}
	v.Length("description", s.Description, 0, maxDescriptionLen)
	if s.FirstUsedDate != nil && s.LastUsedDate != nil && s.LastUsedDate.Before(*s.FirstUsedDate) {
		v.Add(SkillLastUsedDate, "must not be before first_used_date")
	}
	return v.Err()
}

// AddSkill adds a star to the constellation and emits skill_unlock.
func (s *Service) AddSkill(ctx context.Context, in SkillInput) (*Skill, error) {
	now := s.Now()
	sk := &Skill{
		ID: s.newID(), Name: in.Name, Category: in.Category, ConstellationGroup: in.ConstellationGroup,
		PositionX: in.PositionX, PositionY: in.PositionY, Brightness: 0.5,
		ProficiencyLevel: in.ProficiencyLevel, HoursPracticed: in.HoursPracticed,
		FirstUsedDate: dateOnly(in.FirstUsedDate), LastUsedDate: dateOnly(in.LastUsedDate),
		IconURL: in.IconURL, ColorHex: in.ColorHex, Description: in.Description,
		Manual:    SkillManual{Brightness: in.Brightness != nil, FirstUsed: in.FirstUsedDate != nil, LastUsed: in.LastUsedDate != nil},
		CreatedAt: now, UpdatedAt: now,
	}
	if sk.ProficiencyLevel == 0 {
		sk.ProficiencyLevel = 1
	}
	if in.Brightness != nil {
		sk.Brightness = *in.Brightness
	}
	if err := validateSkill(sk); err != nil {
		return nil, err
	}
	err := s.store.Update(ctx, func(tx Tx) error {
		if err := tx.InsertSkill(ctx, sk); err != nil {
			return err
		}
		return s.emitSkillUnlock(ctx, tx, sk, 0, UnlockAdded)
	})
	if err != nil {
		return nil, err
	}
	return sk, nil
}

// Why a skill_unlock event was emitted.
const (
	UnlockAdded    = "added"     // a new skill: previous_level 0
	UnlockLevelUp  = "level_up"  // the owner raised its proficiency: previous_level is the old one
	UnlockFirstUse = "first_use" // it appears in a project for the first time: it was not in use, previous_level 0
)

func (s *Service) emitSkillUnlock(ctx context.Context, tx Tx, sk *Skill, previousLevel int, reason string) error {
	return s.emit(ctx, tx, EventSkillUnlock, nil, map[string]any{
		"skill_id": sk.ID, "name": sk.Name, "constellation": sk.ConstellationGroup,
		"proficiency_level": sk.ProficiencyLevel, "previous_level": previousLevel, "reason": reason,
	})
}

func dateOnly(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return &d
}

// ResolveSkill finds a skill by id or case-insensitive name.
func (s *Service) ResolveSkill(ctx context.Context, idOrName string) (*Skill, error) {
	var sk *Skill
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		sk, err = resolveSkill(ctx, tx, idOrName)
		return err
	})
	return sk, err
}

func resolveSkill(ctx context.Context, tx Tx, idOrName string) (*Skill, error) {
	if id, err := uuid.Parse(idOrName); err == nil {
		return tx.GetSkill(ctx, id)
	}
	return tx.GetSkillByName(ctx, strings.TrimSpace(idOrName))
}

// ListSkills returns every skill, grouped by constellation.
func (s *Service) ListSkills(ctx context.Context) ([]*Skill, error) {
	var out []*Skill
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.ListSkills(ctx)
		return err
	})
	return out, err
}

// EditSkill applies a patch; a higher proficiency emits skill_unlock.
func (s *Service) EditSkill(ctx context.Context, idOrName string, patch SkillPatch) (*Skill, error) {
	var sk *Skill
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if sk, err = resolveSkill(ctx, tx, idOrName); err != nil {
			return err
		}
		previousLevel := sk.ProficiencyLevel
		if err := applySkillPatch(sk, patch); err != nil {
			return err
		}
		if len(patch.Clear) > 0 {
			usage, err := loadSkillUsage(ctx, tx, []*Skill{sk})
			if err != nil {
				return err
			}
			usage.derive(sk, s.Now())
		}
		sk.UpdatedAt = s.Now()
		if err := validateSkill(sk); err != nil {
			return err
		}
		if err := tx.UpdateSkill(ctx, sk); err != nil {
			return err
		}
		if sk.ProficiencyLevel > previousLevel {
			return s.emitSkillUnlock(ctx, tx, sk, previousLevel, UnlockLevelUp)
		}
		return s.emitGardenChanged(ctx, tx, "skill", sk.ID, "updated")
	})
	if err != nil {
		return nil, err
	}
	return sk, nil
}

// applySkillPatch applies p to sk; a value set and cleared at once is refused.
func applySkillPatch(sk *Skill, p SkillPatch) error {
	var v Validator
	set := map[string]bool{SkillBrightness: p.Brightness != nil,
		SkillFirstUsedDate: p.FirstUsedDate != nil, SkillLastUsedDate: p.LastUsedDate != nil}
	for _, f := range p.Clear {
		switch {
		case !slices.Contains(SkillDerivedFields, f):
			v.Add("clear", fmt.Sprintf("%q is not a derived value", f), SkillDerivedFields...)
		case set[f]:
			v.Add("clear", fmt.Sprintf("%s is both set and cleared", f))
		default:
			sk.Manual.set(f, false)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if p.FirstUsedDate != nil {
		sk.FirstUsedDate, sk.Manual.FirstUsed = dateOnly(p.FirstUsedDate), true
	}
	if p.LastUsedDate != nil {
		sk.LastUsedDate, sk.Manual.LastUsed = dateOnly(p.LastUsedDate), true
	}
	setS := func(dst, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	setS(&sk.Name, p.Name)
	setS(&sk.Category, p.Category)
	setS(&sk.ConstellationGroup, p.ConstellationGroup)
	setS(&sk.IconURL, p.IconURL)
	setS(&sk.ColorHex, p.ColorHex)
	setS(&sk.Description, p.Description)
	if p.ProficiencyLevel != nil {
		sk.ProficiencyLevel = *p.ProficiencyLevel
	}
	if p.Brightness != nil {
		sk.Brightness, sk.Manual.Brightness = *p.Brightness, true
	}
	if p.PositionX != nil {
		sk.PositionX = p.PositionX
	}
	if p.PositionY != nil {
		sk.PositionY = p.PositionY
	}
	if p.HoursPracticed != nil {
		sk.HoursPracticed = *p.HoursPracticed
	}
	return nil
}

// RemoveSkill deletes a skill and its connections.
func (s *Service) RemoveSkill(ctx context.Context, idOrName string) (*Skill, error) {
	var sk *Skill
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if sk, err = resolveSkill(ctx, tx, idOrName); err != nil {
			return err
		}
		if err := tx.DeleteSkill(ctx, sk.ID); err != nil {
			return err
		}
		return s.emitGardenChanged(ctx, tx, "skill", sk.ID, "deleted")
	})
	if err != nil {
		return nil, err
	}
	return sk, nil
}

// ConnectInput links two skills.
type ConnectInput struct {
	A, B     string // id or name
	Type     string // default "complement"
	Strength *float64
}

// orderPair returns the pair with the smaller id first: (a,b) and (b,a) are
// one connection.
func orderPair(a, b uuid.UUID) (uuid.UUID, uuid.UUID) {
	if strings.Compare(a.String(), b.String()) > 0 {
		return b, a
	}
	return a, b
}

// Connect links two skills, or updates the link when it exists.
func (s *Service) Connect(ctx context.Context, in ConnectInput) (*SkillConnection, bool, error) {
	var v Validator
	in.Type = orDefault(in.Type, "complement")
	v.OneOf("type", in.Type, ConnectionTypes)
	strength := 0.5
	if in.Strength != nil {
		strength = *in.Strength
	}
	v.RangeF("strength", strength, 0, 1)
	if err := v.Err(); err != nil {
		return nil, false, err
	}
	var (
		c       *SkillConnection
		created bool
	)
	err := s.store.Update(ctx, func(tx Tx) error {
		a, err := resolveSkill(ctx, tx, in.A)
		if err != nil {
			return err
		}
		b, err := resolveSkill(ctx, tx, in.B)
		if err != nil {
			return err
		}
		if a.ID == b.ID {
			return Invalid("skills", "a skill cannot be connected to itself")
		}
		first, second := orderPair(a.ID, b.ID)
		c = &SkillConnection{ID: s.newID(), SkillA: first, SkillB: second, ConnectionType: in.Type,
			Strength: strength, CreatedAt: s.Now()}
		if created, err = tx.UpsertConnection(ctx, c); err != nil {
			return err
		}
		return s.emitGardenChanged(ctx, tx, "connection", c.ID, "connected")
	})
	if err != nil {
		return nil, false, err
	}
	return c, created, nil
}

// Disconnect removes the link between two skills, in either order.
func (s *Service) Disconnect(ctx context.Context, a, b string) error {
	return s.store.Update(ctx, func(tx Tx) error {
		sa, err := resolveSkill(ctx, tx, a)
		if err != nil {
			return err
		}
		sb, err := resolveSkill(ctx, tx, b)
		if err != nil {
			return err
		}
		first, second := orderPair(sa.ID, sb.ID)
		if err := tx.DeleteConnection(ctx, first, second); err != nil {
			if errors.Is(err, ErrNotFound) {
				// The store only knows the ids; the caller named the skills.
				return &NotFoundError{Kind: "connection", Key: sa.Name + " and " + sb.Name}
			}
			return err
		}
		return s.emitGardenChanged(ctx, tx, "connection", first, "disconnected")
	})
}

// ListConnections returns every skill connection.
func (s *Service) ListConnections(ctx context.Context) ([]*SkillConnection, error) {
	var out []*SkillConnection
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.ListConnections(ctx)
		return err
	})
	return out, err
}
