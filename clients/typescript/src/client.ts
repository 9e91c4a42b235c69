// The typed REST client: openapi-fetch over the generated paths, plus the
// visitor session and the answers a frontend needs as plain values.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.js";
import { memorySession, sessionHeader, type SessionStore } from "./session.js";
import { follow, type GardenStream, type StreamOptions } from "./stream.js";

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
export class GreenhouseError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfter?: number;

  constructor(status: number, problem: Problem, retryAfter?: number) {
    const fields = (problem.errors ?? []).map((e) => `${e.location ?? ""}: ${e.message ?? ""}`).join("; ");
    super([`${status} ${problem.title ?? ""}`.trim(), problem.detail, fields].filter(Boolean).join(": "));
    this.name = "GreenhouseError";
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

export interface GardenEventsOptions extends StreamOptions {
  /** Called with a fresh garden after a resync (the events the client missed are gone). */
  onGarden?: (garden: Garden) => void;
}

/** The default baseUrl: the page's origin in a browser. */
function defaultBase(): string {
  const loc = (globalThis as { location?: { origin?: string } }).location;
  if (loc?.origin && loc.origin !== "null") return loc.origin;
  throw new TypeError("baseUrl is required outside a browser");
}

function unwrap<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || r.data === undefined) {
    const problem = (r.error && typeof r.error === "object" ? r.error : { title: r.response.statusText }) as Problem;
    const ra = Number(r.response.headers.get("Retry-After"));
    throw new GreenhouseError(r.response.status, problem, Number.isFinite(ra) && ra > 0 ? ra : undefined);
  }
  return r.data;
}

export class GreenhouseClient {
  /** The openapi-fetch client: every operation of the API, typed. */
  readonly api: Client<paths>;
  readonly baseUrl: string;
  readonly session: SessionStore;
  /**
   * Whether the server records this visitor: false for Do-Not-Track,
   * Sec-GPC and bots; undefined until the garden was fetched once.
   */
  tracked: boolean | undefined;
  private readonly WS?: typeof WebSocket;

  constructor(opts: ClientOptions = {}) {
    this.baseUrl = (opts.baseUrl ?? defaultBase()).replace(/\/+$/, "");
    this.session = opts.session ?? memorySession();
    this.WS = opts.WebSocket;
    this.api = createClient<paths>({
      baseUrl: this.baseUrl, fetch: opts.fetch, headers: opts.headers, credentials: opts.credentials ?? "include",
    });
    this.api.use(this.sessionMiddleware());
  }

  // The session rides in the X-Visitor-Session header both ways: the server
  // sends it with a new session (and the cookie), the client sends it back.
  private sessionMiddleware(): Middleware {
    return {
      onRequest: ({ request }) => {
        const token = this.session.get();
        if (token && !request.headers.has(sessionHeader)) request.headers.set(sessionHeader, token);
        return request;
      },
      onResponse: ({ response }) => {
        const token = response.headers.get(sessionHeader);
        if (token) this.session.set(token);
        return response;
      },
    };
  }

  /** The whole garden, personalised for this visitor; starts the visitor's session. */
  async garden(query: paths["/api/v1/garden"]["get"]["parameters"]["query"] = {}): Promise<Garden> {
    const g = unwrap(await this.api.GET("/api/v1/garden", { params: { query } }));
    this.tracked = g.personalization.tracked;
    return g;
  }

  async weather(): Promise<WeatherState> {
    return unwrap(await this.api.GET("/api/v1/garden/weather"));
  }

  async project(projectId: string): Promise<ProjectDetail> {
    return unwrap(await this.api.GET("/api/v1/projects/{project_id}", { params: { path: { project_id: projectId } } }));
  }

  /**
   * Records an interaction. A visitor the server does not record (DNT,
   * Sec-GPC, bot) gets `recorded: false` and the project's current numbers,
   * not an error.
   */
  async interact(projectId: string, body: InteractionRequest): Promise<InteractionResult> {
    await this.ensureSession();
    return unwrap(await this.api.POST("/api/v1/projects/{project_id}/interact", {
      params: { path: { project_id: projectId } }, body,
    }));
  }

  /**
   * Plants a visitor's seed. `visible: false` in the answer: it waits for the
   * owner's approval (server.visitor_seeds: moderated).
   */
  async plantSeed(body: PlantSeedRequest): Promise<PlantedSeed> {
    await this.ensureSession();
    return unwrap(await this.api.POST("/api/v1/garden/plant-seed", { body }));
  }

  /**
   * Reports what the page knows about the visit. `recorded: false`: the
   * server keeps nothing of this visitor (DNT, Sec-GPC, bot).
   */
  async reportSession(body: SessionReport): Promise<{ recorded: boolean; state: SessionState }> {
    await this.ensureSession();
    const state = unwrap(await this.api.POST("/api/v1/session", { body }));
    return { recorded: this.tracked !== false, state };
  }

  /**
   * Follows /ws/garden. After a resync the garden is fetched again and
   * handed to onGarden (then onResync, when given, is called too).
   */
  events(opts: GardenEventsOptions = {}): GardenStream {
    return follow(this.baseUrl, {
      WebSocket: this.WS,
      ...opts,
      onResync: async (ev) => {
        if (opts.onGarden) opts.onGarden(await this.garden());
        await opts.onResync?.(ev);
      },
    });
  }

  // A session starts with the first garden; an API client that goes
  // straight to an interaction gets one first.
  private async ensureSession(): Promise<void> {
    if (this.tracked === undefined && !this.session.get()) await this.garden();
  }
}
