package analytics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// Analytics (docs/analytics.md): the dashboard, the realtime view, the
// rollups that keep both fast, and retention.

// Session dimensions of the hourly rollup ("" holds the totals).
const (
	DimDevice     = "device"
	DimBrowser    = "browser"
	DimResolution = "resolution"
	DimCountry    = "country"
	DimEntry      = "entry"
	DimExit       = "exit"
	DimJourney    = "journey"
	DimDuration   = "duration" // histogram of total_time_seconds, see DurationBucket
	// DimProject counts a session once under each project it viewed (value:
	// the project id): garden_summary's average visit time per project
	// reads it.
	DimProject = "project"
)

// SessionDims are the dimensions of the session rollups besides the totals.
var SessionDims = []string{DimDevice, DimBrowser, DimResolution, DimCountry, DimEntry, DimExit, DimJourney, DimDuration, DimProject}

// Definitions the dashboard documents.
const (
	// A session bounces when it has at most BounceMaxInteractions
	// interactions or lasts less than BounceMinSeconds.
	BounceMaxInteractions = 1
	BounceMinSeconds      = 10
	// JourneySteps is how many first steps of journey_path make a journey.
	JourneySteps = 3
	// ActiveWindow is how recent a session's last activity must be for the
	// visitor to count as active.
	ActiveWindow = 5 * time.Minute
	// TopN bounds each breakdown (devices, journeys, ...).
	TopN = 10
	// rollupGrace re-reads a little before the watermark, so a transaction
	// that committed just after a rollup read its data is rolled up next time.
	rollupGrace = 2 * time.Minute
)

// DateRangeForms are the accepted values of date_range.
var DateRangeForms = []string{"24h", "7d", "30d", "90d", "all", "YYYY-MM-DD..YYYY-MM-DD"}

// DefaultDateRange is used when date_range is empty.
const DefaultDateRange = "7d"

// maxRangeDays bounds an explicit range.
const maxRangeDays = 3660

// DateRange is a dashboard window [From, To) cut in Location. Day ranges
// start and end at local midnight and include today; 24h is the last 24
// hours, by hour.
type DateRange struct {
	Name     string         // as asked: "7d", "2026-03-01..2026-03-07"
	From     time.Time      // inclusive, UTC
	To       time.Time      // exclusive, UTC
	Location *time.Location // where days are cut
	Hourly   bool           // the time series is by hour (24h), otherwise by day
	All      bool           // From is the first day with data, resolved by Dashboard
	Days     int            // local days in the range (0 for 24h)
}

