package analytics

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// Tx is the statements analytics runs inside one transaction. They are bounded by time ranges and use the indexes on started_at,
// last_activity_at, occurred_at and recorded_at, or the rollup primary keys.
// Hours are Unix seconds at the start of a UTC hour.
type Tx interface {
	// ListProjects lists the garden's projects (the dashboard names them).
	ListProjects(ctx context.Context, f domain.ProjectFilter) ([]*domain.Project, error)

	// Watermark returns the state of the last rollup run (zero when none).
	Watermark(ctx context.Context) (RollupState, error)
	// SetWatermark records a rollup run.
	SetWatermark(ctx context.Context, st RollupState) error
	// EarliestOpenSession returns the start of the oldest session not ended
	// yet (ok false when none is open).
	EarliestOpenSession(ctx context.Context) (start time.Time, ok bool, err error)
	// LockRollup serialises rollup runs across processes until the
	// transaction ends.
	LockRollup(ctx context.Context) error
	// FoldSessionTouches folds queued interaction touches into their
	// sessions (domain.FoldTouches); the rollup runs it first.
	FoldSessionTouches(ctx context.Context, sessions []uuid.UUID, limit int) (int, error)

	// TouchedSessionHours returns the start hours of sessions active after since.
	TouchedSessionHours(ctx context.Context, since time.Time) ([]int64, error)
	// TouchedInteractionHours returns the hours of interactions after since.
	TouchedInteractionHours(ctx context.Context, since time.Time) ([]int64, error)
	// DataBounds returns the earliest session start or rollup hour (ok false
	// when there is no data at all).
	DataBounds(ctx context.Context) (earliest time.Time, ok bool, err error)

	// SessionFacts streams the sessions started in [from, to), ordered by start.
	SessionFacts(ctx context.Context, from, to time.Time, fn func(*SessionFact) error) error
	// EarlierVisitorHashes returns the distinct non-empty ip hashes of
	// sessions started in [dayStart, from) that sessions started in
	// [from, to) have too: the visitors of [from, to) not first seen there.
	EarlierVisitorHashes(ctx context.Context, dayStart, from, to time.Time) ([]string, error)
	// CountVisitors counts the distinct ip hashes and the sessions started in [from, to).
	CountVisitors(ctx context.Context, from, to time.Time) (visitors, sessions int64, err error)
	// InteractionBuckets aggregates the raw interactions of [from, to) per
	// hour, project and type.
	InteractionBuckets(ctx context.Context, from, to time.Time) ([]InteractionBucket, error)

	// SessionRollupSums reads the session rollups of hours in [fromHour,
	// toHour): the totals (dim "") per hour, every other dimension summed
	// over the span (Hour 0).
	// With dims false only the totals are read.
	SessionRollupSums(ctx context.Context, fromHour, toHour int64, dims bool) ([]SessionBucket, error)
	// SessionDailySums reads the daily rollups of UTC days in [fromDay,
	// toDay) (Unix seconds at midnight), every dimension summed (Hour 0).
	SessionDailySums(ctx context.Context, fromDay, toDay int64) ([]SessionBucket, error)
	// RefreshDailyRollups rebuilds the daily rollups of the UTC days in
	// [fromDay, toDay) from the hourly ones.
	RefreshDailyRollups(ctx context.Context, fromDay, toDay int64) error
	// ProjectSeriesSums sums the per-project hourly rollups of hours in
	// [fromHour, toHour) into buckets of unit seconds of local time: Bucket
	// is (hour+offset)/unit, so unit 86400 gives local days since the epoch.
	ProjectSeriesSums(ctx context.Context, fromHour, toHour, offset, unit int64) ([]ProjectSum, error)
	// ProjectHeatmapSums sums them per local hour of the week: Bucket is
	// ((hour+offset)/3600) mod 168, hours since a Thursday midnight.
	ProjectHeatmapSums(ctx context.Context, fromHour, toHour, offset int64) ([]ProjectSum, error)
	// InteractionTypeSums sums the interaction rollups per type (Hour 0,
	// ProjectID nil): of the hours in [from, to), or with daily of the UTC
	// days in [from, to) (Unix seconds at midnight).
	InteractionTypeSums(ctx context.Context, from, to int64, daily bool) ([]InteractionBucket, error)
	// RefreshInteractionDailyRollups rebuilds the daily interaction rollups
	// of the UTC days in [fromDay, toDay) from the hourly ones.
	RefreshInteractionDailyRollups(ctx context.Context, fromDay, toDay int64) error
	// ReplaceSessionRollups and ReplaceInteractionRollups delete the rollups
	// of hours in [fromHour, toHour) and upsert rows in their place
	// (ReplaceInteractionRollups rebuilds the per-project hourly rows too).
	ReplaceSessionRollups(ctx context.Context, fromHour, toHour int64, rows []SessionBucket) error
	ReplaceInteractionRollups(ctx context.Context, fromHour, toHour int64, rows []InteractionBucket) error

	// StageChanges returns growth-log rows whose stage changed, recorded in
	// [from, to), oldest first, at most limit.
	StageChanges(ctx context.Context, from, to time.Time, limit int) ([]StageChange, error)
	// RecentStageChanges returns the latest stage changes, newest first.
	RecentStageChanges(ctx context.Context, limit int) ([]StageChange, error)
	// RecentInteractions returns the latest interactions, newest first, anonymised.
	RecentInteractions(ctx context.Context, limit int) ([]RecentInteraction, error)
	// CountActiveSessions counts sessions whose last activity is at or after since.
	CountActiveSessions(ctx context.Context, since time.Time) (int, error)

	// AddRequestStats adds per-minute request statistics to what is stored.
	AddRequestStats(ctx context.Context, stats []RequestStat) error
	// RequestStatsTotals sums the statistics of minutes in [from, to) per route and method.
	RequestStatsTotals(ctx context.Context, from, to time.Time) ([]RequestStat, error)

	// PruneVisits deletes the sessions started before startedBefore whose last
	// activity is before activeBefore, with their interactions; it returns how
	// many rows it deleted.
	PruneVisits(ctx context.Context, startedBefore, activeBefore time.Time) (int, error)
	// Analyze refreshes the planner's statistics after a bulk load.
	Analyze(ctx context.Context) error
	// InsertSessions and InsertInteractions insert many rows with multi-row statements.
	InsertSessions(ctx context.Context, sessions []*domain.VisitorSession) error
	InsertInteractions(ctx context.Context, interactions []*domain.Interaction) error
}

