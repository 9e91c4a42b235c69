-- The seed's schema on SQLite. Nearest equivalents of PostgreSQL's types, with
-- the same behaviour seen from the domain: UUIDs are canonical lowercase TEXT
-- (so their order matches PostgreSQL's), arrays and JSONB are JSON TEXT,
-- timestamps are UTC TEXT written by the driver (ordered like instants).

-- +goose Up
CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    description TEXT,
    github_repo VARCHAR(255),
    demo_url VARCHAR(500),
    plant_type VARCHAR(50) NOT NULL DEFAULT 'generic'
        CHECK (plant_type IN ('generic','tree','flower','vine','shrub','fern','succulent','cactus','herb')),
    growth_stage VARCHAR(20) NOT NULL DEFAULT 'seed'
        CHECK (growth_stage IN ('seed','sprout','growing','blooming','mature')),
    planted_date TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    position_x REAL NOT NULL DEFAULT 0,
    position_y REAL NOT NULL DEFAULT 0,
    position_z REAL NOT NULL DEFAULT 0,
    commit_count INTEGER NOT NULL DEFAULT 0 CHECK (commit_count >= 0),
    lines_of_code INTEGER NOT NULL DEFAULT 0 CHECK (lines_of_code >= 0),
    complexity_score REAL NOT NULL DEFAULT 0 CHECK (complexity_score >= 0),
    visitor_interactions INTEGER NOT NULL DEFAULT 0 CHECK (visitor_interactions >= 0),
    technologies TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(technologies)),
    status VARCHAR(20) NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived','featured')),
    visibility VARCHAR(20) NOT NULL DEFAULT 'public' CHECK (visibility IN ('public','private','unlisted')),
    origin VARCHAR(20) NOT NULL DEFAULT 'owner' CHECK (origin IN ('owner','visitor')),
    moderation VARCHAR(20) NOT NULL DEFAULT 'approved' CHECK (moderation IN ('pending','approved','rejected')),
    planted_by_session TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_projects_growth_stage ON projects(growth_stage);
CREATE INDEX idx_projects_status ON projects(status);
CREATE INDEX idx_projects_planted_date ON projects(planted_date);
CREATE UNIQUE INDEX idx_projects_owner_name ON projects(lower(name)) WHERE origin = 'owner';

