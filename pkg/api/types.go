// Package api holds the wire types of the greenhouse REST API and a Go client
// for it. Field names are the database columns, in snake_case; timestamps are
// RFC 3339 in UTC.
package api

import (
	"encoding/json"
	"time"
)

// Position is a point in the 3D garden.
type Position struct {
	X float64 `json:"x" doc:"Left/right coordinate in the scene"`
	Y float64 `json:"y" doc:"Height above the ground"`
	Z float64 `json:"z" doc:"Depth coordinate in the scene"`
}

// Project is a plant in the garden.
type Project struct {
	ID                  string    `json:"id" format:"uuid"`
	Name                string    `json:"name"`
	Description         string    `json:"description"`
	GithubRepo          string    `json:"github_repo" doc:"owner/name, empty when not linked"`
	DemoURL             string    `json:"demo_url"`
	PlantType           string    `json:"plant_type"`
	GrowthStage         string    `json:"growth_stage"`
	PlantedDate         time.Time `json:"planted_date"`
	PositionX           float64   `json:"position_x"`
	PositionY           float64   `json:"position_y"`
	PositionZ           float64   `json:"position_z"`
	CommitCount         int       `json:"commit_count"`
	LinesOfCode         int       `json:"lines_of_code"`
	ComplexityScore     float64   `json:"complexity_score"`
	VisitorInteractions int       `json:"visitor_interactions"`
	Technologies        []string  `json:"technologies"`
	Status              string    `json:"status"`
	Visibility          string    `json:"visibility"`
	Origin              string    `json:"origin" doc:"owner projects, or seeds planted by visitors"`
	Moderation          string    `json:"moderation"`
	MediaCount          int       `json:"media_count" doc:"Items in the project's media list; the list itself is on the project's page"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
}

// GrowthLogEntry is one step of a project's growth history.
type GrowthLogEntry struct {
	ID               string          `json:"id" format:"uuid"`
	ProjectID        string          `json:"project_id" format:"uuid"`
	CommitsDelta     int             `json:"commits_delta"`
	LinesAdded       int             `json:"lines_added"`
	LinesRemoved     int             `json:"lines_removed"`
	ComplexityChange float64         `json:"complexity_change"`
	GithubActivity   json.RawMessage `json:"github_activity,omitempty"`
	DeploymentEvents json.RawMessage `json:"deployment_events,omitempty"`
	PageViews        int             `json:"page_views"`
	Interactions     int             `json:"interactions"`
	TimeSpentMinutes int             `json:"time_spent_minutes"`
	PreviousStage    string          `json:"previous_stage"`
	NewStage         string          `json:"new_stage"`
	GrowthFactor     *float64        `json:"growth_factor"`
	VisitsDay        *string         `json:"visits_day" doc:"YYYY-MM-DD in analytics.timezone on a daily visits row (page_views, interactions, time_spent_minutes of that day), else null"`
	RecordedAt       time.Time       `json:"recorded_at"`
}

// Skill is a star of the skill constellation.
type Skill struct {
	ID                 string    `json:"id" format:"uuid"`
	Name               string    `json:"name"`
	Category           string    `json:"category"`
	ConstellationGroup string    `json:"constellation_group"`
	PositionX          *float64  `json:"position_x"`
	PositionY          *float64  `json:"position_y"`
	Brightness         float64   `json:"brightness" minimum:"0" maximum:"1"`
	ProficiencyLevel   int       `json:"proficiency_level" minimum:"1" maximum:"10"`
	HoursPracticed     int       `json:"hours_practiced"`
	ProjectsUsedIn     int       `json:"projects_used_in"`
	FirstUsedDate      *string   `json:"first_used_date" doc:"YYYY-MM-DD"`
	LastUsedDate       *string   `json:"last_used_date" doc:"YYYY-MM-DD"`
	LearningVelocity   float64   `json:"learning_velocity"`
	Manual             []string  `json:"manual" enum:"brightness,first_used_date,last_used_date" doc:"Derived values the owner set: the daily insights job keeps them until cleared"`
	IconURL            string    `json:"icon_url"`
	ColorHex           string    `json:"color_hex"`
	Description        string    `json:"description"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// SkillConnection links two skills; skill_a_id is the smaller id.
type SkillConnection struct {
	ID                  string    `json:"id" format:"uuid"`
	SkillAID            string    `json:"skill_a_id" format:"uuid"`
	SkillBID            string    `json:"skill_b_id" format:"uuid"`
	ConnectionType      string    `json:"connection_type"`
	Strength            float64   `json:"strength"`
	ProjectsCombined    int       `json:"projects_combined"`
	LearningCorrelation *float64  `json:"learning_correlation" minimum:"-1" maximum:"1" doc:"Phi coefficient of the two skills' use over the owner's projects (docs/skill-model.md); null when undefined"`
	CreatedAt           time.Time `json:"created_at"`
}

// WeatherState is the garden's current atmosphere.
type WeatherState struct {
	ID                 string     `json:"id" format:"uuid"`
	WeatherType        string     `json:"weather_type"`
	Intensity          float64    `json:"intensity"`
	GithubCommitsToday int        `json:"github_commits_today"`
	CodingHoursToday   float64    `json:"coding_hours_today"`
	MusicMood          string     `json:"music_mood"`
	ActualWeather      string     `json:"actual_weather"`
	ProductivityScore  *float64   `json:"productivity_score"`
	CreativityIndex    *float64   `json:"creativity_index"`
	StressLevel        *float64   `json:"stress_level"`
	TimeOfDay          string     `json:"time_of_day"`
	Season             string     `json:"season"`
	Source             string     `json:"source"`
	OverrideUntil      *time.Time `json:"override_until"`
	StartedAt          time.Time  `json:"started_at"`
	EndedAt            *time.Time `json:"ended_at"`
}

// Event is one realtime message on /ws/garden.
type Event struct {
	ID        int64           `json:"id"`
	EventType string          `json:"event_type"`
	Timestamp time.Time       `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// ProjectMedia is one item of a project's media list, in the owner's order.
type ProjectMedia struct {
	ID        string    `json:"id" format:"uuid"`
	Position  int       `json:"position" doc:"1-based place in the list"`
	Kind      string    `json:"kind" enum:"image,video,link"`
	URL       string    `json:"url" format:"uri"`
	Caption   string    `json:"caption"`
	AltText   string    `json:"alt_text" doc:"Always present for an image"`
	CreatedAt time.Time `json:"created_at"`
}

// ProjectSummary is garden_summary's row for a project, with its recent
// activity.
type ProjectSummary struct {
	GrowthEvents    int      `json:"growth_events" doc:"Growth-log rows (daily visits rows left out), as of the last refresh (10 min)"`
	AvgVisitSeconds *float64 `json:"avg_visit_seconds" doc:"Mean length of the visits that viewed the project, from the analytics rollups; null before any"`
	Interactions7d  int      `json:"interactions_7d" doc:"Interactions over the last 7 days, from the hourly rollups"`
}