var explicitRange = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$`)

func badRange(msg string) error {
	return domain.Invalid("date_range", msg+"; use one of 24h, 7d, 30d, 90d, all or YYYY-MM-DD..YYYY-MM-DD", DateRangeForms...)
}

func localMidnight(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// ParseDateRange reads a date_range ("" means 7d) against now in tz.
func ParseDateRange(s string, tz *time.Location, now time.Time) (DateRange, error) {
	if tz == nil {
		tz = time.UTC
	}
	s = strings.TrimSpace(s)
	if s == "" {
		s = DefaultDateRange
	}
	dr := DateRange{Name: s, Location: tz}
	tomorrow := localMidnight(now, tz).AddDate(0, 0, 1)
	switch s {
	case "24h":
		dr.To = now.UTC().Truncate(time.Microsecond)
		dr.From, dr.Hourly = dr.To.Add(-24*time.Hour), true
		return dr, nil
	case "7d", "30d", "90d":
		n, _ := strconv.Atoi(strings.TrimSuffix(s, "d"))
		dr.From, dr.To, dr.Days = tomorrow.AddDate(0, 0, -n).UTC(), tomorrow.UTC(), n
		return dr, nil
	case "all":
		dr.From, dr.To, dr.All, dr.Days = localMidnight(now, tz).UTC(), tomorrow.UTC(), true, 1
		return dr, nil
	}
	m := explicitRange.FindStringSubmatch(s)
	if m == nil {
		return DateRange{}, badRange(fmt.Sprintf("%q is not a valid range", s))
	}
	first, err1 := time.ParseInLocation(time.DateOnly, m[1], tz)
	last, err2 := time.ParseInLocation(time.DateOnly, m[2], tz)
	if err1 != nil || err2 != nil {
		return DateRange{}, badRange(fmt.Sprintf("%q holds an invalid date", s))
	}
	if last.Before(first) {
		return DateRange{}, badRange("the range ends before it starts")
	}
	days := int(math.Round(last.Sub(first).Hours()/24)) + 1
	if days > maxRangeDays {
		return DateRange{}, badRange(fmt.Sprintf("the range is longer than %d days", maxRangeDays))
	}
	dr.From, dr.To, dr.Days = first.UTC(), last.AddDate(0, 0, 1).UTC(), days
	return dr, nil
}

// Previous is the period of equal length just before r: as many local days,
// or the 24 hours before.
func (r DateRange) Previous() DateRange {
	p := r
	p.Name, p.All = "previous", false
	if r.Hourly || r.Days == 0 {
		p.From, p.To = r.From.Add(-r.To.Sub(r.From)), r.From
		return p
	}
	p.From, p.To = r.From.In(r.Location).AddDate(0, 0, -r.Days).UTC(), r.From
	return p
}

// Dashboard computes every figure of r from the rollups, and from the raw
// rows of the hours the rollups do not cover yet, so the numbers are exact.
func (s *Service) Dashboard(ctx context.Context, r DateRange) (*Dashboard, error) {
	return s.dashboard(ctx, r, true)
}

// DashboardFromRaw computes the same figures from the raw tables only. It is
// slow on a large garden; benchmarks and checks compare it with Dashboard.
func (s *Service) DashboardFromRaw(ctx context.Context, r DateRange) (*Dashboard, error) {
	return s.dashboard(ctx, r, false)
}

func (s *Service) dashboard(ctx context.Context, r DateRange, useRollups bool) (*Dashboard, error) {
	if r.Location == nil {
		r.Location = time.UTC
	}
	if !r.To.After(r.From) {
		return nil, badRange("the range is empty")
	}
	var plan *rollupPlan
	err := s.store.View(ctx, func(a Tx) error {
		if r.All {
			earliest, ok, err := a.DataBounds(ctx)
			if err != nil {
				return err
			}
			if ok && earliest.Before(r.From) {
				from := localMidnight(earliest, r.Location)
				r.Days += int(math.Round(r.From.Sub(from).Hours() / 24))
				r.From = from.UTC()
			}
		}
		var err error
		plan, err = s.rollupPlan(ctx, a, useRollups)
		return err
	})
	if err != nil {
		return nil, err
	}
	prev := r.Previous()
	cur, old, err := s.loadPeriods(ctx, plan, r, prev)
	if err != nil {
		return nil, err
	}
	var d *Dashboard
	err = s.store.View(ctx, func(a Tx) error {
		projects, err := a.ListProjects(ctx, domain.ProjectFilter{})
		if err != nil {
			return err
		}
		d = &Dashboard{DateRange: r.Name, TimeZone: r.Location.String(),
			Current: Period{r.From, r.To}, Previous: Period{prev.From, prev.To}, GeneratedAt: s.Now()}
		d.Visitors, d.PreviousVisitors = cur.visitorStats(), old.visitorStats()
		names := map[uuid.UUID]string{}
		for _, p := range projects {
			names[p.ID] = p.Name
		}
		d.buildSeries(r, prev, cur, old)
		d.buildInteractions(cur, old, names)
		d.Devices = breakdown(cur, old, DimDevice)
		d.Browsers = breakdown(cur, old, DimBrowser)
		d.Resolutions = breakdown(cur, old, DimResolution)
		d.Countries = breakdown(cur, old, DimCountry)
		d.EntryPoints = breakdown(cur, old, DimEntry)
		d.ExitPoints = breakdown(cur, old, DimExit)
		d.Journeys = breakdown(cur, old, DimJourney)
		if err := d.buildGrowth(ctx, a, r, prev, cur, old, projects); err != nil {
			return err
		}
		return d.buildPerformance(ctx, a, r, prev, s.Now())
	})
	return d, err
}

// loadPeriods reads the current and the previous period at once, each in a
// read transaction of its own: they are independent, and reading them side
// by side lets the database (and a second core) overlap the two, which
// took the 90-day dashboard at a million visits from about 65 to about
// 40 ms warm on PostgreSQL (docs/analytics.md). Both follow the same plan,
// so each hour is read from the rollups or from the raw rows as the plan
// says; a rollup committed in between only makes a clean hour's rollup
// more current.
func (s *Service) loadPeriods(ctx context.Context, plan *rollupPlan, r, prev DateRange) (cur, old *periodFacts, err error) {
	var wg sync.WaitGroup
	var oldErr error
	wg.Go(func() {
		oldErr = s.store.View(ctx, func(a Tx) error {
			var err error
			old, err = loadPeriod(ctx, a, prev, plan)
			return err
		})
	})
	err = s.store.View(ctx, func(a Tx) error {
		var err error
		cur, err = loadPeriod(ctx, a, r, plan)
		return err
	})
	wg.Wait()
	if err = errors.Join(err, oldErr); err != nil {
		return nil, nil, err
	}
	return cur, old, nil
}

func (d *Dashboard) buildSeries(r, prev DateRange, cur, old *periodFacts) {
	d.SeriesBy = "day"
	if r.Hourly {
		d.SeriesBy = "hour"
	}
	starts := seriesStarts(r)
	d.Series = make([]SeriesPoint, len(starts))
	for i, t := range starts {
		d.Series[i].Start = t
	}
	at := func(rr DateRange, hour int64) *SeriesPoint {
		i := seriesIndex(rr, hour)
		if i < 0 || i >= len(d.Series) {
			return nil
		}
		return &d.Series[i]
	}
	for k, a := range cur.sess {
		if p := at(r, k.hour); k.dim == "" && p != nil {
			p.Sessions += a.sessions
			p.Bounces += a.bounces
		}
	}
	for k, a := range old.sess {
		if p := at(prev, k.hour); k.dim == "" && p != nil {
			p.PreviousSessions += a.sessions
		}
	}
	for k, a := range cur.series {
		if i := seriesPoint(r, k.bucket, len(d.Series)); i >= 0 {
			d.Series[i].Interactions += a.interactions
		}
	}
	for k, a := range old.series {
		if i := seriesPoint(prev, k.bucket, len(d.Series)); i >= 0 {
			d.Series[i].PreviousInteractions += a.interactions
		}
	}
}

func (d *Dashboard) buildInteractions(cur, old *periodFacts, names map[uuid.UUID]string) {
	cells := map[bucketKey]*HeatmapCell{}
	cell := func(k bucketKey) *HeatmapCell {
		c := cells[k]
		if c == nil {
			wd, h := heatCell(k.bucket)
			c = &HeatmapCell{ProjectID: k.project, ProjectName: names[k.project], Weekday: wd, Hour: h}
			cells[k] = c
		}
		return c
	}
	for k, a := range cur.heat {
		cell(k).Interactions += a.interactions
	}
	for k, a := range old.heat {
		cell(k).PreviousInteractions += a.interactions
	}
	types := map[string]*Count{}
	for typ, a := range cur.types {
		types[typ] = &Count{Key: typ, Count: a.interactions}
	}
	for typ, a := range old.types {
		c := types[typ]
		if c == nil {
			c = &Count{Key: typ}
			types[typ] = c
		}
		c.Previous += a.interactions
	}
	d.InteractionTypes = topCounts(types, 0)
	d.Heatmap = make([]HeatmapCell, 0, len(cells))
	for _, c := range cells {
		d.Heatmap = append(d.Heatmap, *c)
	}
	sort.Slice(d.Heatmap, func(i, j int) bool {
		x, y := d.Heatmap[i], d.Heatmap[j]
		if x.ProjectName != y.ProjectName {
			return x.ProjectName < y.ProjectName
		}
		if x.ProjectID != y.ProjectID {
			return x.ProjectID.String() < y.ProjectID.String()
		}
		if x.Weekday != y.Weekday {
			return x.Weekday < y.Weekday
		}
		return x.Hour < y.Hour
	})
}

// maxStageChanges bounds the stage changes read for one dashboard.
const maxStageChanges = 10000

func (d *Dashboard) buildGrowth(ctx context.Context, a Tx, r, prev DateRange, cur, old *periodFacts, projects []*domain.Project) error {
	history, err := a.StageChanges(ctx, time.Time{}, r.To, maxStageChanges)
	if err != nil {
		return err
	}
	d.Growth.Changes, d.Growth.PreviousChanges = []StageChange{}, []StageChange{}
	byProject := map[uuid.UUID][]StageChange{}
	for _, c := range history {
		byProject[c.ProjectID] = append(byProject[c.ProjectID], c)
		switch {
		case !c.At.Before(r.From):
			d.Growth.StageChanges++
			d.Growth.Changes = append(d.Growth.Changes, c)
		case !c.At.Before(prev.From):
			d.Growth.PreviousStageChanges++
			d.Growth.PreviousChanges = append(d.Growth.PreviousChanges, c)
		}
	}
	growth := map[uuid.UUID]*ProjectGrowth{}
	n := len(d.Series)
	for _, p := range projects {
		growth[p.ID] = &ProjectGrowth{ProjectID: p.ID, Name: p.Name, Series: make([]int64, n),
			StageAtStart: stageAt(byProject[p.ID], r.From, p.GrowthStage),
			StageAtEnd:   stageAt(byProject[p.ID], r.To, p.GrowthStage)}
	}
	get := func(id uuid.UUID) *ProjectGrowth {
		g := growth[id]
		if g == nil {
			g = &ProjectGrowth{ProjectID: id, Series: make([]int64, n)}
			growth[id] = g
		}
		return g
	}
	for _, c := range d.Growth.Changes {
		get(c.ProjectID).StageChanges++
	}
	for k, v := range cur.series {
		g := get(k.project)
		g.Interactions += v.interactions
		g.DwellSeconds += v.dwell
		if i := seriesPoint(r, k.bucket, n); i >= 0 {
			g.Series[i] += v.interactions
		}
	}
	for k, v := range old.series {
		get(k.project).PreviousInteractions += v.interactions
	}
	d.Growth.Projects = make([]ProjectGrowth, 0, len(growth))
	for _, g := range growth {
		d.Growth.Projects = append(d.Growth.Projects, *g)
	}
	sort.Slice(d.Growth.Projects, func(i, j int) bool {
		x, y := d.Growth.Projects[i], d.Growth.Projects[j]
		if x.Interactions != y.Interactions {
			return x.Interactions > y.Interactions
		}
		if x.Name != y.Name {
			return x.Name < y.Name
		}
		return x.ProjectID.String() < y.ProjectID.String()
	})
	return nil
}

// stageAt is a project's stage at t from its stage changes (oldest first):
// the last change before t, else the stage the first later change left,
// else the stage it has now.
func stageAt(changes []StageChange, t time.Time, current string) string {
	stage := ""
	for _, c := range changes {
		if c.At.Before(t) {
			stage = c.NewStage
		} else if stage == "" {
			return c.PreviousStage
		}
	}
	if stage == "" {
		return current
	}
	return stage
}

func (d *Dashboard) buildPerformance(ctx context.Context, a Tx, r, prev DateRange, now time.Time) error {
	cur, err := a.RequestStatsTotals(ctx, r.From, r.To)
	if err != nil {
		return err
	}
	old, err := a.RequestStatsTotals(ctx, prev.From, prev.To)
	if err != nil {
		return err
	}
	minutes := func(rr DateRange) float64 {
		end := minTime(rr.To, now)
		return math.Max(1, math.Ceil(end.Sub(rr.From).Minutes()))
	}
	type key struct{ route, method string }
	prevBy := map[key]RequestStat{}
	var allPrev RequestStat
	for _, s := range old {
		prevBy[key{s.Route, s.Method}] = s
		allPrev = addStat(allPrev, s)
	}
	var allCur RequestStat
	d.Performance.Routes = make([]RouteStats, 0, len(cur))
	for _, s := range cur {
		allCur = addStat(allCur, s)
		rs := routeStats(s, minutes(r))
		p := prevBy[key{s.Route, s.Method}]
		rs.PreviousRequests, rs.PreviousP95Millis = p.Requests, LatencyPercentile(p.Buckets, 0.95)
		d.Performance.Routes = append(d.Performance.Routes, rs)
	}
	sort.SliceStable(d.Performance.Routes, func(i, j int) bool {
		return d.Performance.Routes[i].Requests > d.Performance.Routes[j].Requests
	})
	d.Performance.Current = routeStats(allCur, minutes(r))
	d.Performance.Previous = routeStats(allPrev, minutes(prev))
	d.Performance.Current.Route, d.Performance.Previous.Route = "*", "*"
	d.Performance.Current.PreviousRequests = allPrev.Requests
	d.Performance.Current.PreviousP95Millis = d.Performance.Previous.P95Millis
	return nil
}

func addStat(a, b RequestStat) RequestStat {
	a.Requests += b.Requests
	a.Errors += b.Errors
	a.TotalMs += b.TotalMs
	for i := range a.Buckets {
		a.Buckets[i] += b.Buckets[i]
	}
	return a
}

func routeStats(s RequestStat, minutes float64) RouteStats {
	rs := RouteStats{Route: s.Route, Method: s.Method, Requests: s.Requests, Errors: s.Errors,
		RequestsPerMinute: float64(s.Requests) / minutes,
		P50Millis:         LatencyPercentile(s.Buckets, 0.50), P95Millis: LatencyPercentile(s.Buckets, 0.95)}
	if s.Requests > 0 {
		rs.ErrorRate = float64(s.Errors) / float64(s.Requests)
	}
	return rs
}

// LatencyBucket is the histogram bucket of a latency in milliseconds.
func LatencyBucket(ms float64) int {
	for i, hi := range LatencyBucketsMillis {
		if ms <= hi {
			return i
		}
	}
	return LatencyBucketCount - 1
}

// LatencyPercentile estimates the q-quantile (0..1) of a latency histogram in
// milliseconds, interpolating linearly inside the bucket that holds it; the
// open last bucket reports its lower bound.
func LatencyPercentile(b [LatencyBucketCount]int64, q float64) float64 {
	var n int64
	for _, c := range b {
		n += c
	}
	if n == 0 {
		return 0
	}
	target := q * float64(n)
	var seen float64
	for i, c := range b {
		if c == 0 {
			continue
		}
		if seen+float64(c) >= target {
			lo := 0.0
			if i > 0 {
				lo = LatencyBucketsMillis[i-1]
			}
			if i == LatencyBucketCount-1 {
				return lo
			}
			hi := LatencyBucketsMillis[i]
			return lo + (hi-lo)*(target-seen)/float64(c)
		}
		seen += float64(c)
	}
	return LatencyBucketsMillis[len(LatencyBucketsMillis)-1]
}
