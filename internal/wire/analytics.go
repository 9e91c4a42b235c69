package wire

import (
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// HeatmapProjects is how many projects get a heatmap row of their own; the
// others are summed into one last row, so the heatmap's size does not grow
// with the garden.
const HeatmapProjects = analytics.TopN

// Dashboard converts the analytics dashboard to its compact wire form: the
// series as columns, the heatmap as a row of 168 hours of the week per top
// project (docs/analytics.md).
func Dashboard(d *analytics.Dashboard) api.AnalyticsDashboard {
	return api.AnalyticsDashboard{
		DateRange: d.DateRange, TimeZone: d.TimeZone,
		Current:     api.AnalyticsPeriod{From: d.Current.From.UTC(), To: d.Current.To.UTC()},
		Previous:    api.AnalyticsPeriod{From: d.Previous.From.UTC(), To: d.Previous.To.UTC()},
		GeneratedAt: d.GeneratedAt.UTC(), Visitors: visitorStats(d.Visitors),
		PreviousVisitors: visitorStats(d.PreviousVisitors), SeriesBy: d.SeriesBy,
		Series: seriesColumns(d.Series), Heatmap: HeatmapRows(d.Heatmap, HeatmapProjects),
		InteractionTypes: counts(d.InteractionTypes), Growth: growth(d.Growth),
		Devices: counts(d.Devices), Browsers: counts(d.Browsers), Resolutions: counts(d.Resolutions),
		Countries: counts(d.Countries), EntryPoints: counts(d.EntryPoints), ExitPoints: counts(d.ExitPoints),
		Journeys: counts(d.Journeys), Performance: performance(d.Performance),
	}
}

func visitorStats(v analytics.VisitorStats) api.VisitorStats {
	return api.VisitorStats{Sessions: v.Sessions, UniqueVisitors: v.UniqueVisitors, Interactions: v.Interactions,
		Bounces: v.Bounces, BounceRate: v.BounceRate, AvgVisitSeconds: v.AvgVisitSeconds,
		MedianVisitSeconds: v.MedianVisitSeconds, ProjectsPerSession: v.ProjectsPerSession}
}

func seriesColumns(points []analytics.SeriesPoint) api.SeriesColumns {
	n := len(points)
	s := api.SeriesColumns{Start: make([]time.Time, n), Sessions: make([]int64, n), Bounces: make([]int64, n),
		Interactions: make([]int64, n), PreviousSessions: make([]int64, n), PreviousInteractions: make([]int64, n)}
	for i, p := range points {
		s.Start[i], s.Sessions[i], s.Bounces[i], s.Interactions[i] = p.Start.UTC(), p.Sessions, p.Bounces, p.Interactions
		s.PreviousSessions[i], s.PreviousInteractions[i] = p.PreviousSessions, p.PreviousInteractions
	}
	return s
}

// HeatmapRows folds the heatmap's cells into a row per project, the top
// projects by interactions (then previous interactions, then name and id)
// first; the projects after the top are summed into one last row without
// an id, named "other".
func HeatmapRows(cells []analytics.HeatmapCell, top int) []api.HeatmapRow {
	type row struct {
		api.HeatmapRow
		id          uuid.UUID
		total, prev int64
	}
	byID := map[uuid.UUID]*row{}
	var rows []*row
	for _, c := range cells {
		r := byID[c.ProjectID]
		if r == nil {
			r = &row{id: c.ProjectID, HeatmapRow: newHeatmapRow(c.ProjectID.String(), c.ProjectName, 1)}
			byID[c.ProjectID] = r
			rows = append(rows, r)
		}
		i := int(c.Weekday)*24 + c.Hour
		r.Interactions[i] += c.Interactions
		r.PreviousInteractions[i] += c.PreviousInteractions
		r.total += c.Interactions
		r.prev += c.PreviousInteractions
	}
	sort.Slice(rows, func(i, j int) bool {
		x, y := rows[i], rows[j]
		if x.total != y.total {
			return x.total > y.total
		}
		if x.prev != y.prev {
			return x.prev > y.prev
		}
		if x.ProjectName != y.ProjectName {
			return x.ProjectName < y.ProjectName
		}
		return x.id.String() < y.id.String()
	})
	out := make([]api.HeatmapRow, 0, min(len(rows), top+1))
	for i, r := range rows {
		if i < top {
			out = append(out, r.HeatmapRow)
			continue
		}
		if i == top {
			out = append(out, newHeatmapRow("", "other", 0))
		}
		other := &out[top]
		other.Projects++
		for h := range api.HeatmapHours {
			other.Interactions[h] += r.Interactions[h]
			other.PreviousInteractions[h] += r.PreviousInteractions[h]
		}
	}
	return out
}

func newHeatmapRow(id, name string, projects int) api.HeatmapRow {
	return api.HeatmapRow{ProjectID: id, ProjectName: name, Projects: projects,
		Interactions: make([]int64, api.HeatmapHours), PreviousInteractions: make([]int64, api.HeatmapHours)}
}

func counts(cs []analytics.Count) []api.BreakdownCount {
	out := make([]api.BreakdownCount, len(cs))
	for i, c := range cs {
		out[i] = api.BreakdownCount{Key: c.Key, Count: c.Count, Previous: c.Previous}
	}
	return out
}

// StageChanges converts stage changes.
func StageChanges(cs []analytics.StageChange) []api.StageChange {
	out := make([]api.StageChange, len(cs))
	for i, c := range cs {
		out[i] = api.StageChange{ProjectID: c.ProjectID.String(), ProjectName: c.ProjectName,
			PreviousStage: c.PreviousStage, NewStage: c.NewStage, At: c.At.UTC()}
	}
	return out
}

func growth(g analytics.GrowthFigures) api.GrowthFigures {
	out := api.GrowthFigures{StageChanges: g.StageChanges, PreviousStageChanges: g.PreviousStageChanges,
		Changes: StageChanges(g.Changes), PreviousChanges: StageChanges(g.PreviousChanges),
		Projects: make([]api.ProjectGrowth, len(g.Projects))}
	for i, p := range g.Projects {
		series := p.Series
		if series == nil {
			series = []int64{}
		}
		out.Projects[i] = api.ProjectGrowth{ProjectID: p.ProjectID.String(), Name: p.Name,
			StageAtStart: p.StageAtStart, StageAtEnd: p.StageAtEnd, StageChanges: p.StageChanges,
			Interactions: p.Interactions, PreviousInteractions: p.PreviousInteractions,
			DwellSeconds: p.DwellSeconds, Series: series}
	}
	return out
}

func performance(p analytics.PerformanceFigures) api.PerformanceFigures {
	out := api.PerformanceFigures{Current: routeStats(p.Current), Previous: routeStats(p.Previous),
		Routes: make([]api.RouteStats, len(p.Routes))}
	for i, r := range p.Routes {
		out.Routes[i] = routeStats(r)
	}
	return out
}

func routeStats(r analytics.RouteStats) api.RouteStats {
	return api.RouteStats{Route: r.Route, Method: r.Method, Requests: r.Requests, Errors: r.Errors,
		RequestsPerMinute: r.RequestsPerMinute, ErrorRate: r.ErrorRate, P50Millis: r.P50Millis,
		P95Millis: r.P95Millis, PreviousRequests: r.PreviousRequests, PreviousP95Millis: r.PreviousP95Millis}
}

// list converts each element, keeping nil as nil (JSON null) and empty as
// empty (JSON []), so the wire shows exactly what analytics computed.
func list[T, U any](xs []T, conv func(T) U) []U {
	if xs == nil {
		return nil
	}
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = conv(x)
	}
	return out
}

