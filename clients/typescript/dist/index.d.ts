export * from "./client.js";
export * from "./events.js";
export * from "./session.js";
export { backoff, follow, streamURL, type GardenStream, type StreamOptions, type StreamState } from "./stream.js";
export type { components, paths } from "./schema.js";
