package api

import "time"

// The analytics wire types: internal/wire converts internal/analytics'
// Dashboard and Realtime into them field by field (docs/analytics.md); the
// dashboard's series and heatmap are in a compact form (columns of numbers)
// so a 90-day answer stays a few tens of kilobytes. They carry their own
// names because Dashboard and Realtime in responses.go are the earlier
// placeholders.

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
	Series           SeriesColumns      `json:"series"`
	Heatmap          []HeatmapRow       `json:"heatmap" doc:"The top 10 projects by interactions (then previous interactions, then name), and a last row summing the others when there are more"`
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

// SeriesColumns is the time series by hour or local day, as columns: point
// i is Start[i], Sessions[i], ...; Previous* are the point at the same
// position in the previous period. Every column has one entry per point.
type SeriesColumns struct {
	Start                []time.Time `json:"start" doc:"Start of each point (UTC); local days may be 23 or 25 hours long"`
	Sessions             []int64     `json:"sessions"`
	Bounces              []int64     `json:"bounces"`
	Interactions         []int64     `json:"interactions"`
	PreviousSessions     []int64     `json:"previous_sessions"`
	PreviousInteractions []int64     `json:"previous_interactions"`
}

// HeatmapHours is the length of a heatmap row: the hours of a week.
const HeatmapHours = 168

// HeatmapRow counts a project's interactions per local hour of the week, in
// the dashboard's zone: index weekday*24 + hour, weekday 0 = Sunday.
type HeatmapRow struct {
	ProjectID   string `json:"project_id,omitempty" format:"uuid" doc:"Absent on the row that sums the projects after the top 10"`
	ProjectName string `json:"project_name"`
	Projects    int    `json:"projects" minimum:"1" doc:"How many projects the row sums: 1, or more on the last row of the others"`
	// Interactions and PreviousInteractions (the same cells in the previous
	// period) have HeatmapHours entries each.
	Interactions         []int64 `json:"interactions" minItems:"168" maxItems:"168" doc:"Interactions at index weekday*24 + hour (weekday 0 = Sunday), local time"`
	PreviousInteractions []int64 `json:"previous_interactions" minItems:"168" maxItems:"168" doc:"The same cells in the previous period"`
}

// Cell is the row's count and previous count on a weekday (0 = Sunday) and
// hour of the day.
func (r HeatmapRow) Cell(weekday, hour int) (interactions, previous int64) {
	i := weekday*24 + hour
	if i < 0 || i >= len(r.Interactions) || i >= len(r.PreviousInteractions) {
		return 0, 0
	}
	return r.Interactions[i], r.PreviousInteractions[i]
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

// GeneratedVisitors is what `greenhouse generate visitors --output json`
// prints: the synthetic visits loaded.
type GeneratedVisitors struct {
	Sessions        int       `json:"sessions"`
	Interactions    int       `json:"interactions"`
	Projects        int       `json:"projects"`
	ProjectsCreated int       `json:"projects_created"`
	From            time.Time `json:"from"`
	To              time.Time `json:"to"`
}
