package analytics

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// GenerateVisitorsInput sizes a synthetic load of visits.
type GenerateVisitorsInput struct {
	Sessions     int
	Interactions int
	Days         int    // spread over the days before now
	Seed         uint64 // same seed, same visits (ids and tokens aside)
	// Progress, when set, is called after each committed batch.
	Progress func(sessionsDone, interactionsDone int)
}

// GenerateVisitorsResult says what was loaded.
type GenerateVisitorsResult struct {
	Sessions        int
	Interactions    int
	Projects        int
	ProjectsCreated int
	From            time.Time
	To              time.Time
}

// generateBatch is how many sessions one transaction inserts.
const generateBatch = 10000

var (
	genDevices  = []string{"desktop", "desktop", "desktop", "mobile", "mobile", "tablet"}
	genBrowsers = []string{"chrome", "chrome", "firefox", "safari", "edge"}
	genCountry  = []string{"US", "DE", "GB", "FR", "IN", "BR", "JP", "NZ", "CA", "NL"}
	genEntry    = []string{"garden", "garden", "search", "github", "direct", "newsletter", "mastodon"}
	genRes      = map[string][]string{"desktop": {"1920x1080", "2560x1440", "1440x900"},
		"mobile": {"390x844", "412x915"}, "tablet": {"820x1180", "1024x1366"}}
	genTypes = []string{"view", "view", "view", "hover", "hover", "click", "dwell", "dwell", "like", "open_repo", "open_demo", "share"}
	// genHourWeight shapes the day: quiet nights, busy evenings (UTC).
	genHourWeight = []int{1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 9, 9, 8, 6, 4, 2}
)

