package api

// The data of each /ws/garden event, by event_type (docs/realtime.md). The
// OpenAPI document publishes them, each in its own <Type>Event schema, and
// the union GardenEvent discriminated by event_type; decode Event.Data into
// the one its EventType names.

// ProjectGrowthData is a project_growth event's data: a project reached
// another growth stage.
type ProjectGrowthData struct {
	ProjectID     string   `json:"project_id" format:"uuid"`
	Name          string   `json:"name"`
	PreviousStage string   `json:"previous_stage"`
	NewStage      string   `json:"new_stage"`
	GrowthFactor  *float64 `json:"growth_factor" doc:"null when the stage was set by hand"`
}

// WeatherChangeData is a weather_change event's data.
type WeatherChangeData struct {
	WeatherType string  `json:"weather_type"`
	Intensity   float64 `json:"intensity"`
	TimeOfDay   string  `json:"time_of_day"`
	Season      string  `json:"season"`
	Source      string  `json:"source"`
	MusicMood   string  `json:"music_mood"`
}

// VisitorInteractionData is a visitor_interaction event's data: what
// happened, never who.
type VisitorInteractionData struct {
	ProjectID       string `json:"project_id" format:"uuid"`
	InteractionType string `json:"interaction_type"`
	DeviceType      string `json:"device_type"`
}

// SkillUnlockData is a skill_unlock event's data: a skill was added (its
// previous_level is 0) or gained a level.
type SkillUnlockData struct {
	SkillID          string `json:"skill_id" format:"uuid"`
	Name             string `json:"name"`
	Constellation    string `json:"constellation"`
	ProficiencyLevel int    `json:"proficiency_level"`
	PreviousLevel    int    `json:"previous_level"`
	Reason           string `json:"reason" doc:"added (previous_level 0), level_up, or first_use (the first project using it; previous_level 0)"`
}

// SeedPlantedData is a seed_planted event's data.
type SeedPlantedData struct {
	ProjectID   string   `json:"project_id" format:"uuid"`
	Name        string   `json:"name"`
	PlantType   string   `json:"plant_type"`
	GrowthStage string   `json:"growth_stage"`
	Position    Position `json:"position"`
	Origin      string   `json:"origin"`
	Visible     bool     `json:"visible" doc:"false while a visitor's seed waits for approval"`
}

// SystemUpdateData is a system_update event's data: either an announcement
// (message) or an owner's edit (kind garden_changed, entity, id, action),
// after which a client reloads what it names.
type SystemUpdateData struct {
	Message string `json:"message,omitempty" doc:"An announcement"`
	Kind    string `json:"kind,omitempty" enum:"garden_changed"`
	Entity  string `json:"entity,omitempty" enum:"project,skill,connection" doc:"What changed"`
	ID      string `json:"id,omitempty" format:"uuid"`
	Action  string `json:"action,omitempty" enum:"updated,deleted,connected,disconnected" doc:"What happened to it"`
}

// ResyncData is the data of the resync message /ws/garden sends when the
// events after ?since= are no longer kept: reload, then carry on.
type ResyncData struct {
	Reason string `json:"reason"`
	Reload string `json:"reload" doc:"What to reload: /api/v1/garden"`
}
