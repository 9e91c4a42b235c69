// The client against a real `greenhouse serve` on the demo garden.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { GreenhouseClient, GreenhouseError } from "../dist/index.js";
import { cli, dataDir, serve } from "../scripts/greenhouse.mjs";

let dir, server;
before(async () => {
  dir = dataDir();
  server = await serve(dir);
});
after(async () => { await server?.stop(); });

const demoProject = async (client) => (await client.garden()).projects.find((p) => p.origin === "owner");

describe("REST", () => {
  test("garden starts a session the client sends back; an interaction is recorded", async () => {
    const client = new GreenhouseClient({ baseUrl: server.url });
    const garden = await client.garden();
    assert.ok(garden.projects.length > 0, "demo garden has projects");
    assert.equal(client.tracked, true);
    const token = client.session.get();
    assert.ok(token, "X-Visitor-Session stored");
    const p = garden.projects[0];
    const res = await client.interact(p.id, { interaction_type: "click" });
    assert.equal(res.recorded, true);
    assert.equal(res.visitor_interactions, p.visitor_interactions + 1);
    await client.garden();
    assert.equal(client.session.get(), token, "the same session is kept");
  });

  test("Do-Not-Track: answers say not recorded, nothing is thrown or counted", async () => {
    const dnt = new GreenhouseClient({ baseUrl: server.url, headers: { DNT: "1" } });
    const p = await demoProject(dnt);
    assert.equal(dnt.tracked, false);
    assert.equal(dnt.session.get(), undefined, "no session for a DNT visitor");
    const first = await dnt.interact(p.id, { interaction_type: "click" });
    const second = await dnt.interact(p.id, { interaction_type: "click" });
    assert.equal(first.recorded, false);
    assert.equal(second.visitor_interactions, first.visitor_interactions, "nothing was counted");
    const report = await dnt.reportSession({ entry_point: "/" });
    assert.equal(report.recorded, false);
    const tracked = new GreenhouseClient({ baseUrl: server.url });
    const counted = await tracked.interact(p.id, { interaction_type: "click" });
    assert.equal(counted.visitor_interactions, first.visitor_interactions + 1);
  });

  test("a refused request is a GreenhouseError with its problem", async () => {
    const client = new GreenhouseClient({ baseUrl: server.url });
    await assert.rejects(client.project("00000000-0000-0000-0000-000000000000"), (err) => {
      assert.ok(err instanceof GreenhouseError);
      assert.equal(err.status, 404);
      assert.equal(err.problem.status, 404);
      return true;
    });
    await assert.rejects(client.plantSeed({ seed_data: { name: "" }, position: { x: 0, y: 0, z: 0 } }), (err) => {
      assert.ok(err instanceof GreenhouseError);
      assert.equal(err.status, 422);
      assert.match(err.message, /name/);
      return true;
    });
  });

  test("a visitor's seed waits for moderation", async () => {
    const client = new GreenhouseClient({ baseUrl: server.url });
    const planted = await client.plantSeed({ seed_data: { name: "Client seed", plant_type: "fern" }, position: { x: 1, y: 0, z: 1 } });
    assert.equal(planted.visible, false);
    assert.equal(planted.project.moderation, "pending");
  });
});

// next waits for the first item pushed to a queue that matches.
function queue() {
  const items = [];
  const waiters = [];
  return {
    push(item) {
      items.push(item);
      for (const w of [...waiters]) if (w.match(item)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(item); }
    },
    next(match) {
      const found = items.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    items,
  };
}

describe("/ws/garden", () => {
  test("typed events, types filter, resume after a restart, clean close", async () => {
    const client = new GreenhouseClient({ baseUrl: server.url });
    const events = queue();
    const states = queue();
    const stream = client.events({
      types: ["seed_planted", "project_growth"],
      minBackoff: 50, maxBackoff: 200,
      onEvent: (ev) => events.push(ev),
      onState: (s) => states.push(s),
    });
    await states.next((s) => s.state === "connected");
    cli(dir, "set", "mood", "--weather", "stormy");
    cli(dir, "plant", "seed", "--name", "Live fern", "--position", "2,0,2");
    const planted = await events.next((e) => e.event_type === "seed_planted" && e.data.name === "Live fern");
    assert.equal(typeof planted.id, "number");
    assert.equal(planted.data.visible, true);
    assert.ok(!events.items.some((e) => e.event_type === "weather_change"), "filtered out by types");

    await server.kill();
    await states.next((s) => s.state === "reconnecting");
    cli(dir, "plant", "seed", "--name", "Missed while down", "--position", "3,0,3");
    server = await serve(dir, { addr: server.addr });
    await states.next((s) => s.state === "connected" && s.since === planted.id);
    const missed = await events.next((e) => e.data.name === "Missed while down");
    assert.ok(missed.id > planted.id);
    assert.equal(stream.lastEventId >= missed.id, true);

    stream.close();
    const closed = await states.next((s) => s.state === "closed");
    assert.equal(closed.code, 1000);
  });

  test("an unknown type is refused before any socket opens", () => {
    const client = new GreenhouseClient({ baseUrl: server.url });
    assert.throws(() => client.events({ types: ["rain"] }), /unknown event type/);
  });
});
