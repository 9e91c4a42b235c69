package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

const projectColumns = `id, name, description, github_repo, demo_url, plant_type, growth_stage,
planted_date, position_x, position_y, position_z, commit_count, lines_of_code, complexity_score,
visitor_interactions, technologies, status, visibility, origin, moderation, planted_by_session,
created_at, updated_at`

// projectSelect is what reads return: the written columns and media_count,
// which only the media statements write (media.go).
const projectSelect = projectColumns + `, media_count`

func scanProject(r rowScanner) (*domain.Project, error) {
	var (
		p                          domain.Project
		desc, repo, demo, plantedB sql.NullString
		tech                       strList
	)
	err := r.Scan(&p.ID, &p.Name, &desc, &repo, &demo, &p.PlantType, &p.GrowthStage,
		&p.PlantedDate, &p.Position.X, &p.Position.Y, &p.Position.Z, &p.CommitCount, &p.LinesOfCode,
		&p.ComplexityScore, &p.VisitorInteractions, &tech, &p.Status, &p.Visibility, &p.Origin,
		&p.Moderation, &plantedB, &p.CreatedAt, &p.UpdatedAt, &p.MediaCount)
	if err != nil {
		return nil, translate(err)
	}
	p.Description, p.GithubRepo, p.DemoURL = desc.String, repo.String, demo.String
	p.Technologies = []string(tech)
	if p.Technologies == nil {
		p.Technologies = []string{}
	}
	if plantedB.Valid {
		id, err := uuid.Parse(plantedB.String)
		if err != nil {
			return nil, err
		}
		p.PlantedBySession = &id
	}
	p.PlantedDate, p.CreatedAt, p.UpdatedAt = p.PlantedDate.UTC(), p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

func (t *tx) InsertProject(ctx context.Context, p *domain.Project) error {
	_, err := t.exec(ctx, `/* Store.InsertProject */
INSERT INTO projects (`+projectColumns+`)
VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23)`,
		t.projectArgs(p)...)
	if errors.Is(err, domain.ErrConflict) {
		return &domain.ConflictError{Kind: "project", Detail: "a project named " + quote(p.Name) + " already exists"}
	}
	return err
}

func (t *tx) projectArgs(p *domain.Project) []any {
	return []any{p.ID, p.Name, nullStr(p.Description), nullStr(p.GithubRepo), nullStr(p.DemoURL),
		p.PlantType, p.GrowthStage, p.PlantedDate.UTC(), p.Position.X, p.Position.Y, p.Position.Z,
		p.CommitCount, p.LinesOfCode, p.ComplexityScore, p.VisitorInteractions, t.d.list(p.Technologies),
		p.Status, p.Visibility, p.Origin, p.Moderation, nullUUID(p.PlantedBySession),
		p.CreatedAt.UTC(), p.UpdatedAt.UTC()}
}

func (t *tx) UpdateProject(ctx context.Context, p *domain.Project) error {
	res, err := t.exec(ctx, `/* Store.UpdateProject */
UPDATE projects SET name=$2, description=$3, github_repo=$4, demo_url=$5, plant_type=$6,
  growth_stage=$7, planted_date=$8, position_x=$9, position_y=$10, position_z=$11,
  commit_count=$12, lines_of_code=$13, complexity_score=$14, visitor_interactions=$15,
  technologies=$16, status=$17, visibility=$18, origin=$19, moderation=$20,
  planted_by_session=$21, created_at=$22, updated_at=$23
WHERE id=$1`, t.projectArgs(p)...)
	if errors.Is(err, domain.ErrConflict) {
		return &domain.ConflictError{Kind: "project", Detail: "a project named " + quote(p.Name) + " already exists"}
	}
	if err != nil {
		return err
	}
	return mustAffect(res, "project", p.ID.String())
}

func (t *tx) DeleteProject(ctx context.Context, id uuid.UUID) error {
	res, err := t.exec(ctx, `/* Store.DeleteProject */ DELETE FROM projects WHERE id=$1`, id)
	if err != nil {
		return err
	}
	return mustAffect(res, "project", id.String())
}

func (t *tx) GetProject(ctx context.Context, id uuid.UUID) (*domain.Project, error) {
	row := t.queryRow(ctx, `/* Store.GetProject */ SELECT `+projectSelect+` FROM projects WHERE id=$1`, id)
	p, err := scanProject(row)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, &domain.NotFoundError{Kind: "project", Key: id.String()}
	}
	return p, err
}

