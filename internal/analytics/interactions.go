package analytics

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// The interaction figures of a period (series, heatmap, projects, types) are
// kept in local-time buckets, not per UTC hour: the rollups of whole hours
// arrive already summed by the database (a row per local day and project, a
// row per hour of the week and project), and the raw rows of the other hours
// are put in the same buckets here, with the same arithmetic.

// bucketKey is a project's bucket: a series point's local day (or UTC hour
// for an hourly series), or a local hour of the week.
type bucketKey struct {
	bucket  int64
	project uuid.UUID
}

type interAgg struct {
	interactions int64
	dwell        float64
}

// hoursPerWeek buckets the heatmap: hours since a Thursday midnight (the
// Unix epoch's weekday), in local time.
const hoursPerWeek = 168

// zoneOffset is the offset of loc, in seconds, at Unix time t.
func zoneOffset(loc *time.Location, t int64) int64 {
	_, off := time.Unix(t, 0).In(loc).Zone()
	return int64(off)
}

// floorDiv divides rounding down, for buckets of times before the epoch.
func floorDiv(a, b int64) int64 { return (a - mod(a, b)) / b }

// offsetSpan is a span of whole hours [from, to) over which the zone's
// offset at the start of each hour is off.
type offsetSpan struct{ from, to, off int64 }

// offsetSpans cuts the hours [from, to) where loc's offset changes. A UTC
// hour belongs to the offset at its start, as the heatmap attributes an hour
// to the local hour it starts in.
func offsetSpans(from, to int64, loc *time.Location) []offsetSpan {
	var out []offsetSpan
	for from < to {
		t := time.Unix(from, 0).In(loc)
		_, off := t.Zone()
		next := to
		if _, end := t.ZoneBounds(); !end.IsZero() {
			if e := ceilHour(end); e > from && e < to {
				next = e
			}
		}
		out = append(out, offsetSpan{from, next, int64(off)})
		from = next
	}
	return out
}

// seriesOffset is the offset that turns an hour into its series bucket:
// none for an hourly series (UTC hours), the zone's for local days.
func (f *periodFacts) seriesOffset(zoneOff int64) int64 {
	if f.unit == hourSec {
		return 0
	}
	return zoneOff
}

func (f *periodFacts) addProject(m map[bucketKey]*interAgg, k bucketKey, n int64, dwell float64) {
	a := m[k]
	if a == nil {
		a = &interAgg{}
		m[k] = a
	}
	a.interactions += n
	a.dwell += dwell
}

func (f *periodFacts) addType(typ string, n int64, dwell float64) {
	a := f.types[typ]
	if a == nil {
		a = &interAgg{}
		f.types[typ] = a
	}
	a.interactions += n
	a.dwell += dwell
}

// addInteraction puts a raw bucket (hour, project and type) in the
// period's buckets. A partial first hour counts in the first series point.
func (f *periodFacts) addInteraction(b InteractionBucket) {
	t := max(b.Hour, f.from.Unix())
	off := zoneOffset(f.loc, b.Hour)
	f.addProject(f.series, bucketKey{floorDiv(t+f.seriesOffset(zoneOffset(f.loc, t)), f.unit), b.ProjectID},
		b.Interactions, b.DwellSeconds)
	f.addProject(f.heat, bucketKey{mod(floorDiv(b.Hour+off, hourSec), hoursPerWeek), b.ProjectID},
		b.Interactions, b.DwellSeconds)
	f.addType(b.Type, b.Interactions, b.DwellSeconds)
}

// addInteractionSpan reads the interaction rollups of clean hours [from,
// to): series and heatmap buckets per stretch of constant zone offset, and
// the types from the daily rollups for the whole UTC days inside and from
// the hourly ones at the edges.
func (f *periodFacts) addInteractionSpan(ctx context.Context, a Tx, from, to int64) error {
	for _, s := range offsetSpans(from, to, f.loc) {
		rows, err := a.ProjectSeriesSums(ctx, s.from, s.to, f.seriesOffset(s.off), f.unit)
		if err != nil {
			return err
		}
		for _, r := range rows {
			f.addProject(f.series, bucketKey{r.Bucket, r.ProjectID}, r.Interactions, r.DwellSeconds)
		}
		if rows, err = a.ProjectHeatmapSums(ctx, s.from, s.to, s.off); err != nil {
			return err
		}
		for _, r := range rows {
			f.addProject(f.heat, bucketKey{r.Bucket, r.ProjectID}, r.Interactions, r.DwellSeconds)
		}
	}
	types := func(from, to int64, daily bool) error {
		rows, err := a.InteractionTypeSums(ctx, from, to, daily)
		for _, r := range rows {
			f.addType(r.Type, r.Interactions, r.DwellSeconds)
		}
		return err
	}
	d0, d1 := from+mod(-from, daySec), to-mod(to, daySec)
	if d0 >= d1 {
		return types(from, to, false)
	}
	if from < d0 {
		if err := types(from, d0, false); err != nil {
			return err
		}
	}
	if err := types(d0, d1, true); err != nil {
		return err
	}
	if d1 < to {
		return types(d1, to, false)
	}
	return nil
}

// seriesPoint maps a series bucket of r to its point, or -1.
func seriesPoint(r DateRange, bucket int64, n int) int {
	var i int
	if r.Hourly {
		i = seriesIndex(r, bucket*hourSec)
	} else {
		from := r.From.Unix()
		i = int(bucket - floorDiv(from+zoneOffset(r.Location, from), daySec))
	}
	if i < 0 || i >= n {
		return -1
	}
	return i
}

// heatCell splits a local hour of the week into weekday and hour.
func heatCell(how int64) (time.Weekday, int) {
	return time.Weekday((how/24 + 4) % 7), int(how % 24)
}
