package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Problem is an RFC 9457 problem document, the body of every error response
// (Content-Type application/problem+json). It is also the error the Go
// client returns for a non-2xx answer.
type Problem struct {
	Type     string         `json:"type,omitempty"`
	Title    string         `json:"title,omitempty"`
	Status   int            `json:"status,omitempty"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Errors   []ProblemField `json:"errors,omitempty"`
}

// ProblemField is one invalid input: where it is ("body.seed_data.name",
// "query.season", "path.project_id") and what is wrong with it.
type ProblemField struct {
	Message  string `json:"message"`
	Location string `json:"location,omitempty"`
	Value    any    `json:"value,omitempty"`
}

func (p *Problem) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", p.Status, p.Title)
	if p.Detail != "" {
		b.WriteString(": " + p.Detail)
	}
	for _, f := range p.Errors {
		fmt.Fprintf(&b, "; %s: %s", f.Location, f.Message)
	}
	return b.String()
}

// Garden is GET /api/v1/garden: the shared garden plus what belongs to this
// visitor alone.
type Garden struct {
	Projects        []Project         `json:"projects" doc:"Visible projects, plus this visitor's own pending seeds"`
	Skills          []Skill           `json:"skills"`
	Connections     []SkillConnection `json:"connections"`
	Weather         WeatherState      `json:"weather"`
	Season          string            `json:"season"`
	TimeOfDay       string            `json:"time_of_day"`
	Personalization Personalization   `json:"personalization"`
}

// Personalization is computed per visitor and never cached across visitors.
type Personalization struct {
	ViewedProjectIDs []string  `json:"viewed_project_ids" doc:"Projects this visitor has interacted with"`
	Suggestions      []Project `json:"suggestions" doc:"Unseen projects sharing technologies with viewed ones"`
	Tracked          bool      `json:"tracked" doc:"false for bots and Do-Not-Track / Sec-GPC visitors"`
}

// SeedData is what a planter describes.
type SeedData struct {
	Name         string   `json:"name" minLength:"1" maxLength:"255" doc:"Plain text; at most 60 characters for visitors"`
	Description  string   `json:"description,omitempty" maxLength:"5000" doc:"Plain text; at most 500 characters for visitors"`
	PlantType    string   `json:"plant_type,omitempty"`
	Technologies []string `json:"technologies,omitempty" maxItems:"30"`
	GithubRepo   string   `json:"github_repo,omitempty" maxLength:"255"`
	DemoURL      string   `json:"demo_url,omitempty" maxLength:"500"`
}

// PlantSeedRequest is POST /api/v1/garden/plant-seed.
type PlantSeedRequest struct {
	SeedData SeedData `json:"seed_data"`
	Position Position `json:"position"`
}

// PlantedSeed answers a planting.
type PlantedSeed struct {
	Project Project `json:"project"`
	Visible bool    `json:"visible" doc:"false while the seed waits for the owner's approval"`
}

// ProjectDetail is GET /api/v1/projects/{project_id}.
type ProjectDetail struct {
	Project         Project          `json:"project"`
	GrowthHistory   []GrowthLogEntry `json:"growth_history"`
	RelatedProjects []Project        `json:"related_projects"`
	RelatedSkills   []Skill          `json:"related_skills"`
	Links           ProjectLinks     `json:"links"`
	Media           []ProjectMedia   `json:"media" doc:"Images, videos and links, in order"`
	Summary         *ProjectSummary  `json:"summary" doc:"null for a project garden_summary does not hold (archived, or planted since its last refresh)"`
}

// ProjectLinks are the project's outside links, empty when absent.
type ProjectLinks struct {
	Demo   string `json:"demo,omitempty"`
	Github string `json:"github,omitempty"`
}

// InteractionRequest is POST /api/v1/projects/{project_id}/interact.
type InteractionRequest struct {
	InteractionType string          `json:"interaction_type"`
	DurationSeconds float64         `json:"duration_seconds,omitempty" minimum:"0" maximum:"3600"`
	Metadata        json.RawMessage `json:"metadata,omitempty" doc:"Free-form JSON, at most 2048 bytes"`
}

// InteractionResult says what an interaction changed.
type InteractionResult struct {
	VisitorInteractions int     `json:"visitor_interactions"`
	GrowthFactor        float64 `json:"growth_factor"`
	StageChanged        bool    `json:"stage_changed"`
	PreviousStage       string  `json:"previous_stage"`
	NewStage            string  `json:"new_stage"`
	Recorded            bool    `json:"recorded" doc:"false for bots and Do-Not-Track visitors"`
}

// SessionReport is POST /api/v1/session: what the frontend knows about the
// visit. Every field is optional.
type SessionReport struct {
	EntryPoint         *string  `json:"entry_point,omitempty" maxLength:"255"`
	Referrer           *string  `json:"referrer,omitempty" maxLength:"2000" doc:"Only its host is kept"`
	ScreenResolution   *string  `json:"screen_resolution,omitempty" maxLength:"20" pattern:"^[0-9]{1,5}x[0-9]{1,5}$"`
	ScrollDepthPercent *float64 `json:"scroll_depth_percent,omitempty" minimum:"0" maximum:"100"`
	Area               *string  `json:"area,omitempty" minLength:"1" maxLength:"100" doc:"An area visited, appended to journey_path"`
	Leaving            bool     `json:"leaving,omitempty" doc:"The visitor is leaving: sets exit_point and ended_at"`
	ExitPoint          *string  `json:"exit_point,omitempty" maxLength:"255"`
}

// SessionState is the visitor's own session, as the API may show it.
type SessionState struct {
	EntryPoint         string     `json:"entry_point"`
	JourneyPath        []string   `json:"journey_path"`
	ExitPoint          string     `json:"exit_point"`
	ProjectsViewed     []string   `json:"projects_viewed"`
	TotalTimeSeconds   int        `json:"total_time_seconds"`
	ScrollDepthPercent *float64   `json:"scroll_depth_percent"`
	ClicksCount        int        `json:"clicks_count"`
	SeedsPlanted       int        `json:"seeds_planted"`
	DeviceType         string     `json:"device_type"`
	Browser            string     `json:"browser"`
	ScreenResolution   string     `json:"screen_resolution"`
	StartedAt          time.Time  `json:"started_at"`
	LastActivityAt     time.Time  `json:"last_activity_at"`
	EndedAt            *time.Time `json:"ended_at"`
}

// TokenRequest is POST /api/v1/auth/token.
type TokenRequest struct {
	Password string `json:"password" minLength:"1" maxLength:"1024"`
}

// Token is an admin bearer token.
type Token struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type" enum:"bearer"`
	ExpiresIn   int    `json:"expires_in" doc:"Seconds until the token expires"`
}

