package analytics

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
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

// Period is a resolved window.
type Period struct {
	From time.Time
	To   time.Time
}

// Dashboard is every analytics figure of a range, each with the same figure
// for the previous period of equal length.
type Dashboard struct {
	DateRange        string
	TimeZone         string
	Current          Period
	Previous         Period
	GeneratedAt      time.Time
	Visitors         VisitorStats
	PreviousVisitors VisitorStats
	SeriesBy         string // "hour" or "day"
	Series           []SeriesPoint
	Heatmap          []HeatmapCell
	InteractionTypes []Count
	Growth           GrowthFigures
	Devices          []Count
	Browsers         []Count
	Resolutions      []Count
	Countries        []Count
	EntryPoints      []Count
	ExitPoints       []Count
	Journeys         []Count
	Performance      PerformanceFigures
}

// VisitorStats are the visit figures of one period (docs/analytics.md).
type VisitorStats struct {
	Sessions           int64
	UniqueVisitors     int64
	Interactions       int64
	Bounces            int64
	BounceRate         float64
	AvgVisitSeconds    float64
	MedianVisitSeconds float64
	ProjectsPerSession float64
}

// SeriesPoint is one hour or local day; Previous* are the point at the same
// position in the previous period.
type SeriesPoint struct {
	Start                time.Time
	Sessions             int64
	Bounces              int64
	Interactions         int64
	PreviousSessions     int64
	PreviousInteractions int64
}

// HeatmapCell counts a project's interactions on one weekday and hour, in
// the dashboard's zone.
type HeatmapCell struct {
	ProjectID    uuid.UUID
	ProjectName  string
	Weekday      time.Weekday
	Hour         int
	Interactions int64
	// PreviousInteractions is the same cell in the previous period; a cell
	// with interactions in either period is listed.
	PreviousInteractions int64
}

// Count is one value of a breakdown.
type Count struct {
	Key      string
	Count    int64
	Previous int64
}

// GrowthFigures are the stage changes of the range and each project's growth.
type GrowthFigures struct {
	StageChanges         int
	PreviousStageChanges int
	Changes              []StageChange
	PreviousChanges      []StageChange
	Projects             []ProjectGrowth
}

// ProjectGrowth is one project over the range: its stage at both ends, its
// interactions, and those per series point.
type ProjectGrowth struct {
	ProjectID            uuid.UUID
	Name                 string
	StageAtStart         string
	StageAtEnd           string
	StageChanges         int
	Interactions         int64
	PreviousInteractions int64
	DwellSeconds         float64
	Series               []int64
}

// PerformanceFigures are the server's own request measurements (every
// replica's, through request_stats).
type PerformanceFigures struct {
	Current  RouteStats // all routes together
	Previous RouteStats
	Routes   []RouteStats
}

