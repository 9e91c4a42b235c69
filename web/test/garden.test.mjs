// The garden page in a real browser against a real `greenhouse serve`.
// Without Chromium the suite is skipped, unless GREENHOUSE_TEST_BROWSER=1
// (CI) asks for it: then it fails.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { GreenhouseClient } from "../../clients/typescript/dist/index.js";
import { cli, dataDir, serve } from "../../clients/typescript/scripts/greenhouse.mjs";
import { browserMissing, launch, visitorAgent } from "./browser.mjs";

const missing = browserMissing();
if (missing && process.env.GREENHOUSE_TEST_BROWSER === "1") {
  throw new Error(`GREENHOUSE_TEST_BROWSER=1 but ${missing}`);
}

describe("garden page", { skip: missing || false }, () => {
  let dir, server, browser;
  const outside = []; // requests to anywhere but the server
  const cspErrors = [];

  before(async () => {
    dir = dataDir();
    server = await serve(dir);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // open loads / in a fresh browser context and watches what it asks for.
  async function open(headers = {}) {
    const context = await browser.newContext({ extraHTTPHeaders: headers, userAgent: visitorAgent, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const origin = new URL(server.url).host;
    page.on("request", (r) => { if (new URL(r.url()).host !== origin) outside.push(r.url()); });
    page.on("websocket", (ws) => { if (new URL(ws.url()).host !== origin) outside.push(ws.url()); });
    page.on("console", (m) => { if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspErrors.push(m.text()); });
    await page.goto(server.url + "/");
    await page.waitForSelector('#live-status[data-state="connected"]');
    return { page, context };
  }

  const api = () => new GreenhouseClient({ baseUrl: server.url });
  const plant = (page, name) => page.locator(".plant", { hasText: name });

  test("one focusable element per public project, and nothing from elsewhere", async () => {
    const { page, context } = await open();
    const garden = await api().garden();
    const publicIDs = garden.projects.filter((p) => p.visibility === "public" && p.moderation === "approved").map((p) => p.id).sort();
    assert.ok(publicIDs.length >= 5);
    const shown = (await page.locator("[data-project-id]").evaluateAll((els) => els.map((e) => e.dataset.projectId))).sort();
    assert.deepEqual(shown, publicIDs);
    await page.keyboard.press("Tab"); // skip link
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.dataset.projectId ?? document.activeElement?.id);
    assert.ok(focused, "keyboard reaches the page's controls");
    assert.equal(await page.locator(".plant").first().getAttribute("aria-label") !== null, true);
    assert.equal(await page.locator("#skills li").count(), garden.skills.length);
    assert.deepEqual(outside, []);
    assert.deepEqual(cspErrors, []);
    await context.close();
  });

  test("a seed planted from the CLI appears without reload within 2 s; the weather follows set mood", async () => {
    const { page, context } = await open();
    await page.evaluate(() => { window.__sameDocument = true; });
    cli(dir, "plant", "seed", "--name", "Moonflower", "--position", "4,0,-3");
    await plant(page, "Moonflower").waitFor({ state: "attached", timeout: 2000 });
    cli(dir, "set", "mood", "--weather", "stormy");
    await page.waitForSelector('#scene[data-weather="stormy"]', { timeout: 2000 });
    assert.match(await page.textContent("#sky-status"), /Stormy/);
    assert.equal(await page.evaluate(() => window.__sameDocument), true, "no reload");
    await context.close();
  });

  test("clicking a plant opens its page and counts the visit in the API", async () => {
    const { page, context } = await open();
    const id = await page.locator("[data-project-id]").first().getAttribute("data-project-id");
    const before = (await api().project(id)).project.visitor_interactions;
    await page.locator(`[data-project-id="${id}"]`).click();
    await page.waitForSelector("#project[open]");
    const name = await page.textContent("#project-name");
    assert.ok(name && name.length > 0);
    await page.waitForFunction((n) => document.querySelector('[data-figure="Visits"]')?.textContent === String(n), before + 1);
    // The API's cached pages show new counts within a second or so.
    const client = api();
    let seen = before;
    for (let i = 0; i < 50 && seen !== before + 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = (await client.project(id)).project.visitor_interactions;
    }
    assert.equal(seen, before + 1);
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#project[open]").count(), 0);
    await context.close();
  });

  test("with DNT: 1 the page works and nothing is recorded", async () => {
    const { page, context } = await open({ DNT: "1" });
    const target = page.locator("[data-project-id]").first();
    const id = await target.getAttribute("data-project-id");
    await target.click();
    await page.waitForSelector("#project[open]");
    await page.waitForFunction(() => /not recorded/.test(document.querySelector("#project-note")?.textContent ?? ""));
    assert.deepEqual(await context.cookies(), [], "no session cookie");
    // A recorded visit after it counts one: the DNT click counted none.
    const dnt = new GreenhouseClient({ baseUrl: server.url, headers: { DNT: "1" } });
    const current = (await dnt.interact(id, { interaction_type: "view" })).visitor_interactions;
    const counted = await api().interact(id, { interaction_type: "view" });
    assert.equal(counted.visitor_interactions, current + 1);
    await context.close();
  });

  test("a visitor plants a seed; a refused one shows the error", async () => {
    const { page, context } = await open();
    await page.click("#plant-open");
    await page.click('#seed-form button[type="submit"]');
    assert.match(await page.textContent("#seed-result"), /name/i);
    await page.fill('#seed-form input[name="name"]', "Visitor violet");
    await page.selectOption('#seed-form select[name="plant_type"]', "flower");
    await page.click('#seed-form button[type="submit"]');
    await page.waitForFunction(() => /approval/.test(document.querySelector("#toast")?.textContent ?? ""));
    // Moderated: the visitor sees their own pending seed, marked as such.
    await page.reload();
    await plant(page, "Visitor violet").waitFor();
    assert.match(await plant(page, "Visitor violet").getAttribute("aria-label"), /waiting for approval/);
    await context.close();
  });

  test("after serve is killed and restarted the page resumes and catches up", async () => {
    const { page, context } = await open();
    cli(dir, "plant", "seed", "--name", "Before the outage", "--position", "-4,0,2");
    await plant(page, "Before the outage").waitFor({ state: "attached", timeout: 2000 });
    await server.kill();
    await page.waitForSelector('#live-status[data-state="reconnecting"]');
    cli(dir, "plant", "seed", "--name", "Planted while down", "--position", "6,0,-4");
    cli(dir, "set", "mood", "--weather", "aurora");
    server = await serve(dir, { addr: server.addr });
    await page.waitForSelector('#live-status[data-state="connected"]', { timeout: 15000 });
    await plant(page, "Planted while down").waitFor({ timeout: 5000 });
    await page.waitForSelector('#scene[data-weather="aurora"]', { timeout: 5000 });
    await context.close();
  });
});