// ProjectCreate is POST /api/v1/admin/projects.
type ProjectCreate struct {
	Name         string   `json:"name" minLength:"1" maxLength:"255"`
	Description  string   `json:"description,omitempty" maxLength:"5000"`
	GithubRepo   string   `json:"github_repo,omitempty" maxLength:"255"`
	DemoURL      string   `json:"demo_url,omitempty" maxLength:"500"`
	PlantType    string   `json:"plant_type,omitempty"`
	GrowthStage  string   `json:"growth_stage,omitempty"`
	Position     Position `json:"position,omitempty"`
	Technologies []string `json:"technologies,omitempty" maxItems:"30"`
	Status       string   `json:"status,omitempty"`
	Visibility   string   `json:"visibility,omitempty"`
}

// ProjectUpdate is PATCH /api/v1/admin/projects/{project_id}; absent fields stay.
type ProjectUpdate struct {
	Name         *string   `json:"name,omitempty" minLength:"1" maxLength:"255"`
	Description  *string   `json:"description,omitempty" maxLength:"5000"`
	GithubRepo   *string   `json:"github_repo,omitempty" maxLength:"255"`
	DemoURL      *string   `json:"demo_url,omitempty" maxLength:"500"`
	PlantType    *string   `json:"plant_type,omitempty"`
	GrowthStage  *string   `json:"growth_stage,omitempty"`
	Position     *Position `json:"position,omitempty"`
	Technologies *[]string `json:"technologies,omitempty" maxItems:"30"`
	Status       *string   `json:"status,omitempty"`
	Visibility   *string   `json:"visibility,omitempty"`
	Moderation   *string   `json:"moderation,omitempty" enum:"approved,rejected" doc:"Approve or reject a visitor's seed"`
}