// RouteStats are the request figures of one route (or all of them).
type RouteStats struct {
	Route             string
	Method            string
	Requests          int64
	Errors            int64
	RequestsPerMinute float64
	ErrorRate         float64
	P50Millis         float64
	P95Millis         float64
	PreviousRequests  int64
	PreviousP95Millis float64
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
	var d *Dashboard
	err := s.store.View(ctx, func(tx Tx) error {
		a := tx
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
		prev := r.Previous()
		plan, err := s.rollupPlan(ctx, a, useRollups)
		if err != nil {
			return err
		}
		cur, err := loadPeriod(ctx, a, r, plan)
		if err != nil {
			return err
		}
		old, err := loadPeriod(ctx, a, prev, plan)
		if err != nil {
			return err
		}
		projects, err := tx.ListProjects(ctx, domain.ProjectFilter{})
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

// rollupPlan says which hours the rollups answer for: every hour except
// those touched since the last run (and, for sessions, the rest of their UTC
// day, whose first-seen visitors depend on them) and, for sessions, the
// hours from the oldest session still open at the last run on (an open
// session can still change, even without activity: ending it sets its exit).
type rollupPlan struct {
	use          bool
	dirtySession map[int64]bool
	openFrom     int64 // hours from this one on may hold sessions still open at the last run
	dirtyInter   map[int64]bool
}

func (p *rollupPlan) sessionDirty(h int64) bool { return h >= p.openFrom || p.dirtySession[h] }

func (p *rollupPlan) interDirty(h int64) bool { return p.dirtyInter[h] }

func (s *Service) rollupPlan(ctx context.Context, a Tx, use bool) (*rollupPlan, error) {
	p := &rollupPlan{use: use}
	if !use {
		return p, nil
	}
	st, err := a.Watermark(ctx)
	if err != nil {
		return nil, err
	}
	if st.At.IsZero() {
		p.use = false
		return p, nil
	}
	p.openFrom = floorHour(st.OpenFrom)
	since := st.At.Add(-rollupGrace)
	sh, err := a.TouchedSessionHours(ctx, since)
	if err != nil {
		return nil, err
	}
	ih, err := a.TouchedInteractionHours(ctx, since)
	if err != nil {
		return nil, err
	}
	p.dirtySession = map[int64]bool{}
	for _, h := range extendToDayEnd(sh, s.Now()) {
		p.dirtySession[h] = true
	}
	p.dirtyInter = map[int64]bool{}
	for _, h := range ih {
		p.dirtyInter[h] = true
	}
	return p, nil
}

const hourSec = 3600

func floorHour(t time.Time) int64 { return t.Unix() - mod(t.Unix(), hourSec) }

func ceilHour(t time.Time) int64 {
	h := floorHour(t)
	if h < t.Unix() || t.Nanosecond() > 0 && h == t.Unix() {
		return h + hourSec
	}
	return h
}

func mod(a, b int64) int64 { return ((a % b) + b) % b }

func utcDayStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// extendToDayEnd adds to each hour the later hours of its UTC day, up to the
// hour of now.
func extendToDayEnd(hours []int64, now time.Time) []int64 {
	set := map[int64]bool{}
	last := floorHour(now)
	for _, h := range hours {
		end := utcDayStart(time.Unix(h, 0)).Add(24 * time.Hour).Unix()
		for x := h; x < end && (x <= last || x == h); x += hourSec {
			set[x] = true
		}
	}
	out := make([]int64, 0, len(set))
	for h := range set {
		out = append(out, h)
	}
	slices.Sort(out)
	return out
}

// interval is [from, to).
type interval struct{ from, to time.Time }

// rawIntervals splits [from, to) into the spans the rollups cannot answer:
// partial hours at both ends and the dirty hours.
func rawIntervals(from, to time.Time, use bool, dirty func(int64) bool) []interval {
	if !use {
		return []interval{{from, to}}
	}
	var out []interval
	add := func(a, b time.Time) {
		if !b.After(a) {
			return
		}
		if n := len(out); n > 0 && !out[n-1].to.Before(a) {
			out[n-1].to = b
			return
		}
		out = append(out, interval{a, b})
	}
	for h := floorHour(from); time.Unix(h, 0).Before(to); h += hourSec {
		start, end := time.Unix(h, 0).UTC(), time.Unix(h+hourSec, 0).UTC()
		whole := !start.Before(from) && !end.After(to)
		if !whole || dirty(h) {
			add(maxTime(start, from), minTime(end, to))
		}
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

type sessionKey struct {
	hour       int64
	dim, value string
}

type sessionAgg struct {
	sessions, bounces, totalSeconds, projects, interactions, visitors int64
}

// periodFacts are the figures of one period, from rollups and raw rows:
// sessions by hour and dimension, interactions in local-time buckets
// (analytics_interactions.go).
type periodFacts struct {
	from, to       time.Time
	loc            *time.Location
	unit           int64                      // series bucket: hourSec (UTC hours) or daySec (local days)
	sess           map[sessionKey]*sessionAgg // dimensions other than "" have hour 0
	series         map[bucketKey]*interAgg    // per series bucket and project
	heat           map[bucketKey]*interAgg    // per local hour of the week and project
	types          map[string]*interAgg       // per interaction type
	uniqueVisitors int64
}

func (f *periodFacts) addSession(b SessionBucket) {
	k := sessionKey{b.Hour, b.Dim, b.Value}
	if b.Dim != "" {
		k.hour = 0
	}
	a := f.sess[k]
	if a == nil {
		a = &sessionAgg{}
		f.sess[k] = a
	}
	a.sessions += b.Sessions
	a.bounces += b.Bounces
	a.totalSeconds += b.TotalSeconds
	a.projects += b.Projects
	a.interactions += b.Interactions
	a.visitors += b.Visitors
}

// addSessionSpan reads the session rollups of clean hours [from, to): the
// totals by hour, the dimensions from the daily rollups for the whole UTC
// days inside and from the hourly ones at the edges.
func (f *periodFacts) addSessionSpan(ctx context.Context, a Tx, from, to int64) error {
	read := func(rows []SessionBucket, err error) error {
		for _, b := range rows {
			f.addSession(b)
		}
		return err
	}
	d0, d1 := from+mod(-from, daySec), to-mod(to, daySec)
	if d0 >= d1 {
		return read(a.SessionRollupSums(ctx, from, to, true))
	}
	if from < d0 {
		if err := read(a.SessionRollupSums(ctx, from, d0, true)); err != nil {
			return err
		}
	}
	if err := read(a.SessionRollupSums(ctx, d0, d1, false)); err != nil {
		return err
	}
	if err := read(a.SessionDailySums(ctx, d0, d1)); err != nil {
		return err
	}
	if d1 < to {
		return read(a.SessionRollupSums(ctx, d1, to, true))
	}
	return nil
}

const daySec = 86400

// cleanSpans are the whole hours of [from, to) that are not dirty, as
// contiguous [fromHour, toHour) spans.
func cleanSpans(from, to time.Time, dirty func(int64) bool) [][2]int64 {
	var out [][2]int64
	for h := ceilHour(from); h+hourSec <= to.Unix(); h += hourSec {
		if dirty(h) {
			continue
		}
		if n := len(out); n > 0 && out[n-1][1] == h {
			out[n-1][1] = h + hourSec
			continue
		}
		out = append(out, [2]int64{h, h + hourSec})
	}
	return out
}

func loadPeriod(ctx context.Context, a Tx, r DateRange, plan *rollupPlan) (*periodFacts, error) {
	f := &periodFacts{from: r.From, to: r.To, loc: r.Location, unit: daySec, sess: map[sessionKey]*sessionAgg{},
		series: map[bucketKey]*interAgg{}, heat: map[bucketKey]*interAgg{}, types: map[string]*interAgg{}}
	if r.Hourly {
		f.unit = hourSec
	}
	if plan.use {
		for _, span := range cleanSpans(r.From, r.To, plan.sessionDirty) {
			if err := f.addSessionSpan(ctx, a, span[0], span[1]); err != nil {
				return nil, err
			}
		}
		for _, span := range cleanSpans(r.From, r.To, plan.interDirty) {
			if err := f.addInteractionSpan(ctx, a, span[0], span[1]); err != nil {
				return nil, err
			}
		}
	}
	for _, iv := range rawIntervals(r.From, r.To, plan.use, plan.sessionDirty) {
		rows, err := aggregateSessions(ctx, a, iv.from, iv.to)
		if err != nil {
			return nil, err
		}
		for _, b := range rows {
			f.addSession(b)
		}
	}
	for _, iv := range rawIntervals(r.From, r.To, plan.use, plan.interDirty) {
		rows, err := a.InteractionBuckets(ctx, iv.from, iv.to)
		if err != nil {
			return nil, err
		}
		for _, b := range rows {
			f.addInteraction(b)
		}
	}
	// Unique visitors: distinct ip hashes per UTC day (the salt's day). The
	// buckets count each hash in the hour it was first seen that day, which
	// is exact from a UTC midnight on; a first partial UTC day is counted
	// from its raw rows.
	firstMid := utcDayStart(r.From)
	if firstMid.Before(r.From) {
		firstMid = firstMid.Add(24 * time.Hour)
		visitors, sessions, err := a.CountVisitors(ctx, r.From, minTime(firstMid, r.To))
		if err != nil {
			return nil, err
		}
		var fromBuckets, bucketSessions int64
		for k, v := range f.sess {
			if k.dim == "" && k.hour < firstMid.Unix() {
				fromBuckets += v.visitors
				bucketSessions += v.sessions
			}
		}
		f.uniqueVisitors = visitors
		if sessions < bucketSessions { // raw rows pruned: the rollups are all there is
			f.uniqueVisitors = fromBuckets
		}
	}
	for k, v := range f.sess {
		if k.dim == "" && k.hour >= firstMid.Unix() {
			f.uniqueVisitors += v.visitors
		}
	}
	return f, nil
}

// DurationBucket is the histogram bucket of a visit time: exact seconds
// below a minute, 10 s below 10 min, 1 min below an hour, 10 min beyond.
// The median visit time is given at this resolution.
func DurationBucket(seconds int) int {
	switch {
	case seconds < 0:
		return 0
	case seconds < 60:
		return seconds
	case seconds < 600:
		return seconds / 10 * 10
	case seconds < 3600:
		return seconds / 60 * 60
	}
	return seconds / 600 * 600
}

// IsBounce says whether a session bounced.
func IsBounce(interactions, totalSeconds int) bool {
	return interactions <= BounceMaxInteractions || totalSeconds < BounceMinSeconds
}

// JourneyKey is the journey of a path: its first JourneySteps areas.
func JourneyKey(path []string) string {
	return strings.Join(path[:min(len(path), JourneySteps)], " > ")
}

// aggregateSessions turns the raw sessions started in [from, to) into hourly
// rollup rows, the same rows RollupAnalytics stores.
func aggregateSessions(ctx context.Context, a Tx, from, to time.Time) ([]SessionBucket, error) {
	day := utcDayStart(from)
	seen := map[string]bool{}
	if day.Before(from) {
		// The hashes seen earlier in the first UTC day, read only when the
		// span has visitors: the not-yet-rolled-up tail is often empty, and
		// the day before it holds a day's worth of hashes.
		visitors, _, err := a.CountVisitors(ctx, from, to)
		if err != nil {
			return nil, err
		}
		var hashes []string
		if visitors > 0 {
			if hashes, err = a.VisitorHashes(ctx, day, from); err != nil {
				return nil, err
			}
		}
		for _, h := range hashes {
			seen[h] = true
		}
	}
	rows := map[sessionKey]*SessionBucket{}
	add := func(k sessionKey, f *SessionFact, bounce, first bool) {
		b := rows[k]
		if b == nil {
			b = &SessionBucket{Hour: k.hour, Dim: k.dim, Value: k.value}
			rows[k] = b
		}
		b.Sessions++
		if bounce {
			b.Bounces++
		}
		b.TotalSeconds += int64(f.TotalTimeSeconds)
		b.Projects += int64(f.Projects)
		b.Interactions += int64(f.Interactions)
		if first {
			b.Visitors++
		}
	}
	err := a.SessionFacts(ctx, from, to, func(f *SessionFact) error {
		if d := utcDayStart(f.StartedAt); !d.Equal(day) {
			day, seen = d, map[string]bool{}
		}
		first := f.IPHash != "" && !seen[f.IPHash]
		if first {
			seen[f.IPHash] = true
		}
		h := floorHour(f.StartedAt)
		bounce := IsBounce(f.Interactions, f.TotalTimeSeconds)
		add(sessionKey{h, "", ""}, f, bounce, first)
		for _, dv := range [...][2]string{{DimDevice, f.DeviceType}, {DimBrowser, f.Browser},
			{DimResolution, f.ScreenResolution}, {DimCountry, f.CountryCode}, {DimEntry, f.EntryPoint},
			{DimExit, f.ExitPoint}, {DimJourney, JourneyKey(f.JourneyPath)},
			{DimDuration, strconv.Itoa(DurationBucket(f.TotalTimeSeconds))}} {
			if dv[0] == DimJourney && dv[1] == "" {
				continue
			}
			add(sessionKey{h, dv[0], dv[1]}, f, bounce, false)
		}
		for _, id := range f.ProjectsViewed {
			add(sessionKey{h, DimProject, id}, f, bounce, false)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]SessionBucket, 0, len(rows))
	for _, b := range rows {
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Hour != y.Hour {
			return x.Hour < y.Hour
		}
		if x.Dim != y.Dim {
			return x.Dim < y.Dim
		}
		return x.Value < y.Value
	})
	return out, nil
}

func (f *periodFacts) visitorStats() VisitorStats {
	var v VisitorStats
	var total, projects int64
	hist := map[int]int64{}
	for k, a := range f.sess {
		switch k.dim {
		case "":
			v.Sessions += a.sessions
			v.Bounces += a.bounces
			v.Interactions += a.interactions
			total += a.totalSeconds
			projects += a.projects
		case DimDuration:
			sec, _ := strconv.Atoi(k.value)
			hist[sec] += a.sessions
		}
	}
	v.UniqueVisitors = f.uniqueVisitors
	if v.Sessions > 0 {
		n := float64(v.Sessions)
		v.BounceRate = float64(v.Bounces) / n
		v.AvgVisitSeconds = float64(total) / n
		v.ProjectsPerSession = float64(projects) / n
		v.MedianVisitSeconds = float64(lowerMedian(hist, v.Sessions))
	}
	return v
}

// lowerMedian is the ceil(n/2)-th smallest value of a histogram.
func lowerMedian(hist map[int]int64, n int64) int {
	keys := make([]int, 0, len(hist))
	for k := range hist {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want, seen := (n+1)/2, int64(0)
	for _, k := range keys {
		seen += hist[k]
		if seen >= want {
			return k
		}
	}
	return 0
}

func breakdown(cur, old *periodFacts, dim string) []Count {
	counts := map[string]*Count{}
	get := func(k string) *Count {
		c := counts[k]
		if c == nil {
			c = &Count{Key: k}
			counts[k] = c
		}
		return c
	}
	for k, a := range cur.sess {
		if k.dim == dim {
			get(k.value).Count += a.sessions
		}
	}
	for k, a := range old.sess {
		if k.dim == dim {
			if c, ok := counts[k.value]; ok {
				c.Previous += a.sessions
			}
		}
	}
	return topCounts(counts, TopN)
}

func topCounts(counts map[string]*Count, n int) []Count {
	out := make([]Count, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// seriesIndex maps an hour bucket to its series point, or -1. A bucket that
// starts before the range (a partial first hour) belongs to the first point.
func seriesIndex(r DateRange, hour int64) int {
	t := maxTime(time.Unix(hour, 0).UTC(), r.From)
	if !t.Before(r.To) {
		return -1
	}
	if r.Hourly {
		return int((floorHour(t) - floorHour(r.From)) / hourSec)
	}
	start := r.From.In(r.Location)
	lt := t.In(r.Location)
	d0 := time.Date(start.Year(), start.Month(), start.Day(), 12, 0, 0, 0, time.UTC)
	d1 := time.Date(lt.Year(), lt.Month(), lt.Day(), 12, 0, 0, 0, time.UTC)
	return int(math.Round(d1.Sub(d0).Hours() / 24))
}

func seriesStarts(r DateRange) []time.Time {
	var out []time.Time
	if r.Hourly {
		for h := floorHour(r.From); time.Unix(h, 0).Before(r.To); h += hourSec {
			out = append(out, time.Unix(h, 0).UTC())
		}
		return out
	}
	start := r.From.In(r.Location)
	for t := start; t.Before(r.To); t = t.AddDate(0, 0, 1) {
		out = append(out, t.UTC())
	}
	return out
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