CREATE TABLE project_growth_log (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    commits_delta INTEGER NOT NULL DEFAULT 0,
    lines_added INTEGER NOT NULL DEFAULT 0,
    lines_removed INTEGER NOT NULL DEFAULT 0,
    complexity_change REAL NOT NULL DEFAULT 0,
    github_activity TEXT CHECK (github_activity IS NULL OR json_valid(github_activity)),
    deployment_events TEXT CHECK (deployment_events IS NULL OR json_valid(deployment_events)),
    page_views INTEGER NOT NULL DEFAULT 0,
    interactions INTEGER NOT NULL DEFAULT 0,
    time_spent_minutes INTEGER NOT NULL DEFAULT 0,
    previous_stage VARCHAR(20),
    new_stage VARCHAR(20),
    growth_factor REAL CHECK (growth_factor IS NULL OR (growth_factor >= 0 AND growth_factor <= 1)),
    recorded_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_growth_log_project ON project_growth_log(project_id);
CREATE INDEX idx_growth_log_recorded ON project_growth_log(recorded_at);

CREATE TABLE skills (
    id TEXT PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    category VARCHAR(50) CHECK (category IN ('frontend','backend','devops','design','data','mobile','tools','other')),
    constellation_group VARCHAR(50),
    position_x REAL,
    position_y REAL,
    brightness REAL NOT NULL DEFAULT 0.5 CHECK (brightness >= 0 AND brightness <= 1),
    proficiency_level INTEGER CHECK (proficiency_level >= 1 AND proficiency_level <= 10),
    hours_practiced INTEGER NOT NULL DEFAULT 0 CHECK (hours_practiced >= 0),
    projects_used_in INTEGER NOT NULL DEFAULT 0,
    first_used_date DATE,
    last_used_date DATE,
    learning_velocity REAL NOT NULL DEFAULT 0,
    icon_url VARCHAR(500),
    color_hex VARCHAR(7) CHECK (color_hex IS NULL OR color_hex GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    description TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_skills_category ON skills(category);
CREATE INDEX idx_skills_constellation ON skills(constellation_group);
CREATE UNIQUE INDEX idx_skills_name ON skills(lower(name));

CREATE TABLE skill_connections (
    id TEXT PRIMARY KEY,
    skill_a_id TEXT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    skill_b_id TEXT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    connection_type VARCHAR(50) CHECK (connection_type IN ('complement','prerequisite','similar')),
    strength REAL NOT NULL DEFAULT 0.5 CHECK (strength >= 0 AND strength <= 1),
    projects_combined INTEGER NOT NULL DEFAULT 0,
    learning_correlation REAL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (skill_a_id, skill_b_id),
    CHECK (skill_a_id < skill_b_id)
);

CREATE TABLE weather_states (
    id TEXT PRIMARY KEY,
    weather_type VARCHAR(50) CHECK (weather_type IN ('sunny','cloudy','stormy','aurora','starry')),
    intensity REAL CHECK (intensity >= 0 AND intensity <= 1),
    github_commits_today INTEGER NOT NULL DEFAULT 0,
    coding_hours_today REAL NOT NULL DEFAULT 0,
    music_mood VARCHAR(50),
    actual_weather VARCHAR(50),
    productivity_score REAL CHECK (productivity_score IS NULL OR (productivity_score >= 0 AND productivity_score <= 1)),
    creativity_index REAL CHECK (creativity_index IS NULL OR (creativity_index >= 0 AND creativity_index <= 1)),
    stress_level REAL CHECK (stress_level IS NULL OR (stress_level >= 0 AND stress_level <= 1)),
    time_of_day VARCHAR(20) CHECK (time_of_day IN ('dawn','day','dusk','night')),
    season VARCHAR(20) CHECK (season IN ('spring','summer','autumn','winter')),
    source VARCHAR(20) NOT NULL DEFAULT 'computed' CHECK (source IN ('computed','manual')),
    override_until TIMESTAMP,
    started_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ended_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_weather_states_started ON weather_states(started_at);
CREATE INDEX idx_weather_states_type ON weather_states(weather_type);

CREATE TABLE visitor_sessions (
    id TEXT PRIMARY KEY,
    session_token VARCHAR(255) UNIQUE,
    user_agent TEXT,
    ip_hash VARCHAR(64),
    country_code VARCHAR(2),
    projects_viewed TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(projects_viewed)),
    time_spent_per_project TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(time_spent_per_project)),
    interaction_events TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(interaction_events)),
    entry_point VARCHAR(255),
    journey_path TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(journey_path)),
    exit_point VARCHAR(255),
    total_time_seconds INTEGER NOT NULL DEFAULT 0,
    scroll_depth_percent REAL CHECK (scroll_depth_percent IS NULL OR (scroll_depth_percent >= 0 AND scroll_depth_percent <= 100)),
    clicks_count INTEGER NOT NULL DEFAULT 0,
    seeds_planted INTEGER NOT NULL DEFAULT 0,
    device_type VARCHAR(20) CHECK (device_type IS NULL OR device_type IN ('desktop','tablet','mobile')),
    browser VARCHAR(50),
    screen_resolution VARCHAR(20),
    started_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_activity_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ended_at TIMESTAMP
);
CREATE INDEX idx_visitor_sessions_started ON visitor_sessions(started_at);
CREATE INDEX idx_visitor_sessions_device ON visitor_sessions(device_type);
CREATE INDEX idx_visitor_sessions_activity ON visitor_sessions(last_activity_at);

CREATE TABLE interactions (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES visitor_sessions(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    interaction_type VARCHAR(20) NOT NULL
        CHECK (interaction_type IN ('view','click','hover','like','share','open_demo','open_repo','dwell')),
    duration_seconds REAL NOT NULL DEFAULT 0 CHECK (duration_seconds >= 0),
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    occurred_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_interactions_occurred ON interactions(occurred_at);
CREATE INDEX idx_interactions_project ON interactions(project_id, occurred_at);
CREATE INDEX idx_interactions_session ON interactions(session_id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_type VARCHAR(30) NOT NULL
        CHECK (event_type IN ('project_growth','weather_change','visitor_interaction','skill_unlock','seed_planted','system_update')),
    project_id TEXT,
    data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_events_created ON events(created_at);

-- SQLite has no materialized views: garden_summary is a table that the same
-- domain call (RefreshGardenSummary) rebuilds.
CREATE TABLE garden_summary (
    id TEXT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    growth_stage VARCHAR(20),
    position_x REAL,
    position_y REAL,
    position_z REAL,
    growth_events INTEGER NOT NULL DEFAULT 0,
    avg_visit_time REAL
);

-- +goose Down
DROP TABLE IF EXISTS garden_summary;
DROP TABLE IF EXISTS events;
DROP TABLE IF EXISTS interactions;
DROP TABLE IF EXISTS visitor_sessions;
DROP TABLE IF EXISTS weather_states;
DROP TABLE IF EXISTS skill_connections;
DROP TABLE IF EXISTS skills;
DROP TABLE IF EXISTS project_growth_log;
DROP TABLE IF EXISTS projects;
