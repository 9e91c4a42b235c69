export interface paths {
    "/api/v1/admin/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Connect two skills (or update the link) */
        put: operations["put-connection"];
        post?: never;
        /** Disconnect two skills */
        delete: operations["delete-connection"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Plant an owner's project */
        post: operations["create-project"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/projects/{project_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a project and its history */
        delete: operations["delete-project"];
        options?: never;
        head?: never;
        /** Change a project, or moderate a visitor's seed */
        patch: operations["update-project"];
        trace?: never;
    };
    "/api/v1/admin/projects/{project_id}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A project's media, in order */
        get: operations["list-project-media"];
        put?: never;
        /** Add an image, a video or a link to a project's page */
        post: operations["add-project-media"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/projects/{project_id}/media/{media_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a media item from a project's page */
        delete: operations["remove-project-media"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/seeds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Visitors' seeds, by moderation state */
        get: operations["list-seeds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/skills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a skill */
        post: operations["create-skill"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/skills/{skill_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a skill and its connections */
        delete: operations["delete-skill"];
        options?: never;
        head?: never;
        /** Change a skill */
        patch: operations["update-skill"];
        trace?: never;
    };
    "/api/v1/analytics/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Analytics dashboard */
        get: operations["analytics-dashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/realtime": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live numbers */
        get: operations["analytics-realtime"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange the admin password for a bearer token */
        post: operations["issue-token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/garden": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The whole garden, personalised for this visitor */
        get: operations["get-garden"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/garden/plant-seed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Plant a seed (visitor) or a project (admin token) */
        post: operations["plant-seed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/garden/weather": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The garden's current weather */
        get: operations["get-weather"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/github/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * GitHub sync status
         * @description When a sync last read a repository, the latest run (queued, running, succeeded, or failed with its error) and its per-repository results. Reading the status never starts a sync: the seed's GET-triggers-a-sync is replaced, on purpose, by POST on the same path (a GET must be safe to repeat, cache and prefetch).
         */
        get: operations["github-sync-status"];
        put?: never;
        /**
         * Request a GitHub sync
         * @description Queues a sync of every linked repository in the worker (the seed's GET that triggered a sync, made a POST on purpose) and answers 202 with the job id; repositories synced less than cache.github_ttl ago are skipped unless force=true.
         */
        post: operations["github-sync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/github/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** GitHub webhook (signed with github.webhook_secret) */
        post: operations["github-webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/spotify/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the owner is listening to */
        get: operations["spotify-current"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A project's page */
        get: operations["get-project"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/interact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a visitor's interaction */
        post: operations["interact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report what the frontend knows about this visit */
        post: operations["report-session"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/announce": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a system_update event */
        post: operations["announce"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/weather/mood-update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Override the weather by mood */
        post: operations["mood-update"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ws/garden": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live garden events (WebSocket)
         * @description A WebSocket upgrade. Each text frame is one GardenEvent (#/components/schemas/GardenEvent), discriminated by event_type (project_growth, weather_change, visitor_interaction, skill_unlock, seed_planted, system_update, resync). Resume with ?since=<last id>; a resync message says to reload /api/v1/garden. See docs/realtime.md.
         */
        get: operations["garden-events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Accepted: {
            message: string;
            /** @enum {string} */
            status: "accepted" | "ignored" | "not_configured";
        };
        AnalyticsDashboard: {
            browsers: components["schemas"]["BreakdownCount"][];
            countries: components["schemas"]["BreakdownCount"][];
            current: components["schemas"]["AnalyticsPeriod"];
            /** @description 24h, 7d, 30d, 90d, all or YYYY-MM-DD..YYYY-MM-DD */
            date_range: string;
            devices: components["schemas"]["BreakdownCount"][];
            entry_points: components["schemas"]["BreakdownCount"][];
            exit_points: components["schemas"]["BreakdownCount"][];
            /** Format: date-time */
            generated_at: string;
            growth: components["schemas"]["GrowthFigures"];
            /** @description The top 10 projects by interactions (then previous interactions, then name), and a last row summing the others when there are more */
            heatmap: components["schemas"]["HeatmapRow"][];
            interaction_types: components["schemas"]["BreakdownCount"][];
            journeys: components["schemas"]["BreakdownCount"][];
            performance: components["schemas"]["PerformanceFigures"];
            previous: components["schemas"]["AnalyticsPeriod"];
            previous_visitors: components["schemas"]["VisitorStats"];
            screen_resolutions: components["schemas"]["BreakdownCount"][];
            series: components["schemas"]["SeriesColumns"];
            /** @enum {string} */
            series_by: "hour" | "day";
            time_zone: string;
            visitors: components["schemas"]["VisitorStats"];
        };
        AnalyticsPeriod: {
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
        };
        Announcement: {
            event: components["schemas"]["Event"];
        };
        AnnounceRequest: {
            message: string;
        };
        BreakdownCount: {
            /** Format: int64 */
            count: number;
            key: string;
            /** Format: int64 */
            previous: number;
        };
        ConnectionRequest: {
            /** @enum {string} */
            connection_type?: "complement" | "prerequisite" | "similar";
            /** @description Skill id or name */
            skill_a: string;
            /** @description Skill id or name */
            skill_b: string;
            /** Format: double */
            strength?: number;
        };
        ConnectionResult: {
            connection: components["schemas"]["SkillConnection"];
            created: boolean;
        };
        Deleted: {
            deleted: boolean;
            id: string;
        };
        ErrorDetail: {
            /** @description Where the error occurred, e.g. 'body.items[3].tags' or 'path.thing-id' */
            location?: string;
            /** @description Error message text */
            message?: string;
            /** @description The value at the given location */
            value?: unknown;
        };
        ErrorModel: {
            /**
             * @description A human-readable explanation specific to this occurrence of the problem.
             * @example Property foo is required but is missing.
             */
            detail?: string;
            /** @description Optional list of individual error details */
            errors?: components["schemas"]["ErrorDetail"][];
            /**
             * Format: uri
             * @description A URI reference that identifies the specific occurrence of the problem.
             * @example https://example.com/error-log/abc123
             */
            instance?: string;
            /**
             * Format: int64
             * @description HTTP status code
             * @example 400
             */
            status: number;
            /**
             * @description A short, human-readable summary of the problem type. This value should not change between occurrences of the error.
             * @example Bad Request
             */
            title: string;
            /**
             * Format: uri
             * @description A URI reference to documentation for the problem type; absent means "about:blank"
             * @example https://example.com/errors/example
             */
            type?: string;
        };
        Event: {
            data: unknown;
            /** @enum {string} */
            event_type: "project_growth" | "weather_change" | "visitor_interaction" | "skill_unlock" | "seed_planted" | "system_update";
            /** Format: int64 */
            id: number;
            /** Format: date-time */
            timestamp: string;
        };
        Garden: {
            connections: components["schemas"]["SkillConnection"][];
            personalization: components["schemas"]["Personalization"];
            /** @description Visible projects, plus this visitor's own pending seeds */
            projects: components["schemas"]["Project"][];
            /** @enum {string} */
            season: "spring" | "summer" | "autumn" | "winter";
            skills: components["schemas"]["Skill"][];
            /** @enum {string} */
            time_of_day: "dawn" | "day" | "dusk" | "night";
            weather: components["schemas"]["WeatherState"];
        };
        /** @description A message of /ws/garden (one JSON text frame); event_type says which */
        GardenEvent: components["schemas"]["ProjectGrowthEvent"] | components["schemas"]["WeatherChangeEvent"] | components["schemas"]["VisitorInteractionEvent"] | components["schemas"]["SkillUnlockEvent"] | components["schemas"]["SeedPlantedEvent"] | components["schemas"]["SystemUpdateEvent"] | components["schemas"]["ResyncEvent"];
        GrowthFigures: {
            changes: components["schemas"]["StageChange"][];
            previous_changes: components["schemas"]["StageChange"][];
            /** Format: int64 */
            previous_stage_changes: number;
            projects: components["schemas"]["ProjectGrowth"][];
            /** Format: int64 */
            stage_changes: number;
        };
        GrowthLogEntry: {
            /** Format: int64 */
            commits_delta: number;
            /** Format: double */
            complexity_change: number;
            deployment_events?: unknown;
            github_activity?: unknown;
            /** Format: double */
            growth_factor: number | null;
            /** Format: uuid */
            id: string;
            /** Format: int64 */
            interactions: number;
            /** Format: int64 */
            lines_added: number;
            /** Format: int64 */
            lines_removed: number;
            /** @enum {string} */
            new_stage: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** Format: int64 */
            page_views: number;
            /** @enum {string} */
            previous_stage: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** Format: uuid */
            project_id: string;
            /** Format: date-time */
            recorded_at: string;
            /** Format: int64 */
            time_spent_minutes: number;
            /** @description YYYY-MM-DD in analytics.timezone on a daily visits row (page_views, interactions, time_spent_minutes of that day), else null */
            visits_day: string | null;
        };
        Health: {
            engine?: string;
            /** @enum {string} */
            status: "ok";
        };
        HeatmapRow: {
            /** @description Interactions at index weekday*24 + hour (weekday 0 = Sunday), local time */
            interactions: number[];
            /** @description The same cells in the previous period */
            previous_interactions: number[];
            /**
             * Format: uuid
             * @description Absent on the row that sums the projects after the top 10
             */
            project_id?: string;
            project_name: string;
            /**
             * Format: int64
             * @description How many projects the row sums: 1, or more on the last row of the others
             */
            projects: number;
        };
        InteractionRequest: {
            /** Format: double */
            duration_seconds?: number;
            /** @enum {string} */
            interaction_type: "view" | "click" | "hover" | "like" | "share" | "open_demo" | "open_repo" | "dwell";
            /** @description Free-form JSON, at most 2048 bytes */
            metadata?: unknown;
        };
        InteractionResult: {
            /** Format: double */
            growth_factor: number;
            /** @enum {string} */
            new_stage: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** @enum {string} */
            previous_stage: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** @description false for bots and Do-Not-Track visitors */
            recorded: boolean;
            stage_changed: boolean;
            /** Format: int64 */
            visitor_interactions: number;
        };
        MediaCreate: {
            /** @description Required for an image */
            alt_text?: string;
            caption?: string;
            /** @enum {string} */
            kind: "image" | "video" | "link";
            /**
             * Format: int64
             * @description 1-based place to insert at; absent or 0 appends
             */
            position?: number;
            /** @description An absolute https URL */
            url: string;
        };
        MoodUpdate: {
            /** Format: double */
            creativity_index?: number;
            /**
             * Format: int64
             * @description How long the override holds; 0 means 120
             */
            hold_minutes?: number;
            /**
             * Format: double
             * @description Omitted: the rule's intensity for the weather type
             */
            intensity?: number;
            music_mood?: string;
            /** Format: double */
            productivity_score?: number;
            /**
             * @description Omitted: the current weather's
             * @enum {string}
             */
            season?: "spring" | "summer" | "autumn" | "winter";
            /** Format: double */
            stress_level?: number;
            /**
             * @description Omitted: the current weather's
             * @enum {string}
             */
            time_of_day?: "dawn" | "day" | "dusk" | "night";
            /**
             * @description Omitted: inferred from the mood with the weather model's rule (docs/weather-model.md)
             * @enum {string}
             */
            weather_type?: "sunny" | "cloudy" | "stormy" | "aurora" | "starry";
        };
        PerformanceFigures: {
            /** @description All routes together */
            current: components["schemas"]["RouteStats"];
            previous: components["schemas"]["RouteStats"];
            routes: components["schemas"]["RouteStats"][];
        };
        Personalization: {
            /** @description Unseen projects sharing technologies with viewed ones */
            suggestions: components["schemas"]["Project"][];
            /** @description false for bots and Do-Not-Track / Sec-GPC visitors */
            tracked: boolean;
            /** @description Projects this visitor has interacted with */
            viewed_project_ids: string[];
        };
        PlantedSeed: {
            project: components["schemas"]["Project"];
            /** @description false while the seed waits for the owner's approval */
            visible: boolean;
        };
        PlantSeedRequest: {
            position: components["schemas"]["Position"];
            seed_data: components["schemas"]["SeedData"];
        };
        Position: {
            /**
             * Format: double
             * @description Left/right coordinate in the scene
             */
            x: number;
            /**
             * Format: double
             * @description Height above the ground
             */
            y: number;
            /**
             * Format: double
             * @description Depth coordinate in the scene
             */
            z: number;
        };
        Project: {
            /** Format: int64 */
            commit_count: number;
            /** Format: double */
            complexity_score: number;
            /** Format: date-time */
            created_at: string;
            demo_url: string;
            description: string;
            /** @description owner/name, empty when not linked */
            github_repo: string;
            /** @enum {string} */
            growth_stage: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** Format: uuid */
            id: string;
            /** Format: int64 */
            lines_of_code: number;
            /**
             * Format: int64
             * @description Items in the project's media list; the list itself is on the project's page
             */
            media_count: number;
            /** @enum {string} */
            moderation: "pending" | "approved" | "rejected";
            name: string;
            /**
             * @description owner projects, or seeds planted by visitors
             * @enum {string}
             */
            origin: "owner" | "visitor";
            /** @enum {string} */
            plant_type: "generic" | "tree" | "flower" | "vine" | "shrub" | "fern" | "succulent" | "cactus" | "herb";
            /** Format: date-time */
            planted_date: string;
            /** Format: double */
            position_x: number;
            /** Format: double */
            position_y: number;
            /** Format: double */
            position_z: number;
            /** @enum {string} */
            status: "active" | "archived" | "featured";
            technologies: string[];
            /** Format: date-time */
            updated_at: string;
            /** @enum {string} */
            visibility: "public" | "private" | "unlisted";
            /** Format: int64 */
            visitor_interactions: number;
        };
        ProjectCreate: {
            demo_url?: string;
            description?: string;
            github_repo?: string;
            /** @enum {string} */
            growth_stage?: "seed" | "sprout" | "growing" | "blooming" | "mature";
            name: string;
            /** @enum {string} */
            plant_type?: "generic" | "tree" | "flower" | "vine" | "shrub" | "fern" | "succulent" | "cactus" | "herb";
            position?: components["schemas"]["Position"];
            /** @enum {string} */
            status?: "active" | "archived" | "featured";
            technologies?: string[];
            /** @enum {string} */
            visibility?: "public" | "private" | "unlisted";
        };
        ProjectDetail: {
            growth_history: components["schemas"]["GrowthLogEntry"][];
            links: components["schemas"]["ProjectLinks"];
            /** @description Images, videos and links, in order */
            media: components["schemas"]["ProjectMedia"][];
            project: components["schemas"]["Project"];
            related_projects: components["schemas"]["Project"][];
            related_skills: components["schemas"]["Skill"][];
            /** @description null for a project garden_summary does not hold (archived, or planted since its last refresh) */
            summary: components["schemas"]["ProjectSummary"] | null;
        };
        ProjectGrowth: {
            /** Format: double */
            dwell_seconds: number;
            /** Format: int64 */
            interactions: number;
            name: string;
            /** Format: int64 */
            previous_interactions: number;
            /** Format: uuid */
            project_id: string;
            series: number[];
            /** @enum {string} */
            stage_at_end: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** @enum {string} */
            stage_at_start: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** Format: int64 */
            stage_changes: number;
        };
        ProjectGrowthData: {
            /**
             * Format: double
             * @description null when the stage was set by hand
             */
            growth_factor: number | null;
            name: string;
            /** @enum {string} */
            new_stage: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** @enum {string} */
            previous_stage: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** Format: uuid */
            project_id: string;
        };
        /** @description The project_growth message of /ws/garden */
        ProjectGrowthEvent: {
            data: components["schemas"]["ProjectGrowthData"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event_type: "project_growth";
            /**
             * Format: int64
             * @description Increasing; resume with ?since=<id>
             */
            id: number;
            /** Format: date-time */
            timestamp: string;
        };
        ProjectLinks: {
            demo?: string;
            github?: string;
        };
        ProjectMedia: {
            /** @description Always present for an image */
            alt_text: string;
            caption: string;
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "image" | "video" | "link";
            /**
             * Format: int64
             * @description 1-based place in the list
             */
            position: number;
            /** Format: uri */
            url: string;
        };
        ProjectSummary: {
            /**
             * Format: double
             * @description Mean length of the visits that viewed the project, from the analytics rollups; null before any
             */
            avg_visit_seconds: number | null;
            /**
             * Format: int64
             * @description Growth-log rows (daily visits rows left out), as of the last refresh (10 min)
             */
            growth_events: number;
            /**
             * Format: int64
             * @description Interactions over the last 7 days, from the hourly rollups
             */
            interactions_7d: number;
        };
        ProjectUpdate: {
            demo_url?: string;
            description?: string;
            github_repo?: string;
            /** @enum {string} */
            growth_stage?: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /**
             * @description Approve or reject a visitor's seed
             * @enum {string}
             */
            moderation?: "approved" | "rejected";
            name?: string;
            /** @enum {string} */
            plant_type?: "generic" | "tree" | "flower" | "vine" | "shrub" | "fern" | "succulent" | "cactus" | "herb";
            position?: components["schemas"]["Position"];
            /** @enum {string} */
            status?: "active" | "archived" | "featured";
            technologies?: string[];
            /** @enum {string} */
            visibility?: "public" | "private" | "unlisted";
        };
        RealtimeMetrics: {
            /** Format: int64 */
            active_visitors: number;
            /** Format: double */
            error_rate: number;
            /** Format: date-time */
            generated_at: string;
            growth_changes: components["schemas"]["StageChange"][];
            /** Format: int64 */
            open_sockets: number;
            /** Format: double */
            p95_ms: number;
            recent_interactions: components["schemas"]["RecentInteraction"][];
            /** Format: double */
            requests_per_minute: number;
        };
        RecentInteraction: {
            /** @enum {string} */
            device_type: "desktop" | "tablet" | "mobile";
            /** @enum {string} */
            interaction_type: "view" | "click" | "hover" | "like" | "share" | "open_demo" | "open_repo" | "dwell";
            /** Format: date-time */
            occurred_at: string;
            /** Format: uuid */
            project_id: string;
            project_name: string;
        };
        ResyncData: {
            reason: string;
            /** @description What to reload: /api/v1/garden */
            reload: string;
        };
        /** @description The resync message of /ws/garden */
        ResyncEvent: {
            data: components["schemas"]["ResyncData"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event_type: "resync";
            /**
             * Format: int64
             * @description Increasing; resume with ?since=<id>
             */
            id: number;
            /** Format: date-time */
            timestamp: string;
        };
        RouteStats: {
            /** Format: double */
            error_rate: number;
            /** Format: int64 */
            errors: number;
            method: string;
            /** Format: double */
            p50_ms: number;
            /** Format: double */
            p95_ms: number;
            /** Format: double */
            previous_p95_ms: number;
            /** Format: int64 */
            previous_requests: number;
            /** Format: int64 */
            requests: number;
            /** Format: double */
            requests_per_minute: number;
            route: string;
        };
        SeedData: {
            demo_url?: string;
            /** @description Plain text; at most 500 characters for visitors */
            description?: string;
            github_repo?: string;
            /** @description Plain text; at most 60 characters for visitors */
            name: string;
            /** @enum {string} */
            plant_type?: "generic" | "tree" | "flower" | "vine" | "shrub" | "fern" | "succulent" | "cactus" | "herb";
            technologies?: string[];
        };
        SeedPlantedData: {
            /** @enum {string} */
            growth_stage: "seed" | "sprout" | "growing" | "blooming" | "mature";
            name: string;
            /** @enum {string} */
            origin: "owner" | "visitor";
            /** @enum {string} */
            plant_type: "generic" | "tree" | "flower" | "vine" | "shrub" | "fern" | "succulent" | "cactus" | "herb";
            position: components["schemas"]["Position"];
            /** Format: uuid */
            project_id: string;
            /** @description false while a visitor's seed waits for approval */
            visible: boolean;
        };
        /** @description The seed_planted message of /ws/garden */
        SeedPlantedEvent: {
            data: components["schemas"]["SeedPlantedData"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event_type: "seed_planted";
            /**
             * Format: int64
             * @description Increasing; resume with ?since=<id>
             */
            id: number;
            /** Format: date-time */
            timestamp: string;
        };
        SeriesColumns: {
            bounces: number[];
            interactions: number[];
            previous_interactions: number[];
            previous_sessions: number[];
            sessions: number[];
            /** @description Start of each point (UTC); local days may be 23 or 25 hours long */
            start: string[];
        };
        SessionReport: {
            /** @description An area visited, appended to journey_path */
            area?: string;
            entry_point?: string;
            exit_point?: string;
            /** @description The visitor is leaving: sets exit_point and ended_at */
            leaving?: boolean;
            /** @description Only its host is kept */
            referrer?: string;
            screen_resolution?: string;
            /** Format: double */
            scroll_depth_percent?: number;
        };
        SessionState: {
            browser: string;
            /** Format: int64 */
            clicks_count: number;
            device_type: string;
            /** Format: date-time */
            ended_at: string | null;
            entry_point: string;
            exit_point: string;
            journey_path: string[];
            /** Format: date-time */
            last_activity_at: string;
            projects_viewed: string[];
            screen_resolution: string;
            /** Format: double */
            scroll_depth_percent: number | null;
            /** Format: int64 */
            seeds_planted: number;
            /** Format: date-time */
            started_at: string;
            /** Format: int64 */
            total_time_seconds: number;
        };
        Skill: {
            /** Format: double */
            brightness: number;
            /** @enum {string} */
            category: "frontend" | "backend" | "devops" | "design" | "data" | "mobile" | "tools" | "other";
            color_hex: string;
            constellation_group: string;
            /** Format: date-time */
            created_at: string;
            description: string;
            /** @description YYYY-MM-DD */
            first_used_date: string | null;
            /** Format: int64 */
            hours_practiced: number;
            icon_url: string;
            /** Format: uuid */
            id: string;
            /** @description YYYY-MM-DD */
            last_used_date: string | null;
            /** Format: double */
            learning_velocity: number;
            /** @description Derived values the owner set: the daily insights job keeps them until cleared */
            manual: ("brightness" | "first_used_date" | "last_used_date")[];
            name: string;
            /** Format: double */
            position_x: number | null;
            /** Format: double */
            position_y: number | null;
            /** Format: int64 */
            proficiency_level: number;
            /** Format: int64 */
            projects_used_in: number;
            /** Format: date-time */
            updated_at: string;
        };
        SkillConnection: {
            /** @enum {string} */
            connection_type: "complement" | "prerequisite" | "similar";
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            /**
             * Format: double
             * @description Phi coefficient of the two skills' use over the owner's projects (docs/skill-model.md); null when undefined
             */
            learning_correlation: number | null;
            /** Format: int64 */
            projects_combined: number;
            /** Format: uuid */
            skill_a_id: string;
            /** Format: uuid */
            skill_b_id: string;
            /** Format: double */
            strength: number;
        };
        SkillCreate: {
            /** Format: double */
            brightness?: number;
            /** @enum {string} */
            category?: "frontend" | "backend" | "devops" | "design" | "data" | "mobile" | "tools" | "other";
            color_hex?: string;
            constellation_group?: string;
            description?: string;
            /** Format: date */
            first_used_date?: string;
            /** Format: int64 */
            hours_practiced?: number;
            icon_url?: string;
            /** Format: date */
            last_used_date?: string;
            name: string;
            /** Format: double */
            position_x?: number;
            /** Format: double */
            position_y?: number;
            /** Format: int64 */
            proficiency_level?: number;
        };
        SkillUnlockData: {
            constellation: string;
            name: string;
            /** Format: int64 */
            previous_level: number;
            /** Format: int64 */
            proficiency_level: number;
            /**
             * @description added (previous_level 0), level_up, or first_use (the first project using it; previous_level 0)
             * @enum {string}
             */
            reason: "added" | "level_up" | "first_use";
            /** Format: uuid */
            skill_id: string;
        };
        /** @description The skill_unlock message of /ws/garden */
        SkillUnlockEvent: {
            data: components["schemas"]["SkillUnlockData"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event_type: "skill_unlock";
            /**
             * Format: int64
             * @description Increasing; resume with ?since=<id>
             */
            id: number;
            /** Format: date-time */
            timestamp: string;
        };
        SkillUpdate: {
            /** Format: double */
            brightness?: number;
            /** @enum {string} */
            category?: "frontend" | "backend" | "devops" | "design" | "data" | "mobile" | "tools" | "other";
            /** @description Manual values to hand back to the insights job; they are derived again at once */
            clear?: ("brightness" | "first_used_date" | "last_used_date")[];
            color_hex?: string;
            constellation_group?: string;
            description?: string;
            /**
             * Format: date
             * @description Becomes manual: kept by the insights job until cleared
             */
            first_used_date?: string;
            /** Format: int64 */
            hours_practiced?: number;
            icon_url?: string;
            /**
             * Format: date
             * @description Becomes manual: kept by the insights job until cleared
             */
            last_used_date?: string;
            name?: string;
            /** Format: double */
            position_x?: number;
            /** Format: double */
            position_y?: number;
            /** Format: int64 */
            proficiency_level?: number;
        };
        SpotifyState: {
            artists: string[];
            /** @description false when Spotify credentials are not configured */
            configured: boolean;
            /** Format: date-time */
            fetched_at: string | null;
            /** @description the artists' genres; often empty since Spotify stopped filling them */
            genres: string[];
            is_playing: boolean;
            /** @description music mood derived from play state and genres (docs/integrations.md) */
            mood: string;
            track: string | null;
        };
        StageChange: {
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            new_stage: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** @enum {string} */
            previous_stage: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** Format: uuid */
            project_id: string;
            project_name: string;
        };
        SyncProjectResult: {
            /** Format: int64 */
            commits_delta: number;
            /** Format: double */
            complexity_change: number;
            error?: string;
            /** Format: int64 */
            lines_delta: number;
            name: string;
            /** @enum {string} */
            new_stage?: "seed" | "sprout" | "growing" | "blooming" | "mature";
            /** @enum {string} */
            previous_stage?: "seed" | "sprout" | "growing" | "blooming" | "mature";
            project_id: string;
            repo: string;
            /** @enum {string} */
            status: "updated" | "unchanged" | "not_modified" | "fresh" | "would_update" | "failed";
            technologies_added: string[];
        };
        SyncRun: {
            /** @description Why the run failed */
            error?: string;
            /** Format: date-time */
            finished_at: string | null;
            /** Format: date-time */
            queued_at: string | null;
            /** @description One per project, once the run finished */
            results: components["schemas"]["SyncProjectResult"][];
            /** Format: date-time */
            started_at: string | null;
            /** @enum {string} */
            state: "queued" | "running" | "succeeded" | "failed";
        };
        SyncStatus: {
            configured: boolean;
            /**
             * Format: int64
             * @description The queued sync job (POST), or the latest run's
             */
            job_id?: number;
            /**
             * Format: date-time
             * @description When a sync last read a repository
             */
            last_sync_at: string | null;
            /** @description The latest sync run (queued, by the schedule or from the CLI); null when none */
            latest_run: components["schemas"]["SyncRun"] | null;
            /**
             * Format: int64
             * @description Projects linked to a GitHub repository
             */
            projects: number;
            /**
             * @description The latest run's state; idle when none ran
             * @enum {string}
             */
            status: "idle" | "queued" | "running" | "succeeded" | "failed" | "not_configured";
        };
        SystemUpdateData: {
            /**
             * @description What happened to it
             * @enum {string}
             */
            action?: "updated" | "deleted" | "connected" | "disconnected";
            /**
             * @description What changed
             * @enum {string}
             */
            entity?: "project" | "skill" | "connection";
            /** Format: uuid */
            id?: string;
            /** @enum {string} */
            kind?: "garden_changed";
            /** @description An announcement */
            message?: string;
        };
        /** @description The system_update message of /ws/garden */
        SystemUpdateEvent: {
            data: components["schemas"]["SystemUpdateData"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event_type: "system_update";
            /**
             * Format: int64
             * @description Increasing; resume with ?since=<id>
             */
            id: number;
            /** Format: date-time */
            timestamp: string;
        };
        Token: {
            access_token: string;
            /**
             * Format: int64
             * @description Seconds until the token expires
             */
            expires_in: number;
            /** @enum {string} */
            token_type: "bearer";
        };
        TokenRequest: {
            password: string;
        };
        VisitorInteractionData: {
            /** @enum {string} */
            device_type: "desktop" | "tablet" | "mobile";
            /** @enum {string} */
            interaction_type: "view" | "click" | "hover" | "like" | "share" | "open_demo" | "open_repo" | "dwell";
            /** Format: uuid */
            project_id: string;
        };
        /** @description The visitor_interaction message of /ws/garden */
        VisitorInteractionEvent: {
            data: components["schemas"]["VisitorInteractionData"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event_type: "visitor_interaction";
            /**
             * Format: int64
             * @description Increasing; resume with ?since=<id>
             */
            id: number;
            /** Format: date-time */
            timestamp: string;
        };
        VisitorStats: {
            /** Format: double */
            avg_visit_seconds: number;
            /** Format: double */
            bounce_rate: number;
            /** Format: int64 */
            bounces: number;
            /** Format: int64 */
            interactions: number;
            /** Format: double */
            median_visit_seconds: number;
            /** Format: double */
            projects_per_session: number;
            /** Format: int64 */
            sessions: number;
            /** Format: int64 */
            unique_visitors: number;
        };
        WeatherChangeData: {
            /** Format: double */
            intensity: number;
            music_mood: string;
            /** @enum {string} */
            season: "spring" | "summer" | "autumn" | "winter";
            /** @enum {string} */
            source: "computed" | "manual" | "default";
            /** @enum {string} */
            time_of_day: "dawn" | "day" | "dusk" | "night";
            /** @enum {string} */
            weather_type: "sunny" | "cloudy" | "stormy" | "aurora" | "starry";
        };
        /** @description The weather_change message of /ws/garden */
        WeatherChangeEvent: {
            data: components["schemas"]["WeatherChangeData"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            event_type: "weather_change";
            /**
             * Format: int64
             * @description Increasing; resume with ?since=<id>
             */
            id: number;
            /** Format: date-time */
            timestamp: string;
        };
        WeatherState: {
            actual_weather: string;
            /** Format: double */
            coding_hours_today: number;
            /** Format: double */
            creativity_index: number | null;
            /** Format: date-time */
            ended_at: string | null;
            /** Format: int64 */
            github_commits_today: number;
            /** Format: uuid */
            id: string;
            /** Format: double */
            intensity: number;
            music_mood: string;
            /** Format: date-time */
            override_until: string | null;
            /** Format: double */
            productivity_score: number | null;
            /** @enum {string} */
            season: "spring" | "summer" | "autumn" | "winter";
            /** @enum {string} */
            source: "computed" | "manual" | "default";
            /** Format: date-time */
            started_at: string;
            /** Format: double */
            stress_level: number | null;
            /** @enum {string} */
            time_of_day: "dawn" | "day" | "dusk" | "night";
            /** @enum {string} */
            weather_type: "sunny" | "cloudy" | "stormy" | "aurora" | "starry";
        };
        WeatherUpdate: {
            changed: boolean;
            weather: components["schemas"]["WeatherState"];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "put-connection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionResult"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionResult"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "delete-connection": {
        parameters: {
            query: {
                /** @description Skill id or name */
                skill_a: string;
                /** @description Skill id or name */
                skill_b: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deleted"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "create-project": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProjectCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "delete-project": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The project's id */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deleted"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "update-project": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The project's id */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProjectUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "list-project-media": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The project's id */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectMedia"][] | null;
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "add-project-media": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The project's id */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MediaCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectMedia"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "remove-project-media": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The media item's id */
                media_id: string;
                /** @description The project's id */
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deleted"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "list-seeds": {
        parameters: {
            query?: {
                /** @description Only seeds in this state */
                moderation?: "pending" | "approved" | "rejected";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"][] | null;
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "create-skill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SkillCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Skill"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "delete-skill": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The skill's id */
                skill_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deleted"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "update-skill": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The skill's id */
                skill_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SkillUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Skill"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "analytics-dashboard": {
        parameters: {
            query?: {
                /** @description 24h, 7d (default), 30d, 90d, all or YYYY-MM-DD..YYYY-MM-DD */
                date_range?: string;
            };
            header?: {
                /** @description no-cache computes the dashboard afresh instead of serving it from the cache (cache.dashboard_ttl) */
                "Cache-Control"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsDashboard"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Too Many Requests: over the route's rate limit (docs/operations.md) */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "analytics-realtime": {
        parameters: {
            query?: never;
            header?: {
                /** @description no-cache reads the stored figures afresh instead of from the cache (cache.realtime_ttl) */
                "Cache-Control"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RealtimeMetrics"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "issue-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "Cache-Control"?: string;
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Too Many Requests: over the route's rate limit (docs/operations.md) */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "get-garden": {
        parameters: {
            query?: {
                /** @description Show the garden in this season (response only) */
                season?: "spring" | "summer" | "autumn" | "winter";
                /** @description Show the garden under this sky (response only) */
                weather_type?: "sunny" | "cloudy" | "stormy" | "aurora" | "starry";
            };
            header?: {
                "If-None-Match"?: string;
                /** @description Visitor session token (from GET /api/v1/garden) */
                "X-Visitor-Session"?: string;
            };
            path?: never;
            cookie?: {
                /** @description Visitor session cookie (browsers) */
                greenhouse_session?: string;
            };
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "Cache-Control"?: string;
                    "Content-Type"?: string;
                    ETag?: string;
                    "Set-Cookie"?: string;
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    "X-Visitor-Session"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Garden"];
                };
            };
            /** @description Not Modified: the If-None-Match ETag is current; no body */
            304: {
                headers: {
                    /** @description The current ETag */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Too Many Requests: over the route's rate limit (docs/operations.md) */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "plant-seed": {
        parameters: {
            query?: never;
            header?: {
                /** @description Visitor session token (from GET /api/v1/garden) */
                "X-Visitor-Session"?: string;
            };
            path?: never;
            cookie?: {
                /** @description Visitor session cookie (browsers) */
                greenhouse_session?: string;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlantSeedRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlantedSeed"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Too Many Requests: over the route's rate limit (docs/operations.md) */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "get-weather": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WeatherState"];
                };
            };
            /** @description Too Many Requests: over the route's rate limit (docs/operations.md) */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "github-sync-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncStatus"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "github-sync": {
        parameters: {
            query?: {
                /** @description Ask GitHub even for repositories synced less than cache.github_ttl ago */
                force?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncStatus"];
                };
            };
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncStatus"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "github-webhook": {
        parameters: {
            query?: never;
            header: {
                /** @description GitHub's delivery id; a redelivery is a no-op */
                "X-GitHub-Delivery"?: string;
                /** @description push, ping, release, ... */
                "X-GitHub-Event": string;
                /** @description sha256=<hex HMAC-SHA256 of the body with github.webhook_secret>; missing or wrong is 401 */
                "X-Hub-Signature-256"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "spotify-current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpotifyState"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "get-project": {
        parameters: {
            query?: never;
            header?: {
                "If-None-Match"?: string;
                /** @description Visitor session token (from GET /api/v1/garden) */
                "X-Visitor-Session"?: string;
            };
            path: {
                /** @description The project's id */
                project_id: string;
            };
            cookie?: {
                /** @description Visitor session cookie (browsers) */
                greenhouse_session?: string;
            };
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "Cache-Control"?: string;
                    ETag?: string;
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectDetail"];
                };
            };
            /** @description Not Modified: the If-None-Match ETag is current; no body */
            304: {
                headers: {
                    /** @description The current ETag */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Too Many Requests: over the route's rate limit (docs/operations.md) */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    interact: {
        parameters: {
            query?: never;
            header?: {
                /** @description Visitor session token (from GET /api/v1/garden) */
                "X-Visitor-Session"?: string;
            };
            path: {
                /** @description The project's id */
                project_id: string;
            };
            cookie?: {
                /** @description Visitor session cookie (browsers) */
                greenhouse_session?: string;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InteractionRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InteractionResult"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Too Many Requests: over the route's rate limit (docs/operations.md) */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    /** @description Requests allowed in the rule's window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window ends (Unix seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "report-session": {
        parameters: {
            query?: never;
            header?: {
                /** @description Visitor session token (from GET /api/v1/garden) */
                "X-Visitor-Session"?: string;
            };
            path?: never;
            cookie?: {
                /** @description Visitor session cookie (browsers) */
                greenhouse_session?: string;
            };
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionReport"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionState"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    announce: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnnounceRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Announcement"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "mood-update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MoodUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WeatherUpdate"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unauthorized: the credentials are missing or not valid */
            401: {
                headers: {
                    /** @description Bearer realm="greenhouse" (admin routes) */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
    "garden-events": {
        parameters: {
            query?: {
                /** @description Only this project's events (plus those of no project) */
                project_id?: string;
                /** @description The id of the last event received: replay what came after it */
                since?: number;
                /** @description Comma-separated event types to keep: project_growth, weather_change, visitor_interaction, skill_unlock, seed_planted, system_update */
                types?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching Protocols: the socket is open and sends GardenEvent messages */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: not a WebSocket handshake */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Forbidden: the Origin is not one of server.cors_origins */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
            /** @description Service Unavailable: the database (or Redis) does not answer; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ErrorModel"];
                };
            };
        };
    };
}
