// A /ws/garden follower with the semantics of the Go client (pkg/api
// stream.go): reconnect with exponential backoff and jitter, resume with
// ?since=<last id> so no event is missed, pass resync on, close cleanly.
import { gardenEventTypes, type GardenEvent, type GardenEventType, type ResyncEvent } from "./events.js";

export type StreamState =
  | { state: "connected"; since: number }
  | { state: "reconnecting"; attempt: number; retryIn: number; code?: number; reason?: string }
  | { state: "closed"; code?: number; reason?: string };

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

// Close codes after which reconnecting cannot help.
const policyViolation = 1008;
const tryAgainLater = 1013;

/** backoff is min·2^(n-1), capped at max, times the jitter factor. */
export function backoff(n: number, min: number, max: number, jitter: () => number): number {
  let d = min;
  for (let i = 1; i < n && d < max; i++) d *= 2;
  return Math.min(d, max) * jitter();
}

export function streamURL(baseUrl: string, since: number, opts: Pick<StreamOptions, "types" | "projectId">): string {
  const u = new URL(baseUrl);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  u.pathname = u.pathname.replace(/\/+$/, "") + "/ws/garden";
  const q = new URLSearchParams();
  if (since > 0) q.set("since", String(since));
  if (opts.types?.length) q.set("types", opts.types.join(","));
  if (opts.projectId) q.set("project_id", opts.projectId);
  u.search = q.toString();
  return u.toString();
}

/** follow opens /ws/garden on baseUrl and keeps it open until close(). */
export function follow(baseUrl: string, opts: StreamOptions = {}): GardenStream {
  const WS = opts.WebSocket ?? globalThis.WebSocket;
  if (!WS) throw new TypeError("no WebSocket: pass StreamOptions.WebSocket (Node 20: run with --experimental-websocket)");
  for (const t of opts.types ?? []) {
    if (!gardenEventTypes.includes(t)) throw new TypeError(`unknown event type ${JSON.stringify(t)}`);
  }
  const min = opts.minBackoff && opts.minBackoff > 0 ? opts.minBackoff : 500;
  const max = Math.max(opts.maxBackoff ?? 30_000, min);
  const jitter = opts.jitter ?? (() => 0.8 + 0.4 * Math.random());
  let since = opts.since ?? 0;
  let failures = 0;
  let closed = false;
  let socket: WebSocket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const report = (s: StreamState) => opts.onState?.(s);

  const connect = () => {
    const ws = new WS(streamURL(baseUrl, since, opts));
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      report({ state: "connected", since });
    };
    ws.onmessage = (msg) => {
      let ev: GardenEvent | ResyncEvent;
      try {
        ev = JSON.parse(typeof msg.data === "string" ? msg.data : "");
      } catch {
        return; // not an event: ignore it rather than drop the socket
      }
      if (typeof ev?.id !== "number" || typeof ev.event_type !== "string") return;
      since = ev.id;
      if (ev.event_type === "resync") {
        void Promise.resolve(opts.onResync?.(ev as ResyncEvent)).catch(() => undefined);
        return;
      }
      opts.onEvent?.(ev as GardenEvent);
    };
    ws.onclose = (e) => gone(ws, e.code, e.reason);
    // A socket that never opened may report only an error (Node 20's
    // WebSocket does, and stays CONNECTING): count it as an abnormal close.
    ws.onerror = () => {
      if (ws.readyState !== WS.OPEN) gone(ws, 1006, "");
    };
  };

  const gone = (ws: WebSocket, code: number, reason: string) => {
    if (socket !== ws) return;
    socket = undefined;
    if (closed) return;
    if (code === policyViolation) {
      closed = true;
      report({ state: "closed", code, reason });
      return;
    }
    failures++;
    let delay = backoff(failures, min, max, jitter);
    if (code === tryAgainLater && failures === 1) delay = min * jitter(); // only too slow: come back at once
    report({ state: "reconnecting", attempt: failures, retryIn: delay, code, reason });
    timer = setTimeout(connect, delay);
  };
  connect();

  return {
    get lastEventId() { return since; },
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      const ws = socket;
      socket = undefined;
      if (ws && (ws.readyState === WS.CONNECTING || ws.readyState === WS.OPEN)) ws.close(1000, "client closed");
      report({ state: "closed", code: 1000 });
    },
  };
}
