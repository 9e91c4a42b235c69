package domain

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/google/uuid"
)

// Position is a point in the garden's 3D scene.
type Position struct {
	X float64
	Y float64
	Z float64
}

// Project is a plant: one of the owner's projects (or a visitor's seed).
type Project struct {
	ID                  uuid.UUID
	Name                string
	Description         string
	GithubRepo          string // "owner/name", empty when not linked
	DemoURL             string
	PlantType           string
	GrowthStage         string
	PlantedDate         time.Time
	Position            Position
	CommitCount         int
	LinesOfCode         int
	ComplexityScore     float64
	VisitorInteractions int
	Technologies        []string
	Status              string
	Visibility          string
	Origin              string     // OriginOwner or OriginVisitor
	Moderation          string     // ModerationApproved for owner projects
	PlantedBySession    *uuid.UUID // the visitor session that planted a visitor seed
	MediaCount          int        // items in the project's media list (media.go)
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Visible reports whether the project belongs in the public garden.
func (p *Project) Visible() bool {
	return p.Visibility == "public" && p.Status != "archived" && p.Moderation == ModerationApproved
}

// GrowthLogEntry is one row of a project's growth history.
type GrowthLogEntry struct {
	ID               uuid.UUID
	ProjectID        uuid.UUID
	CommitsDelta     int
	LinesAdded       int
	LinesRemoved     int
	ComplexityChange float64
	GithubActivity   json.RawMessage // nil when none
	DeploymentEvents json.RawMessage // nil when none
	PageViews        int
	Interactions     int
	TimeSpentMinutes int
	PreviousStage    string
	NewStage         string
	GrowthFactor     *float64
	VisitsDay        *time.Time // set on a daily visits row: the day it describes (growth_visits.go)
	RecordedAt       time.Time
}

// Skill is a star in the skill constellation.
type Skill struct {
	ID                 uuid.UUID
	Name               string
	Category           string
	ConstellationGroup string
	PositionX          *float64 // nil until placed (by the owner or the layout)
	PositionY          *float64
	Brightness         float64
	ProficiencyLevel   int
	HoursPracticed     int
	ProjectsUsedIn     int
	FirstUsedDate      *time.Time // a date: time of day is zero, UTC
	LastUsedDate       *time.Time
	LearningVelocity   float64
	Manual             SkillManual // values the owner set, which the insights job keeps
	IconURL            string
	ColorHex           string
	Description        string
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// SkillConnection links two skills. SkillA is always the smaller id, so
// (a,b) and (b,a) are the same connection.
type SkillConnection struct {
	ID                  uuid.UUID
	SkillA              uuid.UUID
	SkillB              uuid.UUID
	ConnectionType      string
	Strength            float64
	ProjectsCombined    int
	LearningCorrelation *float64
	CreatedAt           time.Time
}

// WeatherState is the garden's atmosphere for a span of time.
type WeatherState struct {
	ID                 uuid.UUID
	WeatherType        string
	Intensity          float64
	GithubCommitsToday int
	CodingHoursToday   float64
	MusicMood          string
	ActualWeather      string
	ProductivityScore  *float64
	CreativityIndex    *float64
	StressLevel        *float64
	TimeOfDay          string
	Season             string
	Source             string     // "computed" or "manual"
	OverrideUntil      *time.Time // a manual state holds until then
	StartedAt          time.Time
	EndedAt            *time.Time
	CreatedAt          time.Time
}

// VisitorSession is one anonymous visit. Nothing in it identifies a person:
// the ip_hash is keyed with a salt that rotates daily.
type VisitorSession struct {
	ID                  uuid.UUID
	SessionToken        string
	UserAgent           string // reduced to "browser/device", never the raw header
	IPHash              string
	CountryCode         string
	ProjectsViewed      []uuid.UUID
	TimeSpentPerProject map[string]float64 // project id -> seconds
	InteractionEvents   []json.RawMessage  // the latest interactions, bounded
	EntryPoint          string
	JourneyPath         []string
	ExitPoint           string
	TotalTimeSeconds    int
	ScrollDepthPercent  *float64
	ClicksCount         int
	SeedsPlanted        int
	DeviceType          string
	Browser             string
	ScreenResolution    string
	StartedAt           time.Time
	LastActivityAt      time.Time
	EndedAt             *time.Time
}

// Interaction is one raw visitor interaction with a project, kept for
// analytics next to the bounded copy inside the session.
type Interaction struct {
	ID              uuid.UUID
	SessionID       uuid.UUID
	ProjectID       uuid.UUID
	Type            string
	DurationSeconds float64
	Metadata        json.RawMessage
	OccurredAt      time.Time
}

// Event is a realtime event, stored in the same transaction as the change it
// describes. IDs increase, so a client resumes with the last id it saw.
type Event struct {
	ID        int64
	Type      string
	ProjectID *uuid.UUID
	Data      json.RawMessage
	CreatedAt time.Time
}

// SessionRef is the little of a session an interaction needs.
type SessionRef struct {
	ID         uuid.UUID
	DeviceType string
	StartedAt  time.Time
}

// SessionTouch is what the interactions of one batch change in one
// session (batchTouches), queued to be folded into it: the trail they
// leave, the clicks among them, and the last one's time.
type SessionTouch struct {
	SessionID        uuid.UUID
	Trail            SessionTrail
	Clicks           int
	At               time.Time
	TotalTimeSeconds int
}

// QueuedTouch is a touch with its place in the fold queue, as the
// transaction that queued it holds it (Tx.QueueSessionTouches).
type QueuedTouch struct {
	Seq   int64
	Touch SessionTouch
}

// SessionTrail is what interactions change in a session's lists: the
// projects viewed, the time spent on each, the journey.
type SessionTrail struct {
	ProjectsViewed      []uuid.UUID
	TimeSpentPerProject map[string]float64 // project id -> seconds
	JourneyPath         []string
}

// Visit adds one interaction with a project to a batch's trail: the
// project joins ProjectsViewed once, dwell time adds up per project, the
// journey gains the area unless it is the last step. The journey is not
// bounded here (a batch has at most a batch's steps): Fold bounds it in
// the session, and a bounded trail, whose kept last step may repeat the
// one before, would not fold like its visits.
func (tr *SessionTrail) Visit(projectID uuid.UUID, area string, dwellSeconds float64) {
	if !slices.Contains(tr.ProjectsViewed, projectID) {
		tr.ProjectsViewed = append(tr.ProjectsViewed, projectID)
	}
	if dwellSeconds > 0 {
		if tr.TimeSpentPerProject == nil {
			tr.TimeSpentPerProject = map[string]float64{}
		}
		tr.TimeSpentPerProject[projectID.String()] += dwellSeconds
	}
	if n := len(tr.JourneyPath); n == 0 || tr.JourneyPath[n-1] != area {
		tr.JourneyPath = append(tr.JourneyPath, area)
	}
}

// Fold adds a batch's trail (Visit) to a session's, as if its visits came
// one by one: its projects join ProjectsViewed once, in order; its time
// adds up per project; each of its steps goes through AppendJourney.
func (tr *SessionTrail) Fold(later SessionTrail) {
	for _, id := range later.ProjectsViewed {
		if !slices.Contains(tr.ProjectsViewed, id) {
			tr.ProjectsViewed = append(tr.ProjectsViewed, id)
		}
	}
	for id, seconds := range later.TimeSpentPerProject {
		if tr.TimeSpentPerProject == nil {
			tr.TimeSpentPerProject = map[string]float64{}
		}
		tr.TimeSpentPerProject[id] += seconds
	}
	for _, area := range later.JourneyPath {
		tr.JourneyPath = AppendJourney(tr.JourneyPath, area)
	}
}
