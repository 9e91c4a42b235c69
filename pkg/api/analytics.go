package api

import "time"

// The analytics wire types mirror internal/domain's Dashboard and Realtime
// field for field (docs/analytics.md).

// AnalyticsPeriod is a resolved window [From, To).
type AnalyticsPeriod struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// AnalyticsDashboard is GET /api/v1/analytics/dashboard: every figure of a
// range, each with the same figure for the previous period of equal length.
type AnalyticsDashboard struct {
	DateRange        string             `json:"date_range" doc:"24h, 7d, 30d, 90d, all or YYYY-MM-DD..YYYY-MM-DD"`
	TimeZone         string             `json:"time_zone"`
	Current          AnalyticsPeriod    `json:"current"`
	Previous         AnalyticsPeriod    `json:"previous"`
	GeneratedAt      time.Time          `json:"generated_at"`
	Visitors         VisitorStats       `json:"visitors"`
	PreviousVisitors VisitorStats       `json:"previous_visitors"`
	SeriesBy         string             `json:"series_by" enum:"hour,day"`
	Series           []SeriesPoint      `json:"series"`
	Heatmap          []HeatmapCell      `json:"heatmap"`
	InteractionTypes []BreakdownCount   `json:"interaction_types"`
	Growth           GrowthFigures      `json:"growth"`
	Devices          []BreakdownCount   `json:"devices"`
	Browsers         []BreakdownCount   `json:"browsers"`
	Resolutions      []BreakdownCount   `json:"screen_resolutions"`
	Countries        []BreakdownCount   `json:"countries"`
	EntryPoints      []BreakdownCount   `json:"entry_points"`
	ExitPoints       []BreakdownCount   `json:"exit_points"`
	Journeys         []BreakdownCount   `json:"journeys"`
	Performance      PerformanceFigures `json:"performance"`
}

// VisitorStats are the visit figures of one period.
type VisitorStats struct {
	Sessions           int64   `json:"sessions"`
	UniqueVisitors     int64   `json:"unique_visitors"`
	Interactions       int64   `json:"interactions"`
	Bounces            int64   `json:"bounces"`
	BounceRate         float64 `json:"bounce_rate"`
	AvgVisitSeconds    float64 `json:"avg_visit_seconds"`
	MedianVisitSeconds float64 `json:"median_visit_seconds"`
	ProjectsPerSession float64 `json:"projects_per_session"`
}

// SeriesPoint is one hour or local day; Previous* are the point at the same
// position in the previous period.
type SeriesPoint struct {
	Start                time.Time `json:"start"`
	Sessions             int64     `json:"sessions"`
	Bounces              int64     `json:"bounces"`
	Interactions         int64     `json:"interactions"`
	PreviousSessions     int64     `json:"previous_sessions"`
	PreviousInteractions int64     `json:"previous_interactions"`
}

// HeatmapCell counts a project's interactions on one weekday (0 = Sunday)
// and hour, in the dashboard's zone.
type HeatmapCell struct {
	ProjectID    string `json:"project_id" format:"uuid"`
	ProjectName  string `json:"project_name"`
	Weekday      int    `json:"weekday" minimum:"0" maximum:"6"`
	Hour         int    `json:"hour" minimum:"0" maximum:"23"`
	Interactions int64  `json:"interactions"`
	// PreviousInteractions is the same cell in the previous period; a cell
	// with interactions in either period is listed.
	PreviousInteractions int64 `json:"previous_interactions"`
}

// BreakdownCount is one value of a breakdown (a device, a country...).
type BreakdownCount struct {
	Key      string `json:"key"`
	Count    int64  `json:"count"`
	Previous int64  `json:"previous"`
}

// GrowthFigures are the stage changes of the range and each project's growth.
type GrowthFigures struct {
	StageChanges         int             `json:"stage_changes"`
	PreviousStageChanges int             `json:"previous_stage_changes"`
	Changes              []StageChange   `json:"changes"`
	PreviousChanges      []StageChange   `json:"previous_changes"` // the stage changes of the previous period
	Projects             []ProjectGrowth `json:"projects"`
}

// StageChange is a growth-log row whose stage moved.
type StageChange struct {
	ProjectID     string    `json:"project_id" format:"uuid"`
	ProjectName   string    `json:"project_name"`
	PreviousStage string    `json:"previous_stage"`
	NewStage      string    `json:"new_stage"`
	At            time.Time `json:"at"`
}

// ProjectGrowth is one project over the range.
type ProjectGrowth struct {
	ProjectID            string  `json:"project_id" format:"uuid"`
	Name                 string  `json:"name"`
	StageAtStart         string  `json:"stage_at_start"`
	StageAtEnd           string  `json:"stage_at_end"`
	StageChanges         int     `json:"stage_changes"`
	Interactions         int64   `json:"interactions"`
	PreviousInteractions int64   `json:"previous_interactions"`
	DwellSeconds         float64 `json:"dwell_seconds"`
	Series               []int64 `json:"series"`
}

// PerformanceFigures are the server's own request measurements.
type PerformanceFigures struct {
	Current  RouteStats   `json:"current" doc:"All routes together"`
	Previous RouteStats   `json:"previous"`
	Routes   []RouteStats `json:"routes"`
}

// RouteStats are the request figures of one route (or "*" for all).
type RouteStats struct {
	Route             string  `json:"route"`
	Method            string  `json:"method"`
	Requests          int64   `json:"requests"`
	Errors            int64   `json:"errors"`
	RequestsPerMinute float64 `json:"requests_per_minute"`
	ErrorRate         float64 `json:"error_rate"`
	P50Millis         float64 `json:"p50_ms"`
	P95Millis         float64 `json:"p95_ms"`
	PreviousRequests  int64   `json:"previous_requests"`
	PreviousP95Millis float64 `json:"previous_p95_ms"`
}

// RealtimeMetrics is GET /api/v1/analytics/realtime: the live view.
type RealtimeMetrics struct {
	GeneratedAt        time.Time           `json:"generated_at"`
	ActiveVisitors     int                 `json:"active_visitors"`
	RecentInteractions []RecentInteraction `json:"recent_interactions"`
	GrowthChanges      []StageChange       `json:"growth_changes"`
	OpenSockets        int                 `json:"open_sockets"`
	RequestsPerMinute  float64             `json:"requests_per_minute"`
	P95Millis          float64             `json:"p95_ms"`
	ErrorRate          float64             `json:"error_rate"`
}

// RecentInteraction is an anonymised interaction of the realtime view.
type RecentInteraction struct {
	ProjectID   string    `json:"project_id" format:"uuid"`
	ProjectName string    `json:"project_name"`
	Type        string    `json:"interaction_type"`
	DeviceType  string    `json:"device_type"`
	OccurredAt  time.Time `json:"occurred_at"`
}
