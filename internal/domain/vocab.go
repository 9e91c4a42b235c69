package domain

import "slices"

// The vocabularies below are the contract shared by the database CHECK
// constraints, the API's enums and the CLI's flag help. They are declared once
// here; migrations repeat them in SQL and a test keeps both in step.

// PlantTypes are the shapes a project can take in the garden.
var PlantTypes = []string{"generic", "tree", "flower", "vine", "shrub", "fern", "succulent", "cactus", "herb"}

// GrowthStages are ordered: a project only moves forward on its own.
var GrowthStages = []string{"seed", "sprout", "growing", "blooming", "mature"}

// ProjectStatuses says whether a project is shown and highlighted.
var ProjectStatuses = []string{"active", "archived", "featured"}

// Visibilities: public projects appear in the garden; unlisted ones are
// reachable by id; private ones only through admin tools.
var Visibilities = []string{"public", "private", "unlisted"}

// SkillCategories group skills by the kind of work they serve.
var SkillCategories = []string{"frontend", "backend", "devops", "design", "data", "mobile", "tools", "other"}

// ConnectionTypes describe how two skills relate.
var ConnectionTypes = []string{"complement", "prerequisite", "similar"}

// WeatherTypes is the garden's sky.
var WeatherTypes = []string{"sunny", "cloudy", "stormy", "aurora", "starry"}

// TimesOfDay follow sunrise and sunset at the configured place.
var TimesOfDay = []string{"dawn", "day", "dusk", "night"}

// Seasons are hemisphere aware.
var Seasons = []string{"spring", "summer", "autumn", "winter"}

// InteractionTypes are what a visitor can do with a project.
var InteractionTypes = []string{"view", "click", "hover", "like", "share", "open_demo", "open_repo", "dwell"}

// MediaKinds are what a project's media item can be (media.go).
var MediaKinds = []string{"image", "video", "link"}

// DeviceTypes are the coarse device classes derived from a user agent.
var DeviceTypes = []string{"desktop", "tablet", "mobile"}

// WeatherSources say where the current weather comes from: the weather
// model, the owner's override, or the fallback of a garden with no weather
// yet ("default", never stored).
var WeatherSources = []string{"computed", "manual", "default"}

// Origins say who planted a project.
var Origins = []string{OriginOwner, OriginVisitor}

// ModerationStates are a visitor seed's way through the owner's review.
var ModerationStates = []string{ModerationPending, ModerationApproved, ModerationRejected}

// EventTypes are the realtime events the garden emits.
var EventTypes = []string{EventProjectGrowth, EventWeatherChange, EventVisitorInteraction, EventSkillUnlock, EventSeedPlanted, EventSystemUpdate}

// Event type names.
const (
	EventProjectGrowth      = "project_growth"
	EventWeatherChange      = "weather_change"
	EventVisitorInteraction = "visitor_interaction"
	EventSkillUnlock        = "skill_unlock"
	EventSeedPlanted        = "seed_planted"
	EventSystemUpdate       = "system_update"

	// EventResync is no stored event: /ws/garden sends it to a client that
	// resumes from an event no longer kept, to say "reload the garden".
	EventResync = "resync"
)

// Project origins and moderation states for visitor-planted seeds.
const (
	OriginOwner   = "owner"
	OriginVisitor = "visitor"

	ModerationPending  = "pending"
	ModerationApproved = "approved"
	ModerationRejected = "rejected"
)

// StageIndex returns the position of stage in GrowthStages, or -1.
func StageIndex(stage string) int { return slices.Index(GrowthStages, stage) }
