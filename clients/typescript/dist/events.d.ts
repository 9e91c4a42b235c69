import type { components } from "./schema.js";
type Schemas = components["schemas"];
export type GrowthStage = Schemas["Project"]["growth_stage"];
export type PlantType = Schemas["Project"]["plant_type"];
export type WeatherType = Schemas["WeatherState"]["weather_type"];
export type Season = Schemas["WeatherState"]["season"];
export type TimeOfDay = Schemas["WeatherState"]["time_of_day"];
interface EventOf<T extends string, D> {
    id: number;
    event_type: T;
    timestamp: string;
    data: D;
}
export type ProjectGrowthEvent = EventOf<"project_growth", {
    project_id: string;
    name: string;
    previous_stage: GrowthStage;
    new_stage: GrowthStage;
    growth_factor: number;
}>;
export type WeatherChangeEvent = EventOf<"weather_change", {
    weather_type: WeatherType;
    intensity: number;
    time_of_day: TimeOfDay;
    season: Season;
    source: Schemas["WeatherState"]["source"];
    music_mood: string;
}>;
export type VisitorInteractionEvent = EventOf<"visitor_interaction", {
    project_id: string;
    interaction_type: Schemas["InteractionRequest"]["interaction_type"];
    device_type: string;
}>;
export type SkillUnlockEvent = EventOf<"skill_unlock", {
    skill_id: string;
    name: string;
    constellation: string;
    proficiency_level: number;
    previous_level: number;
}>;
export type SeedPlantedEvent = EventOf<"seed_planted", {
    project_id: string;
    name: string;
    plant_type: PlantType;
    growth_stage: GrowthStage;
    position: {
        x: number;
        y: number;
        z: number;
    };
    origin: Schemas["Project"]["origin"];
    visible: boolean;
}>;
/** An announcement, or an owner's edit ("garden_changed": reload what it names). */
export type SystemUpdateEvent = EventOf<"system_update", {
    message?: string;
    kind?: "garden_changed";
    entity?: string;
    id?: string;
    action?: string;
}>;
/** Sent instead of events that were pruned before a resuming client asked for them. */
export type ResyncEvent = EventOf<"resync", {
    reason: string;
    reload: string;
}>;
export type GardenEvent = ProjectGrowthEvent | WeatherChangeEvent | VisitorInteractionEvent | SkillUnlockEvent | SeedPlantedEvent | SystemUpdateEvent;
export type GardenEventType = GardenEvent["event_type"];
export declare const gardenEventTypes: readonly GardenEventType[];
export {};
