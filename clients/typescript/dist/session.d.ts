export declare const sessionHeader = "X-Visitor-Session";
export interface SessionStore {
    get(): string | undefined;
    set(token: string): void;
    clear(): void;
}
/** A session kept in memory for the life of the client. */
export declare function memorySession(initial?: string): SessionStore;
/** A session kept in a Web Storage area (e.g. sessionStorage) under key. */
export declare function storageSession(storage: Storage, key?: string): SessionStore;
