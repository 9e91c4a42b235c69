import { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";
import { type SessionStore } from "./session.js";
import { type GardenStream, type StreamOptions } from "./stream.js";
type Schemas = components["schemas"];
export type Garden = Schemas["Garden"];
export type Project = Schemas["Project"];
export type ProjectDetail = Schemas["ProjectDetail"];
export type Skill = Schemas["Skill"];
export type SkillConnection = Schemas["SkillConnection"];
export type WeatherState = Schemas["WeatherState"];
export type PlantSeedRequest = Schemas["PlantSeedRequest"];
export type PlantedSeed = Schemas["PlantedSeed"];
export type InteractionRequest = Schemas["InteractionRequest"];
export type InteractionResult = Schemas["InteractionResult"];
export type SessionReport = Schemas["SessionReport"];
export type SessionState = Schemas["SessionState"];
export type Problem = Schemas["ErrorModel"];
export interface ClientOptions {
    /** The greenhouse server, e.g. "https://garden.example.com" (default: this page's origin). */
    baseUrl?: string;
    /** Where the visitor session token lives (default: in memory). */
    session?: SessionStore;
    /** Send cookies cross-origin too (default "include"; the server must list the origin in server.cors_origins). */
    credentials?: RequestCredentials;
    fetch?: typeof fetch;
    /** Headers sent with every request (e.g. a User-Agent in Node). */
    headers?: Record<string, string>;
    /** The WebSocket constructor for events() (default globalThis.WebSocket). */
    WebSocket?: typeof WebSocket;
}
/** A non-2xx answer: its RFC 9457 problem document. */
export declare class GreenhouseError extends Error {
    readonly status: number;
    readonly problem: Problem;
    readonly retryAfter?: number;
    constructor(status: number, problem: Problem, retryAfter?: number);
}
export interface GardenEventsOptions extends StreamOptions {
    /** Called with a fresh garden after a resync (the events the client missed are gone). */
    onGarden?: (garden: Garden) => void;
}
export declare class GreenhouseClient {
    /** The openapi-fetch client: every operation of the API, typed. */
    readonly api: Client<paths>;
    readonly baseUrl: string;
    readonly session: SessionStore;
    /**
     * Whether the server records this visitor: false for Do-Not-Track,
     * Sec-GPC and bots; undefined until the garden was fetched once.
     */
    tracked: boolean | undefined;
    private readonly WS?;
    constructor(opts?: ClientOptions);
    private sessionMiddleware;
    /** The whole garden, personalised for this visitor; starts the visitor's session. */
    garden(query?: paths["/api/v1/garden"]["get"]["parameters"]["query"]): Promise<Garden>;
    weather(): Promise<WeatherState>;
    project(projectId: string): Promise<ProjectDetail>;
    /**
     * Records an interaction. A visitor the server does not record (DNT,
     * Sec-GPC, bot) gets `recorded: false` and the project's current numbers,
     * not an error.
     */
    interact(projectId: string, body: InteractionRequest): Promise<InteractionResult>;
    /**
     * Plants a visitor's seed. `visible: false` in the answer: it waits for the
     * owner's approval (server.visitor_seeds: moderated).
     */
    plantSeed(body: PlantSeedRequest): Promise<PlantedSeed>;
    /**
     * Reports what the page knows about the visit. `recorded: false`: the
     * server keeps nothing of this visitor (DNT, Sec-GPC, bot).
     */
    reportSession(body: SessionReport): Promise<{
        recorded: boolean;
        state: SessionState;
    }>;
    /**
     * Follows /ws/garden. After a resync the garden is fetched again and
     * handed to onGarden (then onResync, when given, is called too).
     */
    events(opts?: GardenEventsOptions): GardenStream;
    private ensureSession;
}
export {};
