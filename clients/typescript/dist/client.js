// The typed REST client: openapi-fetch over the generated paths, plus the
// visitor session and the answers a frontend needs as plain values.
import createClient from "openapi-fetch";
import { memorySession, sessionHeader } from "./session.js";
import { follow } from "./stream.js";
/** A non-2xx answer: its RFC 9457 problem document. */
export class GreenhouseError extends Error {
    status;
    problem;
    retryAfter;
    constructor(status, problem, retryAfter) {
        const fields = (problem.errors ?? []).map((e) => `${e.location ?? ""}: ${e.message ?? ""}`).join("; ");
        super([`${status} ${problem.title ?? ""}`.trim(), problem.detail, fields].filter(Boolean).join(": "));
        this.name = "GreenhouseError";
        this.status = status;
        this.problem = problem;
        this.retryAfter = retryAfter;
    }
}
/** The default baseUrl: the page's origin in a browser. */
function defaultBase() {
    const loc = globalThis.location;
    if (loc?.origin && loc.origin !== "null")
        return loc.origin;
    throw new TypeError("baseUrl is required outside a browser");
}
function unwrap(r) {
    if (r.error !== undefined || r.data === undefined) {
        const problem = (r.error && typeof r.error === "object" ? r.error : { title: r.response.statusText });
        const ra = Number(r.response.headers.get("Retry-After"));
        throw new GreenhouseError(r.response.status, problem, Number.isFinite(ra) && ra > 0 ? ra : undefined);
    }
    return r.data;
}
export class GreenhouseClient {
    /** The openapi-fetch client: every operation of the API, typed. */
    api;
    baseUrl;
    session;
    /**
     * Whether the server records this visitor: false for Do-Not-Track,
     * Sec-GPC and bots; undefined until the garden was fetched once.
     */
    tracked;
    WS;
    constructor(opts = {}) {
        this.baseUrl = (opts.baseUrl ?? defaultBase()).replace(/\/+$/, "");
        this.session = opts.session ?? memorySession();
        this.WS = opts.WebSocket;
        this.api = createClient({
            baseUrl: this.baseUrl, fetch: opts.fetch, headers: opts.headers, credentials: opts.credentials ?? "include",
        });
        this.api.use(this.sessionMiddleware());
    }
    // The session rides in the X-Visitor-Session header both ways: the server
    // sends it with a new session (and the cookie), the client sends it back.
    sessionMiddleware() {
        return {
            onRequest: ({ request }) => {
                const token = this.session.get();
                if (token && !request.headers.has(sessionHeader))
                    request.headers.set(sessionHeader, token);
                return request;
            },
            onResponse: ({ response }) => {
                const token = response.headers.get(sessionHeader);
                if (token)
                    this.session.set(token);
                return response;
            },
        };
    }
    /** The whole garden, personalised for this visitor; starts the visitor's session. */
    async garden(query = {}) {
        const g = unwrap(await this.api.GET("/api/v1/garden", { params: { query } }));
        this.tracked = g.personalization.tracked;
        return g;
    }
    async weather() {
        return unwrap(await this.api.GET("/api/v1/garden/weather"));
    }
    async project(projectId) {
        return unwrap(await this.api.GET("/api/v1/projects/{project_id}", { params: { path: { project_id: projectId } } }));
    }
    /**
     * Records an interaction. A visitor the server does not record (DNT,
     * Sec-GPC, bot) gets `recorded: false` and the project's current numbers,
     * not an error.
     */
    async interact(projectId, body) {
        await this.ensureSession();
        return unwrap(await this.api.POST("/api/v1/projects/{project_id}/interact", {
            params: { path: { project_id: projectId } }, body,
        }));
    }
    /**
     * Plants a visitor's seed. `visible: false` in the answer: it waits for the
     * owner's approval (server.visitor_seeds: moderated).
     */
    async plantSeed(body) {
        await this.ensureSession();
        return unwrap(await this.api.POST("/api/v1/garden/plant-seed", { body }));
    }
    /**
     * Reports what the page knows about the visit. `recorded: false`: the
     * server keeps nothing of this visitor (DNT, Sec-GPC, bot).
     */
    async reportSession(body) {
        await this.ensureSession();
        const state = unwrap(await this.api.POST("/api/v1/session", { body }));
        return { recorded: this.tracked !== false, state };
    }
    /**
     * Follows /ws/garden. After a resync the garden is fetched again and
     * handed to onGarden (then onResync, when given, is called too).
     */
    events(opts = {}) {
        return follow(this.baseUrl, {
            WebSocket: this.WS,
            ...opts,
            onResync: async (ev) => {
                if (opts.onGarden)
                    opts.onGarden(await this.garden());
                await opts.onResync?.(ev);
            },
        });
    }
    // A session starts with the first garden; an API client that goes
    // straight to an interaction gets one first.
    async ensureSession() {
        if (this.tracked === undefined && !this.session.get())
            await this.garden();
    }
}
