package wire

import (
	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

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

// Dashboard converts an analytics dashboard.
func Dashboard(d *analytics.Dashboard) api.AnalyticsDashboard {
	return api.AnalyticsDashboard{
		DateRange: d.DateRange, TimeZone: d.TimeZone, Current: period(d.Current), Previous: period(d.Previous),
		GeneratedAt: d.GeneratedAt, Visitors: visitorStats(d.Visitors), PreviousVisitors: visitorStats(d.PreviousVisitors),
		SeriesBy: d.SeriesBy, Series: list(d.Series, seriesPoint), Heatmap: list(d.Heatmap, heatmapCell),
		InteractionTypes: list(d.InteractionTypes, count), Growth: growth(d.Growth),
		Devices: list(d.Devices, count), Browsers: list(d.Browsers, count), Resolutions: list(d.Resolutions, count),
		Countries: list(d.Countries, count), EntryPoints: list(d.EntryPoints, count),
		ExitPoints: list(d.ExitPoints, count), Journeys: list(d.Journeys, count),
		Performance: api.PerformanceFigures{Current: routeStats(d.Performance.Current),
			Previous: routeStats(d.Performance.Previous), Routes: list(d.Performance.Routes, routeStats)},
	}
}

func period(p analytics.Period) api.AnalyticsPeriod {
	return api.AnalyticsPeriod{From: p.From, To: p.To}
}

func visitorStats(v analytics.VisitorStats) api.VisitorStats {
	return api.VisitorStats{Sessions: v.Sessions, UniqueVisitors: v.UniqueVisitors, Interactions: v.Interactions,
		Bounces: v.Bounces, BounceRate: v.BounceRate, AvgVisitSeconds: v.AvgVisitSeconds,
		MedianVisitSeconds: v.MedianVisitSeconds, ProjectsPerSession: v.ProjectsPerSession}
}

func seriesPoint(p analytics.SeriesPoint) api.SeriesPoint {
	return api.SeriesPoint{Start: p.Start, Sessions: p.Sessions, Bounces: p.Bounces, Interactions: p.Interactions,
		PreviousSessions: p.PreviousSessions, PreviousInteractions: p.PreviousInteractions}
}

func heatmapCell(c analytics.HeatmapCell) api.HeatmapCell {
	return api.HeatmapCell{ProjectID: c.ProjectID.String(), ProjectName: c.ProjectName, Weekday: int(c.Weekday),
		Hour: c.Hour, Interactions: c.Interactions, PreviousInteractions: c.PreviousInteractions}
}

func count(c analytics.Count) api.BreakdownCount {
	return api.BreakdownCount{Key: c.Key, Count: c.Count, Previous: c.Previous}
}

func growth(g analytics.GrowthFigures) api.GrowthFigures {
	return api.GrowthFigures{StageChanges: g.StageChanges, PreviousStageChanges: g.PreviousStageChanges,
		Changes: list(g.Changes, stageChange), PreviousChanges: list(g.PreviousChanges, stageChange),
		Projects: list(g.Projects, projectGrowth)}
}

func stageChange(c analytics.StageChange) api.StageChange {
	return api.StageChange{ProjectID: c.ProjectID.String(), ProjectName: c.ProjectName,
		PreviousStage: c.PreviousStage, NewStage: c.NewStage, At: c.At}
}

func projectGrowth(p analytics.ProjectGrowth) api.ProjectGrowth {
	return api.ProjectGrowth{ProjectID: p.ProjectID.String(), Name: p.Name, StageAtStart: p.StageAtStart,
		StageAtEnd: p.StageAtEnd, StageChanges: p.StageChanges, Interactions: p.Interactions,
		PreviousInteractions: p.PreviousInteractions, DwellSeconds: p.DwellSeconds, Series: p.Series}
}

func routeStats(r analytics.RouteStats) api.RouteStats {
	return api.RouteStats{Route: r.Route, Method: r.Method, Requests: r.Requests, Errors: r.Errors,
		RequestsPerMinute: r.RequestsPerMinute, ErrorRate: r.ErrorRate, P50Millis: r.P50Millis,
		P95Millis: r.P95Millis, PreviousRequests: r.PreviousRequests, PreviousP95Millis: r.PreviousP95Millis}
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