// SkillCreate is POST /api/v1/admin/skills.
type SkillCreate struct {
	Name               string   `json:"name" minLength:"1" maxLength:"100"`
	Category           string   `json:"category,omitempty"`
	ConstellationGroup string   `json:"constellation_group,omitempty" maxLength:"50"`
	ProficiencyLevel   int      `json:"proficiency_level,omitempty" minimum:"1" maximum:"10"`
	Brightness         *float64 `json:"brightness,omitempty" minimum:"0" maximum:"1"`
	PositionX          *float64 `json:"position_x,omitempty"`
	PositionY          *float64 `json:"position_y,omitempty"`
	HoursPracticed     int      `json:"hours_practiced,omitempty" minimum:"0"`
	FirstUsedDate      *string  `json:"first_used_date,omitempty" format:"date"`
	LastUsedDate       *string  `json:"last_used_date,omitempty" format:"date"`
	IconURL            string   `json:"icon_url,omitempty" maxLength:"500"`
	ColorHex           string   `json:"color_hex,omitempty" pattern:"^#[0-9a-fA-F]{6}$"`
	Description        string   `json:"description,omitempty" maxLength:"5000"`
}

// SkillUpdate is PATCH /api/v1/admin/skills/{skill_id}; absent fields stay.
type SkillUpdate struct {
	Name               *string  `json:"name,omitempty" minLength:"1" maxLength:"100"`
	Category           *string  `json:"category,omitempty"`
	ConstellationGroup *string  `json:"constellation_group,omitempty" maxLength:"50"`
	ProficiencyLevel   *int     `json:"proficiency_level,omitempty" minimum:"1" maximum:"10"`
	Brightness         *float64 `json:"brightness,omitempty" minimum:"0" maximum:"1"`
	PositionX          *float64 `json:"position_x,omitempty"`
	PositionY          *float64 `json:"position_y,omitempty"`
	HoursPracticed     *int     `json:"hours_practiced,omitempty" minimum:"0"`
	FirstUsedDate      *string  `json:"first_used_date,omitempty" format:"date" doc:"Becomes manual: kept by the insights job until cleared"`
	LastUsedDate       *string  `json:"last_used_date,omitempty" format:"date" doc:"Becomes manual: kept by the insights job until cleared"`
	Clear              []string `json:"clear,omitempty" enum:"brightness,first_used_date,last_used_date" uniqueItems:"true" doc:"Manual values to hand back to the insights job; they are derived again at once"`
	IconURL            *string  `json:"icon_url,omitempty" maxLength:"500"`
	ColorHex           *string  `json:"color_hex,omitempty" pattern:"^#[0-9a-fA-F]{6}$"`
	Description        *string  `json:"description,omitempty" maxLength:"5000"`
}

// MediaCreate is POST /api/v1/admin/projects/{project_id}/media.
type MediaCreate struct {
	Kind     string `json:"kind" enum:"image,video,link"`
	URL      string `json:"url" minLength:"1" maxLength:"2048" doc:"An absolute https URL"`
	Caption  string `json:"caption,omitempty" maxLength:"300"`
	AltText  string `json:"alt_text,omitempty" maxLength:"300" doc:"Required for an image"`
	Position int    `json:"position,omitempty" minimum:"0" doc:"1-based place to insert at; absent or 0 appends"`
}

// ConnectionRequest is PUT/DELETE /api/v1/admin/connections: two skills by
// id or name.
type ConnectionRequest struct {
	SkillA         string   `json:"skill_a" minLength:"1" maxLength:"100" doc:"Skill id or name"`
	SkillB         string   `json:"skill_b" minLength:"1" maxLength:"100" doc:"Skill id or name"`
	ConnectionType string   `json:"connection_type,omitempty"`
	Strength       *float64 `json:"strength,omitempty" minimum:"0" maximum:"1"`
}

// ConnectionResult answers PUT /api/v1/admin/connections.
type ConnectionResult struct {
	Connection SkillConnection `json:"connection"`
	Created    bool            `json:"created"`
}

// AnnounceRequest is POST /api/v1/system/announce.
type AnnounceRequest struct {
	Message string `json:"message" minLength:"1" maxLength:"500"`
}

// MoodUpdate is POST /api/v1/weather/mood-update: a manual weather override.
type MoodUpdate struct {
	WeatherType       string   `json:"weather_type,omitempty" doc:"Omitted: inferred from the mood with the weather model's rule (docs/weather-model.md)"`
	Intensity         *float64 `json:"intensity,omitempty" minimum:"0" maximum:"1" doc:"Omitted: the rule's intensity for the weather type"`
	MusicMood         string   `json:"music_mood,omitempty" maxLength:"50"`
	ProductivityScore *float64 `json:"productivity_score,omitempty" minimum:"0" maximum:"1"`
	CreativityIndex   *float64 `json:"creativity_index,omitempty" minimum:"0" maximum:"1"`
	StressLevel       *float64 `json:"stress_level,omitempty" minimum:"0" maximum:"1"`
	TimeOfDay         string   `json:"time_of_day,omitempty" doc:"Omitted: the current weather's"`
	Season            string   `json:"season,omitempty" doc:"Omitted: the current weather's"`
	HoldMinutes       int      `json:"hold_minutes,omitempty" minimum:"0" maximum:"10080" doc:"How long the override holds; 0 means 120"`
}