func (t *tx) FindProjectsByName(ctx context.Context, name string) ([]*domain.Project, error) {
	return t.queryProjects(ctx, `/* Store.FindProjectsByName */ SELECT `+projectSelect+
		` FROM projects WHERE lower(name)=lower($1) ORDER BY created_at, id`, name)
}

func (t *tx) ListProjects(ctx context.Context, f domain.ProjectFilter) ([]*domain.Project, error) {
	var (
		where []string
		args  []any
	)
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Stage != "" {
		add("growth_stage = $%d", f.Stage)
	}
	if f.Status != "" {
		add("status = $%d", f.Status)
	}
	if f.Visibility != "" {
		add("visibility = $%d", f.Visibility)
	}
	if f.Origin != "" {
		add("origin = $%d", f.Origin)
	}
	if f.Moderation != "" {
		add("moderation = $%d", f.Moderation)
	}
	if f.OnlyVisible {
		where = append(where, "visibility = 'public' AND status <> 'archived' AND moderation = 'approved'")
	}
	q := `/* Store.ListProjects */ SELECT ` + projectSelect + ` FROM projects`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY planted_date, id"
	return t.queryProjects(ctx, q, args...)
}

func (t *tx) queryProjects(ctx context.Context, q string, args ...any) ([]*domain.Project, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []*domain.Project{}
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, translate(rows.Err())
}

// AddProjectInteractions increments visitor_interactions atomically and
// returns the new count, so concurrent visitors never lose a count.
func (t *tx) AddProjectInteractions(ctx context.Context, id uuid.UUID, n int) (int, error) {
	var total int
	err := t.queryRow(ctx, `/* Store.AddProjectInteractions */
UPDATE projects SET visitor_interactions = visitor_interactions + $2 WHERE id = $1
RETURNING visitor_interactions`, id, n).Scan(&total)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, &domain.NotFoundError{Kind: "project", Key: id.String()}
	}
	return total, translate(err)
}

func (t *tx) CountVisitorSeeds(ctx context.Context) (int, error) {
	var n int
	err := t.queryRow(ctx, `/* Store.CountVisitorSeeds */
SELECT COUNT(*) FROM projects WHERE origin = 'visitor' AND moderation <> 'rejected'`).Scan(&n)
	return n, translate(err)
}

// BumpVisibleProjects counts interactions on projects visitors may see (not
// private, approved) in one statement and returns those projects as updated;
// any other project is absent from the map and unchanged.
func (t *tx) BumpVisibleProjects(ctx context.Context, counts map[uuid.UUID]int) (map[uuid.UUID]*domain.Project, error) {
	out := make(map[uuid.UUID]*domain.Project, len(counts))
	if len(counts) == 0 {
		return out, nil
	}
	ids := slices.SortedFunc(maps.Keys(counts), compareUUIDs)
	var cases, in strings.Builder
	args := make([]any, 0, 2*len(ids))
	for i, id := range ids {
		n := strconv.Itoa(2*i + 1)
		fmt.Fprintf(&cases, " WHEN $%s THEN CAST($%d AS INTEGER)", n, 2*i+2)
		if i > 0 {
			in.WriteByte(',')
		}
		in.WriteString("$" + n)
		args = append(args, id, counts[id])
	}
	rows, err := t.query(ctx, `/* Store.BumpVisibleProjects */
UPDATE projects SET visitor_interactions = visitor_interactions + CASE id`+cases.String()+` END
WHERE id IN `+t.d.lockInOrder("projects", in.String())+` AND visibility <> 'private' AND moderation = 'approved'
RETURNING `+projectSelect, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, err
		}
		out[p.ID] = p
	}
	return out, translate(rows.Err())
}
