export * from "./client.js";
export * from "./events.js";
export * from "./session.js";
export { backoff, follow, streamURL } from "./stream.js";
