-- The seed's schema on PostgreSQL, with native types (UUID, TEXT[], JSONB).
-- Timestamps are TIMESTAMPTZ so every instant is unambiguous (the API speaks
-- RFC 3339 UTC). IDs are generated in Go (UUIDv7); the defaults stay for
-- hand-written SQL. REAL columns of the seed are DOUBLE PRECISION: SQLite's REAL is
-- a double, and both engines must read back exactly what was written.

-- +goose Up
CREATE TABLE projects (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    description TEXT,
    github_repo VARCHAR(255),
    demo_url VARCHAR(500),
    plant_type VARCHAR(50) NOT NULL DEFAULT 'generic'
        CHECK (plant_type IN ('generic','tree','flower','vine','shrub','fern','succulent','cactus','herb')),
    growth_stage VARCHAR(20) NOT NULL DEFAULT 'seed'
        CHECK (growth_stage IN ('seed','sprout','growing','blooming','mature')),
    planted_date TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    position_x DOUBLE PRECISION NOT NULL DEFAULT 0,
    position_y DOUBLE PRECISION NOT NULL DEFAULT 0,
    position_z DOUBLE PRECISION NOT NULL DEFAULT 0,
    commit_count INTEGER NOT NULL DEFAULT 0 CHECK (commit_count >= 0),
    lines_of_code INTEGER NOT NULL DEFAULT 0 CHECK (lines_of_code >= 0),
    complexity_score DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (complexity_score >= 0),
    visitor_interactions INTEGER NOT NULL DEFAULT 0 CHECK (visitor_interactions >= 0),
    technologies TEXT[] NOT NULL DEFAULT '{}',
    status VARCHAR(20) NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived','featured')),
    visibility VARCHAR(20) NOT NULL DEFAULT 'public' CHECK (visibility IN ('public','private','unlisted')),
    origin VARCHAR(20) NOT NULL DEFAULT 'owner' CHECK (origin IN ('owner','visitor')),
    moderation VARCHAR(20) NOT NULL DEFAULT 'approved' CHECK (moderation IN ('pending','approved','rejected')),
    planted_by_session UUID,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_projects_growth_stage ON projects(growth_stage);
CREATE INDEX idx_projects_status ON projects(status);
CREATE INDEX idx_projects_planted_date ON projects(planted_date);
-- The owner names projects uniquely (case-insensitively) so the CLI can find them by name.
CREATE UNIQUE INDEX idx_projects_owner_name ON projects(lower(name)) WHERE origin = 'owner';

CREATE TABLE project_growth_log (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id UUID NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    commits_delta INTEGER NOT NULL DEFAULT 0,
    lines_added INTEGER NOT NULL DEFAULT 0,
    lines_removed INTEGER NOT NULL DEFAULT 0,
    complexity_change DOUBLE PRECISION NOT NULL DEFAULT 0,
    github_activity JSONB,
    deployment_events JSONB,
    page_views INTEGER NOT NULL DEFAULT 0,
    interactions INTEGER NOT NULL DEFAULT 0,
    time_spent_minutes INTEGER NOT NULL DEFAULT 0,
    previous_stage VARCHAR(20),
    new_stage VARCHAR(20),
    growth_factor DOUBLE PRECISION CHECK (growth_factor IS NULL OR (growth_factor >= 0 AND growth_factor <= 1)),
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_growth_log_project ON project_growth_log(project_id);
CREATE INDEX idx_growth_log_recorded ON project_growth_log(recorded_at);

CREATE TABLE skills (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(100) NOT NULL,
    category VARCHAR(50) CHECK (category IN ('frontend','backend','devops','design','data','mobile','tools','other')),
    constellation_group VARCHAR(50),
    position_x DOUBLE PRECISION,
    position_y DOUBLE PRECISION,
    brightness DOUBLE PRECISION NOT NULL DEFAULT 0.5 CHECK (brightness >= 0 AND brightness <= 1),
    proficiency_level INTEGER CHECK (proficiency_level >= 1 AND proficiency_level <= 10),
    hours_practiced INTEGER NOT NULL DEFAULT 0 CHECK (hours_practiced >= 0),
    projects_used_in INTEGER NOT NULL DEFAULT 0,
    first_used_date DATE,
    last_used_date DATE,
    learning_velocity DOUBLE PRECISION NOT NULL DEFAULT 0,
    icon_url VARCHAR(500),
    color_hex VARCHAR(7) CHECK (color_hex IS NULL OR color_hex ~ '^#[0-9a-f]{6}$'),
    description TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_skills_category ON skills(category);
CREATE INDEX idx_skills_constellation ON skills(constellation_group);
CREATE UNIQUE INDEX idx_skills_name ON skills(lower(name));

CREATE TABLE skill_connections (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    skill_a_id UUID NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    skill_b_id UUID NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    connection_type VARCHAR(50) CHECK (connection_type IN ('complement','prerequisite','similar')),
    strength DOUBLE PRECISION NOT NULL DEFAULT 0.5 CHECK (strength >= 0 AND strength <= 1),
    projects_combined INTEGER NOT NULL DEFAULT 0,
    learning_correlation DOUBLE PRECISION,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    UNIQUE (skill_a_id, skill_b_id),
    -- (a,b) and (b,a) are one connection: the pair is stored ordered, never a self link.
    CHECK (skill_a_id < skill_b_id)
);

CREATE TABLE weather_states (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    weather_type VARCHAR(50) CHECK (weather_type IN ('sunny','cloudy','stormy','aurora','starry')),
    intensity DOUBLE PRECISION CHECK (intensity >= 0 AND intensity <= 1),
    github_commits_today INTEGER NOT NULL DEFAULT 0,
    coding_hours_today DOUBLE PRECISION NOT NULL DEFAULT 0,
    music_mood VARCHAR(50),
    actual_weather VARCHAR(50),
    productivity_score DOUBLE PRECISION CHECK (productivity_score IS NULL OR (productivity_score >= 0 AND productivity_score <= 1)),
    creativity_index DOUBLE PRECISION CHECK (creativity_index IS NULL OR (creativity_index >= 0 AND creativity_index <= 1)),
    stress_level DOUBLE PRECISION CHECK (stress_level IS NULL OR (stress_level >= 0 AND stress_level <= 1)),
    time_of_day VARCHAR(20) CHECK (time_of_day IN ('dawn','day','dusk','night')),
    season VARCHAR(20) CHECK (season IN ('spring','summer','autumn','winter')),
    source VARCHAR(20) NOT NULL DEFAULT 'computed' CHECK (source IN ('computed','manual')),
    override_until TIMESTAMPTZ,
    started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    ended_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_weather_states_started ON weather_states(started_at);
CREATE INDEX idx_weather_states_type ON weather_states(weather_type);

CREATE TABLE visitor_sessions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_token VARCHAR(255) UNIQUE,
    user_agent TEXT,
    ip_hash VARCHAR(64),
    country_code VARCHAR(2),
    projects_viewed UUID[] NOT NULL DEFAULT '{}',
    time_spent_per_project JSONB NOT NULL DEFAULT '{}',
    interaction_events JSONB[] NOT NULL DEFAULT '{}',
    entry_point VARCHAR(255),
    journey_path TEXT[] NOT NULL DEFAULT '{}',
    exit_point VARCHAR(255),
    total_time_seconds INTEGER NOT NULL DEFAULT 0,
    scroll_depth_percent DOUBLE PRECISION CHECK (scroll_depth_percent IS NULL OR (scroll_depth_percent >= 0 AND scroll_depth_percent <= 100)),
    clicks_count INTEGER NOT NULL DEFAULT 0,
    seeds_planted INTEGER NOT NULL DEFAULT 0,
    device_type VARCHAR(20) CHECK (device_type IS NULL OR device_type IN ('desktop','tablet','mobile')),
    browser VARCHAR(50),
    screen_resolution VARCHAR(20),
    started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_activity_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    ended_at TIMESTAMPTZ
);
CREATE INDEX idx_visitor_sessions_started ON visitor_sessions(started_at);
CREATE INDEX idx_visitor_sessions_device ON visitor_sessions(device_type);
CREATE INDEX idx_visitor_sessions_activity ON visitor_sessions(last_activity_at);

-- Raw interactions, one row each, for analytics. The session keeps only the
-- latest few in interaction_events so its row stays small.
CREATE TABLE interactions (
    id UUID PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES visitor_sessions(id) ON DELETE CASCADE,
    project_id UUID NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    interaction_type VARCHAR(20) NOT NULL
        CHECK (interaction_type IN ('view','click','hover','like','share','open_demo','open_repo','dwell')),
    duration_seconds DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (duration_seconds >= 0),
    metadata JSONB,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_interactions_occurred ON interactions(occurred_at);
CREATE INDEX idx_interactions_project ON interactions(project_id, occurred_at);
CREATE INDEX idx_interactions_session ON interactions(session_id);

-- Realtime events, written in the transaction of the change they describe.
-- No foreign key: an event outlives the project it mentions.
CREATE TABLE events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_type VARCHAR(30) NOT NULL
        CHECK (event_type IN ('project_growth','weather_change','visitor_interaction','skill_unlock','seed_planted','system_update')),
    project_id UUID,
    data JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_events_created ON events(created_at);

-- The seed's summary view. The seed averages vs.time_spent_seconds, a column
-- that does not exist; total_time_seconds is what it meant.
CREATE MATERIALIZED VIEW garden_summary AS
SELECT
    p.id,
    p.name,
    p.growth_stage,
    p.position_x,
    p.position_y,
    p.position_z,
    COUNT(DISTINCT pgl.id) AS growth_events,
    AVG(vs.total_time_seconds)::DOUBLE PRECISION AS avg_visit_time
FROM projects p
LEFT JOIN project_growth_log pgl ON p.id = pgl.project_id
LEFT JOIN visitor_sessions vs ON p.id = ANY(vs.projects_viewed)
WHERE p.status IN ('active', 'featured')
GROUP BY p.id, p.name, p.growth_stage, p.position_x, p.position_y, p.position_z;
CREATE UNIQUE INDEX idx_garden_summary_id ON garden_summary(id);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION refresh_garden_summary()
RETURNS void AS $$
BEGIN
    REFRESH MATERIALIZED VIEW garden_summary;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION IF EXISTS refresh_garden_summary();
DROP MATERIALIZED VIEW IF EXISTS garden_summary;
DROP TABLE IF EXISTS events;
DROP TABLE IF EXISTS interactions;
DROP TABLE IF EXISTS visitor_sessions;
DROP TABLE IF EXISTS weather_states;
DROP TABLE IF EXISTS skill_connections;
DROP TABLE IF EXISTS skills;
DROP TABLE IF EXISTS project_growth_log;
DROP TABLE IF EXISTS projects;
