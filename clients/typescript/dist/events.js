export const gardenEventTypes = [
    "project_growth", "weather_change", "visitor_interaction", "skill_unlock", "seed_planted", "system_update",
];