// GenerateVisitors loads synthetic sessions and interactions quickly
// (multi-row inserts in large transactions) over the visible projects,
// planting a few when the garden is empty, then rebuilds the rollups and
// refreshes the planner's statistics. The counts are exactly the ones asked
// for.
func (s *Service) GenerateVisitors(ctx context.Context, in GenerateVisitorsInput) (*GenerateVisitorsResult, error) {
	var v domain.Validator
	if in.Sessions < 1 || in.Sessions > 100_000_000 {
		v.Add("sessions", "must be between 1 and 100000000")
	}
	if in.Interactions < 0 || in.Interactions > 1_000_000_000 {
		v.Add("interactions", "must be between 0 and 1000000000")
	}
	if in.Days < 1 || in.Days > 3650 {
		v.Add("days", "must be between 1 and 3650")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	projects, err := s.garden.ListProjects(ctx, domain.ProjectFilter{OnlyVisible: true})
	if err != nil {
		return nil, err
	}
	res := &GenerateVisitorsResult{}
	if len(projects) == 0 {
		for i := range 8 {
			p, err := s.garden.PlantProject(ctx, domain.PlantInput{Name: fmt.Sprintf("Synthetic plant %d", i+1),
				PlantType: domain.PlantTypes[i%len(domain.PlantTypes)]})
			if err != nil {
				return nil, err
			}
			projects = append(projects, p)
			res.ProjectsCreated++
		}
	}
	res.Projects = len(projects)
	ids := make([]uuid.UUID, len(projects))
	for i, p := range projects {
		ids[i] = p.ID
	}
	g := &generator{s: s, in: in, rng: rand.New(rand.NewPCG(in.Seed, in.Seed^0x9e3779b97f4a7c15)), projects: ids}
	g.to = s.Now().Truncate(time.Second)
	g.from = g.to.Add(-time.Duration(in.Days) * 24 * time.Hour)
	res.From, res.To = g.from, g.to
	for b := range g.batches(ctx) {
		err := s.store.Update(ctx, func(tx Tx) error {
			a := tx
			if err := a.InsertSessions(ctx, b.sessions); err != nil {
				return err
			}
			return a.InsertInteractions(ctx, b.interactions)
		})
		if err != nil {
			return nil, fmt.Errorf("generate visitors: %w", err)
		}
		res.Sessions += len(b.sessions)
		res.Interactions += len(b.interactions)
		if in.Progress != nil {
			in.Progress(res.Sessions, res.Interactions)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("generate visitors: %w", err)
	}
	if err := s.RebuildAnalytics(ctx); err != nil {
		return nil, err
	}
	// Fresh statistics, so the planner uses the indexes on the new rows.
	if err := s.store.Update(ctx, func(tx Tx) error { return tx.Analyze(ctx) }); err != nil {
		return nil, err
	}
	return res, nil
}

type generator struct {
	s        *Service
	in       GenerateVisitorsInput
	rng      *rand.Rand
	projects []uuid.UUID
	from, to time.Time
}

type genBatch struct {
	sessions     []*domain.VisitorSession
	interactions []*domain.Interaction
}

// batches makes the batches in a goroutine of their own, one ahead of the
// inserts: building rows and writing them overlap. The channel closes after
// the last batch, or early when ctx ends (the caller checks ctx).
func (g *generator) batches(ctx context.Context) <-chan genBatch {
	out := make(chan genBatch, 1)
	go func() {
		defer close(out)
		for start := 0; start < g.in.Sessions; start += generateBatch {
			sessions, interactions := g.batch(start, min(start+generateBatch, g.in.Sessions))
			select {
			case out <- genBatch{sessions, interactions}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// quota is how many interactions session i gets before shuffling: the
// totals add up exactly to the requested count.
func (g *generator) quota(i int) int {
	s, n := int64(g.in.Sessions), int64(g.in.Interactions)
	return int((int64(i+1)*n)/s - (int64(i)*n)/s)
}

func (g *generator) batch(start, end int) ([]*domain.VisitorSession, []*domain.Interaction) {
	r := g.rng
	counts := make([]int, end-start)
	for i := range counts {
		counts[i] = g.quota(start + i)
	}
	// Move interactions between pairs of sessions: the total stays, but some
	// visits bounce and others go deep.
	for i := 0; i+1 < len(counts); i += 2 {
		a, b := counts[i], counts[i+1]
		t := r.IntN(a+b+1) - a // new a = a + t, in [0, a+b]
		counts[i], counts[i+1] = a+t, b-t
	}
	perDay := max(1, g.in.Sessions/g.in.Days)
	visitorsPerDay := max(1, perDay*7/10)
	window := g.to.Sub(g.from)
	sessions := make([]*domain.VisitorSession, 0, len(counts))
	var interactions []*domain.Interaction
	for _, k := range counts {
		day := r.IntN(g.in.Days)
		hour := weightedHour(r)
		started := g.from.Add(time.Duration(day)*24*time.Hour + time.Duration(hour)*time.Hour +
			time.Duration(r.IntN(3600))*time.Second)
		if started.Sub(g.from) >= window {
			started = g.to.Add(-time.Duration(1+r.IntN(3600)) * time.Second)
		}
		room := int(g.to.Sub(started).Seconds()) // the visit ends before now
		device := pick(r, genDevices)
		browser := pick(r, genBrowsers)
		sess := &domain.VisitorSession{ID: g.s.newID(), SessionToken: domain.NewSessionToken(),
			UserAgent: browser + "/" + device, IPHash: g.visitorHash(started, r.IntN(visitorsPerDay)),
			CountryCode: pick(r, genCountry), EntryPoint: pick(r, genEntry), DeviceType: device,
			Browser: browser, ScreenResolution: pick(r, genRes[device]), ProjectsViewed: []uuid.UUID{},
			TimeSpentPerProject: map[string]float64{}, JourneyPath: []string{}, StartedAt: started}
		offset := 0
		project := pick(r, g.projects)
		for j := range k {
			if j == 0 || r.IntN(3) == 0 {
				project = pick(r, g.projects)
			}
			offset = min(offset+1+r.IntN(45), room)
			typ := pick(r, genTypes)
			dur := 0.0
			if typ == "dwell" {
				dur = float64(1 + r.IntN(120))
				sess.TimeSpentPerProject[project.String()] += dur
			}
			if typ != "hover" && typ != "dwell" {
				sess.ClicksCount++
			}
			interactions = append(interactions, &domain.Interaction{ID: g.s.newID(), SessionID: sess.ID,
				ProjectID: project, Type: typ, DurationSeconds: dur,
				OccurredAt: started.Add(time.Duration(offset) * time.Second)})
			sess.JourneyPath = domain.AppendJourney(sess.JourneyPath, "project:"+project.String())
			if !containsID(sess.ProjectsViewed, project) {
				sess.ProjectsViewed = append(sess.ProjectsViewed, project)
			}
		}
		sess.TotalTimeSeconds = min(offset+r.IntN(30), room)
		if k == 0 {
			sess.TotalTimeSeconds = min(r.IntN(20), room)
		}
		sess.ExitPoint = "garden"
		if n := len(sess.JourneyPath); n > 0 {
			sess.ExitPoint = sess.JourneyPath[n-1]
		}
		sess.LastActivityAt = started.Add(time.Duration(sess.TotalTimeSeconds) * time.Second)
		ended := sess.LastActivityAt
		sess.EndedAt = &ended
		sessions = append(sessions, sess)
	}
	return sessions, interactions
}

func containsID(ids []uuid.UUID, id uuid.UUID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func weightedHour(r *rand.Rand) int {
	total := 0
	for _, w := range genHourWeight {
		total += w
	}
	n := r.IntN(total)
	for h, w := range genHourWeight {
		if n < w {
			return h
		}
		n -= w
	}
	return 0
}

// visitorHash stands for the daily ip_hash: the same synthetic visitor on
// the same UTC day has the same hash, on another day another one.
func (g *generator) visitorHash(t time.Time, visitor int) string {
	sum := sha256.Sum256([]byte("synthetic|" + strconv.FormatUint(g.in.Seed, 10) + "|" +
		domain.SaltDay(t) + "|" + strconv.Itoa(visitor)))
	return hex.EncodeToString(sum[:])
}
