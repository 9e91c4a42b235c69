import { type GardenEvent, type GardenEventType, type ResyncEvent } from "./events.js";
export type StreamState = {
    state: "connected";
    since: number;
} | {
    state: "reconnecting";
    attempt: number;
    retryIn: number;
    code?: number;
    reason?: string;
} | {
    state: "closed";
    code?: number;
    reason?: string;
};
export interface StreamOptions {
    /** Resume after this event id; 0 (default) starts with live events only. */
    since?: number;
    /** Only these event types (server-side filter); empty for all. */
    types?: readonly GardenEventType[];
    /** Only this project's events (plus those concerning no project). */
    projectId?: string;
    onEvent?: (event: GardenEvent) => void;
    /** The events since the last id are gone: reload what you show. */
    onResync?: (event: ResyncEvent) => void | Promise<void>;
    onState?: (state: StreamState) => void;
    /** First retry delay in ms (default 500). */
    minBackoff?: number;
    /** Largest retry delay in ms (default 30000). */
    maxBackoff?: number;
    /** Factor applied to each delay (default uniform in [0.8, 1.2)). */
    jitter?: () => number;
    /** The WebSocket constructor (default globalThis.WebSocket). */
    WebSocket?: typeof WebSocket;
}
export interface GardenStream {
    /** The id of the last event received (the next resume point); 0 before any. */
    readonly lastEventId: number;
    /** Closes the socket (1000) and stops reconnecting. */
    close(): void;
}
/** backoff is min·2^(n-1), capped at max, times the jitter factor. */
export declare function backoff(n: number, min: number, max: number, jitter: () => number): number;
export declare function streamURL(baseUrl: string, since: number, opts: Pick<StreamOptions, "types" | "projectId">): string;
/** follow opens /ws/garden on baseUrl and keeps it open until close(). */
export declare function follow(baseUrl: string, opts?: StreamOptions): GardenStream;
