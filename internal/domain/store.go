package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Store is what the domain needs from persistence. The domain decides where
// transactions begin and end; the store only runs statements inside them.
type Store interface {
	// Update runs fn in a read-write transaction, committed when fn returns nil.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn against a consistent read-only snapshot.
	View(ctx context.Context, fn func(Tx) error) error
	// Ping checks the database is reachable.
	Ping(ctx context.Context) error
	// Engine names the database engine: "sqlite" or "postgres".
	Engine() string
}

// ProjectFilter narrows a project listing; empty fields match everything.
type ProjectFilter struct {
	Stage       string
	Status      string
	Visibility  string
	Origin      string
	Moderation  string
	OnlyVisible bool // public, not archived, approved
}

// Tx is the set of statements available inside a transaction. Each returns an
// error wrapping ErrNotFound or ErrConflict where those apply.
type Tx interface {
	InsertProject(ctx context.Context, p *Project) error
	UpdateProject(ctx context.Context, p *Project) error
	DeleteProject(ctx context.Context, id uuid.UUID) error
	GetProject(ctx context.Context, id uuid.UUID) (*Project, error)
	FindProjectsByName(ctx context.Context, name string) ([]*Project, error)
	ListProjects(ctx context.Context, f ProjectFilter) ([]*Project, error)
	AddProjectInteractions(ctx context.Context, id uuid.UUID, n int) (int, error)
	CountVisitorSeeds(ctx context.Context) (int, error)

	InsertGrowthLog(ctx context.Context, e *GrowthLogEntry) error
	ListGrowthLog(ctx context.Context, projectID uuid.UUID, limit int) ([]*GrowthLogEntry, error)
	// UpsertVisitsLog writes daily visits rows (GrowthLogEntry.VisitsDay
	// set); a project and day already logged gets the new figures.
	UpsertVisitsLog(ctx context.Context, entries []*GrowthLogEntry) error
	// DayVisits sums the raw interactions of [from, to) per project.
	DayVisits(ctx context.Context, from, to time.Time) ([]ProjectVisits, error)
	// LastCodeActivity is, per project, the latest growth-log row that
	// moved commits or lines.
	LastCodeActivity(ctx context.Context) (map[uuid.UUID]time.Time, error)
	// GardenSummary is a project's row of garden_summary, ErrNotFound
	// when it has none.
	GardenSummary(ctx context.Context, projectID uuid.UUID) (*ProjectSummary, error)
	// ProjectInteractionsSince sums a project's rolled-up interactions
	// from an hour (Unix seconds) on.
	ProjectInteractionsSince(ctx context.Context, projectID uuid.UUID, fromHour int64) (int, error)

	ListMedia(ctx context.Context, projectID uuid.UUID) ([]*ProjectMedia, error)
	// ReplaceMedia stores a project's whole media list in order and its
	// media_count.
	ReplaceMedia(ctx context.Context, projectID uuid.UUID, items []*ProjectMedia) error

	InsertSkill(ctx context.Context, s *Skill) error
	UpdateSkill(ctx context.Context, s *Skill) error
	DeleteSkill(ctx context.Context, id uuid.UUID) error
	GetSkill(ctx context.Context, id uuid.UUID) (*Skill, error)
	GetSkillByName(ctx context.Context, name string) (*Skill, error)
	ListSkills(ctx context.Context) ([]*Skill, error)

	UpsertConnection(ctx context.Context, c *SkillConnection) (created bool, err error)
	DeleteConnection(ctx context.Context, a, b uuid.UUID) error
	ListConnections(ctx context.Context) ([]*SkillConnection, error)

	InsertWeather(ctx context.Context, w *WeatherState) error
	EndWeather(ctx context.Context, id uuid.UUID, at time.Time) error
	CurrentWeather(ctx context.Context) (*WeatherState, error)

	InsertSession(ctx context.Context, s *VisitorSession) error
	UpdateSession(ctx context.Context, s *VisitorSession) error
	GetSessionByToken(ctx context.Context, token string) (*VisitorSession, error)
	GetVisitorSession(ctx context.Context, token string) (*VisitorSession, error)
	InsertInteractions(ctx context.Context, items []*Interaction) error
	InsertEvents(ctx context.Context, events []*Event) error
	// InteractionRefs looks up at once the sessions of tokens (unknown ones
	// are absent) and which of projectIDs visitors may see.
	InteractionRefs(ctx context.Context, tokens []string, projectIDs []uuid.UUID) (map[string]*SessionRef, map[uuid.UUID]bool, error)
	// QueueSessionTouches queues interactions' folds into their sessions, in
	// order, and returns their queue positions in touches' order;
	// FoldSessionTouches and FoldKnownTouches apply them.
	QueueSessionTouches(ctx context.Context, touches []SessionTouch) ([]int64, error)
	// FoldKnownTouches folds the queued touches known (in queue order, as
	// the transactions that queued them returned them) without reading them
	// back, and returns how many touches it folded: a known touch no longer
	// queued (folded since) is skipped; a session with other touches queued
	// up to the last known one is folded from the queue, known ones
	// included, so its touches apply in queue order. Folds are serialised until
	// the transaction ends.
	FoldKnownTouches(ctx context.Context, known []QueuedTouch) (int, error)
	// FoldSessionTouches folds the oldest queued touches, at most limit,
	// into their sessions (those of sessions only, unless it is nil) and
	// returns how many. Folds are serialised until the transaction ends.
	FoldSessionTouches(ctx context.Context, sessions []uuid.UUID, limit int) (int, error)
	// QueuedSessions returns the sessions with queued touches, the one
	// waiting longest first.
	QueuedSessions(ctx context.Context) ([]uuid.UUID, error)
	// SessionInteractions returns a session's latest interactions that
	// occurred in [since, until], at most limit, oldest first.
	SessionInteractions(ctx context.Context, sessionID uuid.UUID, since, until time.Time, limit int) ([]*Interaction, error)
	// BumpVisibleProjects adds counts to the visible projects' visitor
	// interactions and returns them; invisible ones are absent, unchanged.
	BumpVisibleProjects(ctx context.Context, counts map[uuid.UUID]int) (map[uuid.UUID]*Project, error)

	InsertEvent(ctx context.Context, e *Event) error
	EventsSince(ctx context.Context, afterID int64, limit int) ([]*Event, error)
	EventBounds(ctx context.Context) (oldest, latest int64, err error)
	PruneEvents(ctx context.Context, cutoff time.Time) (int, error)

	RefreshGardenSummary(ctx context.Context) error

	GetSalt(ctx context.Context, day string) ([]byte, error)
	InsertSaltIfAbsent(ctx context.Context, day string, salt []byte, at time.Time) error
	DeleteSaltsBefore(ctx context.Context, day string) (int, error)

	// The worker's statements (webhooks, sync, jobs, insights, housekeeping).
	RecordDelivery(ctx context.Context, id, event, repo string, at time.Time) (fresh bool, err error)
	ForgetDelivery(ctx context.Context, id string) error
	ClaimDelivery(ctx context.Context, id, event string, at time.Time) (claimed bool, err error)
	PruneDeliveries(ctx context.Context, before time.Time) (int, error)
	FindProjectsByRepo(ctx context.Context, repo string) ([]*Project, error)
	GetSyncState(ctx context.Context, projectID uuid.UUID, provider string) (etag string, at *time.Time, err error)
	PutSyncState(ctx context.Context, projectID uuid.UUID, provider, etag string, at time.Time) error
	LastSyncAt(ctx context.Context, provider string) (*time.Time, error)
	// RecordCommits stores dated commits of a project; a commit already
	// seen keeps its first date.
	RecordCommits(ctx context.Context, projectID uuid.UUID, commits []DatedCommit) error
	// CommitActivitySince counts the distinct dated commits since a time
	// and the projects they went to.
	CommitActivitySince(ctx context.Context, since time.Time) (commits, projects int, err error)
	GetSyncRun(ctx context.Context, provider string) (*SyncRun, error) // nil when none
	PutSyncRun(ctx context.Context, run *SyncRun) error
	// QueueSyncRun is PutSyncRun unless the provider's run is already
	// run.JobID's, which it leaves as it is.
	QueueSyncRun(ctx context.Context, run *SyncRun) error
	IdleSessionTokens(ctx context.Context, before time.Time, limit int) ([]string, error)
}
