package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

const skillColumns = `id, name, category, constellation_group, position_x, position_y, brightness,
proficiency_level, hours_practiced, projects_used_in, first_used_date, last_used_date,
learning_velocity, icon_url, color_hex, description, created_at, updated_at,
brightness_manual, first_used_manual, last_used_manual`

func scanSkill(r rowScanner) (*domain.Skill, error) {
	var (
		s                             domain.Skill
		cat, group, icon, color, desc sql.NullString
		px, py                        sql.NullFloat64
		prof                          sql.NullInt64
		first, last                   sql.NullTime
	)
	err := r.Scan(&s.ID, &s.Name, &cat, &group, &px, &py, &s.Brightness, &prof, &s.HoursPracticed,
		&s.ProjectsUsedIn, &first, &last, &s.LearningVelocity, &icon, &color, &desc,
		&s.CreatedAt, &s.UpdatedAt, &s.Manual.Brightness, &s.Manual.FirstUsed, &s.Manual.LastUsed)
	if err != nil {
		return nil, translate(err)
	}
	s.Category, s.ConstellationGroup = cat.String, group.String
	s.IconURL, s.ColorHex, s.Description = icon.String, color.String, desc.String
	s.PositionX, s.PositionY = fPtr(px), fPtr(py)
	s.ProficiencyLevel = int(prof.Int64)
	s.FirstUsedDate, s.LastUsedDate = tPtr(first), tPtr(last)
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return &s, nil
}

func skillArgs(s *domain.Skill) []any {
	var prof any
	if s.ProficiencyLevel > 0 {
		prof = s.ProficiencyLevel
	}
	return []any{s.ID, s.Name, nullStr(s.Category), nullStr(s.ConstellationGroup), nullF(s.PositionX),
		nullF(s.PositionY), s.Brightness, prof, s.HoursPracticed, s.ProjectsUsedIn,
		nullT(s.FirstUsedDate), nullT(s.LastUsedDate), s.LearningVelocity, nullStr(s.IconURL),
		nullStr(s.ColorHex), nullStr(s.Description), s.CreatedAt.UTC(), s.UpdatedAt.UTC(),
		s.Manual.Brightness, s.Manual.FirstUsed, s.Manual.LastUsed}
}

func skillConflict(err error, name string) error {
	if errors.Is(err, domain.ErrConflict) {
		return &domain.ConflictError{Kind: "skill", Detail: "a skill named " + quote(name) + " already exists"}
	}
	return err
}

func (t *tx) InsertSkill(ctx context.Context, s *domain.Skill) error {
	_, err := t.exec(ctx, `/* Store.InsertSkill */
INSERT INTO skills (`+skillColumns+`)
VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`, skillArgs(s)...)
	return skillConflict(err, s.Name)
}

func (t *tx) UpdateSkill(ctx context.Context, s *domain.Skill) error {
	res, err := t.exec(ctx, `/* Store.UpdateSkill */
UPDATE skills SET name=$2, category=$3, constellation_group=$4, position_x=$5, position_y=$6,
  brightness=$7, proficiency_level=$8, hours_practiced=$9, projects_used_in=$10,
  first_used_date=$11, last_used_date=$12, learning_velocity=$13, icon_url=$14, color_hex=$15,
  description=$16, created_at=$17, updated_at=$18, brightness_manual=$19, first_used_manual=$20,
  last_used_manual=$21
WHERE id=$1`, skillArgs(s)...)
	if err != nil {
		return skillConflict(err, s.Name)
	}
	return mustAffect(res, "skill", s.ID.String())
}

func (t *tx) DeleteSkill(ctx context.Context, id uuid.UUID) error {
	res, err := t.exec(ctx, `/* Store.DeleteSkill */ DELETE FROM skills WHERE id=$1`, id)
	if err != nil {
		return err
	}
	return mustAffect(res, "skill", id.String())
}

func (t *tx) GetSkill(ctx context.Context, id uuid.UUID) (*domain.Skill, error) {
	s, err := scanSkill(t.queryRow(ctx, `/* Store.GetSkill */ SELECT `+skillColumns+` FROM skills WHERE id=$1`, id))
	if errors.Is(err, domain.ErrNotFound) {
		return nil, &domain.NotFoundError{Kind: "skill", Key: id.String()}
	}
	return s, err
}

func (t *tx) GetSkillByName(ctx context.Context, name string) (*domain.Skill, error) {
	s, err := scanSkill(t.queryRow(ctx, `/* Store.GetSkillByName */ SELECT `+skillColumns+
		` FROM skills WHERE lower(name)=lower($1)`, name))
	if errors.Is(err, domain.ErrNotFound) {
		return nil, &domain.NotFoundError{Kind: "skill", Key: name}
	}
	return s, err
}

func (t *tx) ListSkills(ctx context.Context) ([]*domain.Skill, error) {
	rows, err := t.query(ctx, `/* Store.ListSkills */ SELECT `+skillColumns+
		` FROM skills ORDER BY constellation_group, name, id`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []*domain.Skill{}
	for rows.Next() {
		s, err := scanSkill(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, translate(rows.Err())
}

// UpsertConnection creates the connection or updates its type and strength.
// The caller orders the pair (SkillA < SkillB).
func (t *tx) UpsertConnection(ctx context.Context, c *domain.SkillConnection) (bool, error) {
	var id uuid.UUID
	err := t.queryRow(ctx, `/* Store.UpsertConnection */
INSERT INTO skill_connections (id, skill_a_id, skill_b_id, connection_type, strength,
  projects_combined, learning_correlation, created_at)
VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
ON CONFLICT (skill_a_id, skill_b_id) DO UPDATE SET
  connection_type = excluded.connection_type, strength = excluded.strength,
  projects_combined = excluded.projects_combined, learning_correlation = excluded.learning_correlation
RETURNING id`, c.ID, c.SkillA, c.SkillB, nullStr(c.ConnectionType), c.Strength, c.ProjectsCombined,
		nullF(c.LearningCorrelation), c.CreatedAt.UTC()).Scan(&id)
	if err != nil {
		return false, translate(err)
	}
	created := id == c.ID
	c.ID = id
	return created, nil
}

func (t *tx) DeleteConnection(ctx context.Context, a, b uuid.UUID) error {
	res, err := t.exec(ctx, `/* Store.DeleteConnection */
DELETE FROM skill_connections WHERE skill_a_id=$1 AND skill_b_id=$2`, a, b)
	if err != nil {
		return err
	}
	return mustAffect(res, "connection", a.String()+"-"+b.String())
}

func (t *tx) ListConnections(ctx context.Context) ([]*domain.SkillConnection, error) {
	rows, err := t.query(ctx, `/* Store.ListConnections */
SELECT id, skill_a_id, skill_b_id, connection_type, strength, projects_combined,
  learning_correlation, created_at
FROM skill_connections ORDER BY skill_a_id, skill_b_id`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []*domain.SkillConnection{}
	for rows.Next() {
		var (
			c     domain.SkillConnection
			ctype sql.NullString
			corr  sql.NullFloat64
		)
		if err := rows.Scan(&c.ID, &c.SkillA, &c.SkillB, &ctype, &c.Strength, &c.ProjectsCombined,
			&corr, &c.CreatedAt); err != nil {
			return nil, translate(err)
		}
		c.ConnectionType, c.LearningCorrelation, c.CreatedAt = ctype.String, fPtr(corr), c.CreatedAt.UTC()
		out = append(out, &c)
	}
	return out, translate(rows.Err())
}