func stageChange(c analytics.StageChange) api.StageChange {
	return api.StageChange{ProjectID: c.ProjectID.String(), ProjectName: c.ProjectName,
		PreviousStage: c.PreviousStage, NewStage: c.NewStage, At: c.At}
}

// Realtime converts the realtime view.
func Realtime(rt *analytics.Realtime) api.RealtimeMetrics {
	return api.RealtimeMetrics{GeneratedAt: rt.GeneratedAt, ActiveVisitors: rt.ActiveVisitors,
		RecentInteractions: list(rt.RecentInteractions, recentInteraction),
		GrowthChanges:      list(rt.GrowthChanges, stageChange), OpenSockets: rt.OpenSockets,
		RequestsPerMinute: rt.RequestsPerMinute, P95Millis: rt.P95Millis, ErrorRate: rt.ErrorRate}
}

func recentInteraction(i analytics.RecentInteraction) api.RecentInteraction {
	return api.RecentInteraction{ProjectID: i.ProjectID.String(), ProjectName: i.ProjectName, Type: i.Type,
		DeviceType: i.DeviceType, OccurredAt: i.OccurredAt}
}

// GeneratedVisitors converts what the visitor generator loaded.
func GeneratedVisitors(r *analytics.GenerateVisitorsResult) api.GeneratedVisitors {
	return api.GeneratedVisitors{Sessions: r.Sessions, Interactions: r.Interactions, Projects: r.Projects,
		ProjectsCreated: r.ProjectsCreated, From: r.From, To: r.To}
}