// RollupState is how far the rollups are up to date.
type RollupState struct {
	At       time.Time // when the last run started (zero: never)
	OpenFrom time.Time // the start of the oldest session still open at that run (At when none)
}

// SessionFact is one session with what analytics needs of it.
type SessionFact struct {
	StartedAt        time.Time
	IPHash           string
	DeviceType       string
	Browser          string
	ScreenResolution string
	CountryCode      string
	EntryPoint       string
	ExitPoint        string
	JourneyPath      []string
	ProjectsViewed   []string // project ids
	TotalTimeSeconds int
	Interactions     int // rows in interactions for the session
	Projects         int // distinct projects among them
}

// SessionBucket is one row of the hourly session rollup.
type SessionBucket struct {
	Hour         int64
	Dim          string // "" for the totals, or one of the Dim* names
	Value        string
	Sessions     int64
	Bounces      int64
	TotalSeconds int64
	Projects     int64
	Interactions int64
	Visitors     int64 // ip hashes first seen (in their UTC day) in this hour
}

// InteractionBucket is one row of the hourly interaction rollup.
type InteractionBucket struct {
	Hour         int64
	ProjectID    uuid.UUID
	Type         string
	Interactions int64
	DwellSeconds float64
}

// ProjectSum is a project's interactions in one bucket of local time (a
// day, an hour, an hour of the week), summed by the database.
type ProjectSum struct {
	Bucket       int64
	ProjectID    uuid.UUID
	Interactions int64
	DwellSeconds float64
}

// RecentInteraction is an interaction as the realtime view shows it: no
// session token, no ip hash.
type RecentInteraction struct {
	ProjectID   uuid.UUID
	ProjectName string
	Type        string
	DeviceType  string
	OccurredAt  time.Time
}

// StageChange is a growth-log row whose stage moved.
type StageChange struct {
	ProjectID     uuid.UUID
	ProjectName   string
	PreviousStage string
	NewStage      string
	At            time.Time
}

// LatencyBucketsMillis are the upper bounds of the request latency histogram;
// a last bucket holds everything slower.
var LatencyBucketsMillis = [LatencyBucketCount - 1]float64{1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000}

// LatencyBucketCount is the number of histogram buckets.
const LatencyBucketCount = 14

// RequestStat is the request statistics of one route and method in one minute
// (or, from RequestStatsTotals, over a range).
type RequestStat struct {
	Minute   time.Time // start of the UTC minute
	Route    string
	Method   string
	Requests int64
	Errors   int64 // 5xx
	TotalMs  float64
	Buckets  [LatencyBucketCount]int64
}
