package analytics

import (
	"time"

	"github.com/google/uuid"
)

// The figures the dashboard answers with (internal/wire converts them).

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
