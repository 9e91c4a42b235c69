// Where the client keeps the visitor session token. Browsers on the API's
// own origin also carry it in the greenhouse_session cookie (HttpOnly); the
// X-Visitor-Session header is the fallback where cookies do not travel
// (another site without third-party cookies, Node, native apps).
export const sessionHeader = "X-Visitor-Session";

export interface SessionStore {
  get(): string | undefined;
  set(token: string): void;
  clear(): void;
}

/** A session kept in memory for the life of the client. */
export function memorySession(initial?: string): SessionStore {
  let token = initial;
  return {
    get: () => token,
    set: (t) => { token = t; },
    clear: () => { token = undefined; },
  };
}

/** A session kept in a Web Storage area (e.g. sessionStorage) under key. */
export function storageSession(storage: Storage, key = "greenhouse_session"): SessionStore {
  return {
    get: () => storage.getItem(key) ?? undefined,
    set: (t) => storage.setItem(key, t),
    clear: () => storage.removeItem(key),
  };
}
