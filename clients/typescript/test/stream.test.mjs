// The stream's reconnect logic against a scripted WebSocket: backoff,
// resume ids, resync, the fatal close and a clean close.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GreenhouseClient, backoff, follow, streamURL } from "../dist/index.js";

// FakeSocket records each connection; the test drives it.
function fakeSockets() {
  const opened = [];
  class FakeSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    constructor(url) { this.url = url; this.readyState = 0; this.closedWith = undefined; opened.push(this); }
    open() { this.readyState = 1; this.onopen?.({}); }
    send(obj) { this.onmessage?.({ data: typeof obj === "string" ? obj : JSON.stringify(obj) }); }
    drop(code, reason = "") { this.readyState = 3; this.onclose?.({ code, reason }); }
    close(code, reason) { this.closedWith = code; this.drop(code, reason); }
  }
  return { FakeSocket, opened };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

test("backoff doubles up to the cap, times the jitter", () => {
  const one = () => 1;
  assert.deepEqual([1, 2, 3, 4, 5, 9].map((n) => backoff(n, 100, 1000, one)), [100, 200, 400, 800, 1000, 1000]);
  assert.equal(backoff(2, 100, 1000, () => 1.2), 240);
});

test("streamURL carries since, types and project_id", () => {
  assert.equal(streamURL("https://g.example/base/", 7, { types: ["seed_planted", "weather_change"], projectId: "p" }),
    "wss://g.example/base/ws/garden?since=7&types=seed_planted%2Cweather_change&project_id=p");
  assert.equal(streamURL("http://127.0.0.1:8080", 0, {}), "ws://127.0.0.1:8080/ws/garden");
});

test("reconnects with backoff and resumes after the last id", async () => {
  const { FakeSocket, opened } = fakeSockets();
  const states = [];
  const events = [];
  const s = follow("http://h", {
    WebSocket: FakeSocket, minBackoff: 1, maxBackoff: 4, jitter: () => 1,
    onState: (st) => states.push(st), onEvent: (e) => events.push(e),
  });
  opened[0].open();
  opened[0].send({ id: 41, event_type: "seed_planted", timestamp: "", data: {} });
  opened[0].send("not json");
  opened[0].drop(1006);
  opened[0].drop(1006); // a stale socket's second close is ignored
  await tick();
  assert.equal(opened.length, 2);
  assert.match(opened[1].url, /since=41/);
  opened[1].drop(1006);
  await tick();
  opened[2].drop(1001);
  await tick();
  assert.deepEqual(states.filter((x) => x.state === "reconnecting").map((x) => x.retryIn), [1, 2, 4]);
  opened[3].open();
  assert.deepEqual(states.at(-1), { state: "connected", since: 41 });
  assert.equal(events.length, 1);
  assert.equal(s.lastEventId, 41);
  s.close();
  assert.equal(opened[3].closedWith, 1000);
  assert.equal(states.at(-1).state, "closed");
  await tick();
  assert.equal(opened.length, 4, "no reconnect after close()");
});

test("1013 (too slow) comes back at once, 1008 is final", async () => {
  const { FakeSocket, opened } = fakeSockets();
  const states = [];
  follow("http://h", { WebSocket: FakeSocket, minBackoff: 1, maxBackoff: 1000, jitter: () => 1, onState: (st) => states.push(st) });
  opened[0].open();
  opened[0].drop(1013);
  assert.equal(states.at(-1).retryIn, 1);
  await tick();
  opened[1].open();
  opened[1].drop(1008, "data message");
  await tick(20);
  assert.deepEqual(states.at(-1), { state: "closed", code: 1008, reason: "data message" });
  assert.equal(opened.length, 2);
});

test("resync refetches the garden and carries on from its id", async () => {
  const { FakeSocket, opened } = fakeSockets();
  const garden = { projects: [], skills: [], connections: [], personalization: { tracked: true } };
  const fetched = [];
  const fakeFetch = async (req) => {
    fetched.push(new URL(req.url).pathname);
    return new Response(JSON.stringify(garden), { headers: { "Content-Type": "application/json" } });
  };
  const client = new GreenhouseClient({ baseUrl: "http://h", fetch: fakeFetch, WebSocket: FakeSocket });
  const got = [];
  const stream = client.events({ since: 3, onGarden: (g) => got.push(g), minBackoff: 1, jitter: () => 1 });
  assert.match(opened[0].url, /since=3/);
  opened[0].open();
  opened[0].send({ id: 900, event_type: "resync", data: { reason: "pruned", reload: "/api/v1/garden" } });
  await tick();
  assert.deepEqual(fetched, ["/api/v1/garden"]);
  assert.deepEqual(got, [garden]);
  assert.equal(stream.lastEventId, 900);
  stream.close();
});

test("a socket that only reports an error is retried", async () => {
  const { FakeSocket, opened } = fakeSockets();
  const states = [];
  const s = follow("http://h", { WebSocket: FakeSocket, minBackoff: 1, jitter: () => 1, onState: (st) => states.push(st) });
  opened[0].onerror({}); // never opened, no close event
  await tick();
  assert.equal(states[0].state, "reconnecting");
  assert.equal(states[0].code, 1006);
  assert.equal(opened.length, 2);
  s.close();
});