// WeatherUpdate answers a mood update.
type WeatherUpdate struct {
	Weather WeatherState `json:"weather"`
	Changed bool         `json:"changed"`
}

// Accepted answers a request whose work was handed on (a queued webhook
// delivery) or deliberately not done (an ignored event, a missing setting).
type Accepted struct {
	Status  string `json:"status" enum:"accepted,ignored,not_configured"`
	Message string `json:"message"`
}

// SyncStatus is GET/POST /api/v1/integrations/github/sync.
type SyncStatus struct {
	Configured bool       `json:"configured"`
	Status     string     `json:"status" enum:"idle,queued,running,succeeded,failed,not_configured" doc:"The latest run's state; idle when none ran"`
	LastSyncAt *time.Time `json:"last_sync_at" doc:"When a sync last read a repository"`
	Projects   int        `json:"projects" doc:"Projects linked to a GitHub repository"`
	JobID      int64      `json:"job_id,omitempty" doc:"The queued sync job (POST), or the latest run's"`
	LatestRun  *SyncRun   `json:"latest_run" doc:"The latest sync run (queued, by the schedule or from the CLI); null when none"`
}

// SyncRun is a GitHub sync run.
type SyncRun struct {
	State      string              `json:"state" enum:"queued,running,succeeded,failed"`
	Error      string              `json:"error,omitempty" doc:"Why the run failed"`
	QueuedAt   *time.Time          `json:"queued_at"`
	StartedAt  *time.Time          `json:"started_at"`
	FinishedAt *time.Time          `json:"finished_at"`
	Results    []SyncProjectResult `json:"results" doc:"One per project, once the run finished"`
}

// SyncProjectResult is what a sync run did to one project.
type SyncProjectResult struct {
	ProjectID         string   `json:"project_id"`
	Name              string   `json:"name"`
	Repo              string   `json:"repo"`
	Status            string   `json:"status" enum:"updated,unchanged,not_modified,fresh,would_update,failed"`
	CommitsDelta      int      `json:"commits_delta"`
	LinesDelta        int      `json:"lines_delta"`
	ComplexityChange  float64  `json:"complexity_change"`
	TechnologiesAdded []string `json:"technologies_added"`
	PreviousStage     string   `json:"previous_stage,omitempty"`
	NewStage          string   `json:"new_stage,omitempty"`
	Error             string   `json:"error,omitempty"`
}

// SpotifyState is GET /api/v1/integrations/spotify/current.
type SpotifyState struct {
	Configured bool       `json:"configured" doc:"false when Spotify credentials are not configured"`
	IsPlaying  bool       `json:"is_playing"`
	Track      *string    `json:"track"`
	Artists    []string   `json:"artists"`
	Genres     []string   `json:"genres" doc:"the artists' genres; often empty since Spotify stopped filling them"`
	Mood       string     `json:"mood" doc:"music mood derived from play state and genres (docs/integrations.md)"`
	FetchedAt  *time.Time `json:"fetched_at"`
}

// Health is GET /healthz and /readyz.
type Health struct {
	Status string `json:"status" enum:"ok"`
	Engine string `json:"engine,omitempty"`
}

// Deleted answers a delete.
type Deleted struct {
	ID      string `json:"id"`
	Deleted bool   `json:"deleted"`
}

// Announcement answers POST /api/v1/system/announce.
type Announcement struct {
	Event Event `json:"event"`
}

// GithubWebhook is the part of a GitHub webhook payload greenhouse reads.
type GithubWebhook struct {
	Ref        string         `json:"ref,omitempty"`
	Repository *GithubRepoRef `json:"repository,omitempty"`
	Commits    []GithubCommit `json:"commits,omitempty" maxItems:"2048"`
	Action     string         `json:"action,omitempty"`
}

// GithubRepoRef names a repository.
type GithubRepoRef struct {
	FullName string `json:"full_name"`
}

// GithubCommit is one pushed commit.
type GithubCommit struct {
	ID      string `json:"id"`
	Message string `json:"message,omitempty"`
}
