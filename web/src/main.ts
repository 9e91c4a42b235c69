// The garden page: draws GET /api/v1/garden and keeps it live from
// /ws/garden through the TypeScript client in clients/typescript.
import { GreenhouseClient, GreenhouseError, storageSession, type Garden, type GardenEvent, type Project, type SeedPlantedEvent } from "../../clients/typescript/src/index.js";
import { byId, h, reducedMotion } from "./dom.js";
import { plantSVG } from "./plants.js";
import { drawSky, setSky } from "./sky.js";
import { openProject } from "./project.js";
import { setupPlanter } from "./planter.js";

const client = new GreenhouseClient({ session: storageSession(window.sessionStorage) });
const scene = byId("scene");
const plantsList = byId<HTMLUListElement>("plants");
const liveStatus = byId("live-status");
const toast = byId("toast");

let garden: Garden | undefined;

// Scene coordinates run about ±10 on x (left/right) and z (depth); farther
// plants stand higher on the ground and smaller.
function place(el: HTMLElement, p: Project): void {
  const x = Math.min(Math.max(p.position_x, -12), 12);
  const z = Math.min(Math.max(p.position_z, -12), 12);
  const depth = (z + 12) / 24; // 0 far … 1 near
  el.style.left = `${50 + (x / 12) * 44}%`;
  el.style.top = `${52 + depth * 36}%`;
  el.style.setProperty("--size", (0.7 + depth * 0.45).toFixed(3));
  el.style.zIndex = String(Math.round(depth * 100) + 1);
}

function plantItem(p: Project): HTMLLIElement {
  const li = h("li", { class: "plant-slot" });
  const btn = h("button", {
    class: `plant stage-${p.growth_stage}${p.moderation === "pending" ? " pending" : ""}`, type: "button",
    "data-project-id": p.id, "data-stage": p.growth_stage, "data-plant-type": p.plant_type,
    "aria-label": `${p.name}: ${p.plant_type}, ${p.growth_stage}${p.moderation === "pending" ? ", waiting for approval" : ""}`,
  });
  btn.append(plantSVG(p), h("span", { class: "plant-name", "aria-hidden": "true" }, p.name));
  btn.addEventListener("click", () => void openProject(client, p.id, (n) => updateCount(p.id, n)));
  li.append(btn);
  place(li, p);
  return li;
}

// drawPlants shows the plants, reusing the element of a plant that did not
// change (so only new or changed plants animate) and keeping the keyboard
// focus where it was.
let drawn = new Map<string, { key: string; li: HTMLLIElement }>();
let firstDraw = true;

function drawPlants(projects: Project[]): void {
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.projectId;
  const ordered = [...projects].sort((a, b) => a.position_z - b.position_z || a.position_x - b.position_x);
  const next = new Map<string, { key: string; li: HTMLLIElement }>();
  const items = ordered.map((p) => {
    const key = [p.name, p.plant_type, p.growth_stage, p.moderation, p.position_x, p.position_z].join("|");
    const old = drawn.get(p.id);
    const li = old && old.key === key ? old.li : plantItem(p);
    if (li !== old?.li && !firstDraw) li.classList.add("new");
    next.set(p.id, { key, li });
    return li;
  });
  drawn = next;
  firstDraw = false;
  plantsList.replaceChildren(...items);
  if (focused) plantsList.querySelector<HTMLElement>(`[data-project-id="${CSS.escape(focused)}"]`)?.focus();
}

// addPlanted shows a new plant from its event at once; the reload that
// follows brings its full record.
function addPlanted(d: SeedPlantedEvent["data"]): void {
  if (!garden || plantsList.querySelector(`[data-project-id="${CSS.escape(d.project_id)}"]`)) return;
  const now = new Date().toISOString();
  const p: Project = {
    id: d.project_id, name: d.name, plant_type: d.plant_type, growth_stage: d.growth_stage, origin: d.origin,
    position_x: d.position?.x ?? 0, position_y: d.position?.y ?? 0, position_z: d.position?.z ?? 0,
    description: "", github_repo: "", demo_url: "", planted_date: now, created_at: now, updated_at: now,
    commit_count: 0, lines_of_code: 0, complexity_score: 0, visitor_interactions: 0, technologies: [],
    status: "active", visibility: "public", moderation: "approved", media_count: 0,
  };
  garden.projects = [...(garden.projects ?? []), p];
  drawPlants(garden.projects);
}

