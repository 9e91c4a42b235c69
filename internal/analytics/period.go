package analytics

import (
	"context"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The facts of a period: which hours the rollups answer for, and the
// sums read from them and from the raw rows of the other hours.

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
		// The hashes seen earlier in the first UTC day, only those the span
		// has too: the day before it holds a day's worth of hashes (11 000
		// at a million sessions over 90 days), the span a partial hour's.
		hashes, err := a.EarlierVisitorHashes(ctx, day, from, to)
		if err != nil {
			return nil, err
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
