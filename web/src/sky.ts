// The sky: the skill constellation (stars joined by their connections) and
// the weather, season and time of day as classes on the scene.
import type { Skill, SkillConnection, WeatherState } from "../../clients/typescript/src/index.js";
import { h, s } from "./dom.js";

const width = 1000;
const height = 360;

// Skills carry positions in a free plane (about ±400); those without one are
// placed on a ring by their order.
function starAt(sk: Skill, i: number, n: number): [number, number] {
  let x = sk.position_x, y = sk.position_y;
  if (x == null || y == null) {
    const a = (2 * Math.PI * i) / Math.max(n, 1);
    x = 300 * Math.cos(a);
    y = 300 * Math.sin(a);
  }
  return [width / 2 + (x / 420) * (width * 0.46), height * 0.46 + (y / 420) * (height * 0.42)];
}

export function drawSky(svg: SVGElement, list: HTMLElement, skills: Skill[], connections: SkillConnection[]): void {
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "xMidYMid slice");
  const at = new Map<string, [number, number]>();
  skills.forEach((sk, i) => at.set(sk.id, starAt(sk, i, skills.length)));
  const lines = connections.flatMap((c) => {
    const a = at.get(c.skill_a_id), b = at.get(c.skill_b_id);
    if (!a || !b) return [];
    return [s("line", { class: `link ${c.connection_type}`, x1: a[0], y1: a[1], x2: b[0], y2: b[1], "stroke-opacity": 0.25 + 0.5 * c.strength })];
  });
  const stars = skills.map((sk) => {
    const [x, y] = at.get(sk.id)!;
    const r = 2 + 4 * sk.brightness;
    const star = s("g", { class: `star group-${slug(sk.constellation_group)}`, transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})` },
      s("circle", { class: "glow", r: r * 3 }), s("circle", { class: "core", r }));
    const label = s("text", { class: "star-name", y: r + 14 });
    label.textContent = sk.name;
    star.append(label);
    return star;
  });
  svg.replaceChildren(s("g", { class: "links" }, ...lines), s("g", { class: "stars" }, ...stars));
  list.replaceChildren(...skills.map((sk) => h("li", {}, `${sk.name} (${sk.constellation_group}), level ${sk.proficiency_level} of 10`)));
}

const slug = (v: string) => v.toLowerCase().replace(/[^a-z0-9]+/g, "-");

export type Sky = Pick<WeatherState, "weather_type" | "season" | "time_of_day" | "intensity">;

const weatherWords: Record<WeatherState["weather_type"], string> = {
  sunny: "Sunny", cloudy: "Cloudy", stormy: "Stormy", aurora: "Aurora", starry: "Starry",
};

/** setSky puts the weather on the scene and says it in the status line. */
export function setSky(scene: HTMLElement, weatherLayer: HTMLElement, status: HTMLElement, sky: Sky): void {
  for (const c of [...scene.classList]) if (/^(weather|season|time)-/.test(c)) scene.classList.remove(c);
  scene.classList.add(`weather-${sky.weather_type}`, `season-${sky.season}`, `time-${sky.time_of_day}`);
  scene.dataset.weather = sky.weather_type;
  weatherLayer.replaceChildren(...particles(sky));
  status.textContent = `${weatherWords[sky.weather_type] ?? sky.weather_type} · ${sky.season} · ${sky.time_of_day}`;
}

// particles are the rain, clouds or lights of the weather, as many as its
// intensity asks; CSS animates them (and stops when motion is reduced).
function particles(sky: Sky): HTMLElement[] {
  const n = Math.round(8 + 40 * Math.min(Math.max(sky.intensity, 0), 1));
  const make = (cls: string, count: number) => Array.from({ length: count }, (_, i) => {
    const el = h("span", { class: cls });
    el.style.left = `${(i * 97.3) % 100}%`;
    el.style.top = `${(i * 37.1) % 40}%`;
    el.style.animationDelay = `${-((i * 0.37) % 3).toFixed(2)}s`;
    return el;
  });
  switch (sky.weather_type) {
    case "stormy": return [...make("cloud dark", 6), ...make("drop", n * 2), h("span", { class: "flash" })];
    case "cloudy": return make("cloud", Math.max(4, Math.round(n / 5)));
    case "aurora": return make("aurora-band", 4);
    case "starry": return make("twinkle", n);
    default: return [h("span", { class: "sun" })];
  }
}