function updateCount(id: string, interactions: number): void {
  const p = garden?.projects?.find((x) => x.id === id);
  if (p) p.visitor_interactions = interactions;
}

function draw(g: Garden): void {
  garden = g;
  drawPlants(g.projects ?? []);
  drawSky(byId("sky") as unknown as SVGElement, byId("skills"), g.skills ?? [], g.connections ?? []);
  setSky(scene, byId("weather"), byId("sky-status"), { ...g.weather, season: g.season, time_of_day: g.time_of_day });
}

let reloading: Promise<void> | undefined;
let reloadAgain = false;

// reload fetches the garden again; changes arriving during a fetch cause one
// more fetch after it, never a pile of them.
function reload(): Promise<void> {
  if (reloading) {
    reloadAgain = true;
    return reloading;
  }
  reloading = client.garden().then(draw, (err) => say(`The garden could not be loaded: ${message(err)}`)).finally(() => {
    reloading = undefined;
    if (reloadAgain) {
      reloadAgain = false;
      void reload();
    }
  });
  return reloading;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
export function say(text: string): void {
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, 6000);
}

export function message(err: unknown): string {
  if (err instanceof GreenhouseError) return err.problem.detail || err.message;
  return err instanceof Error ? err.message : String(err);
}

function sparkle(id: string): void {
  if (reducedMotion()) return;
  const el = plantsList.querySelector<HTMLElement>(`[data-project-id="${CSS.escape(id)}"]`);
  if (!el) return;
  el.classList.remove("sparkle");
  void el.offsetWidth; // restart the animation
  el.classList.add("sparkle");
}

function onEvent(ev: GardenEvent): void {
  switch (ev.event_type) {
    case "weather_change":
      if (garden) {
        garden.weather = { ...garden.weather, ...ev.data };
        garden.season = ev.data.season;
        garden.time_of_day = ev.data.time_of_day;
      }
      setSky(scene, byId("weather"), byId("sky-status"), ev.data);
      return;
    case "seed_planted":
      if (ev.data.visible) {
        say(`A new ${ev.data.plant_type} was planted: ${ev.data.name}`);
        addPlanted(ev.data);
      }
      void reload();
      return;
    case "project_growth":
      say(`${ev.data.name} grew: ${ev.data.previous_stage} → ${ev.data.new_stage}`);
      void reload();
      return;
    case "skill_unlock":
      void reload();
      return;
    case "visitor_interaction":
      sparkle(ev.data.project_id);
      return;
    case "system_update":
      if (ev.data.message) say(ev.data.message);
      if (ev.data.kind === "garden_changed") void reload();
      return;
  }
}

async function start(): Promise<void> {
  if (reducedMotion()) document.documentElement.classList.add("still");
  setupPlanter(client, say, message);
  await reload();
  client.events({
    onEvent,
    onGarden: draw,
    onState: (st) => {
      scene.dataset.live = st.state;
      liveStatus.dataset.state = st.state;
      liveStatus.textContent = st.state === "connected" ? "live" : st.state === "reconnecting" ? "reconnecting…" : "offline";
      // Whatever happened while the socket was down is replayed from the
      // last id; a garden loaded before the first event has no id to resume
      // from, so the first connection after a failure reloads it as well.
      if (st.state === "connected" && st.since === 0 && garden && scene.dataset.wasDown) void reload();
      if (st.state === "reconnecting") scene.dataset.wasDown = "1";
    },
  });
}

void start();
