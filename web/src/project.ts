// The project's page: a dialog with its details, links and growth, opened
// from a plant; opening it records a "click" interaction.
import type { GreenhouseClient, ProjectDetail } from "../../clients/typescript/src/index.js";
import { byId, h } from "./dom.js";

const dialog = () => byId<HTMLDialogElement>("project");

function fill(d: ProjectDetail): void {
  const p = d.project;
  byId("project-name").textContent = p.name;
  byId("project-meta").textContent = `${p.plant_type} · ${p.growth_stage} · planted ${new Date(p.planted_date).toLocaleDateString()}`;
  byId("project-description").textContent = p.description || "No description yet.";
  byId("project-tech").replaceChildren(...(p.technologies ?? []).map((t) => h("li", {}, t)));
  const figures: [string, string][] = [
    ["Commits", p.commit_count.toLocaleString()],
    ["Lines of code", p.lines_of_code.toLocaleString()],
    ["Complexity", p.complexity_score.toFixed(1)],
    ["Visits", p.visitor_interactions.toLocaleString()],
  ];
  byId("project-figures").replaceChildren(...figures.flatMap(([k, v]) => [h("dt", {}, k), h("dd", { "data-figure": k }, v)]));
  const links = [d.links.demo && h("a", { href: d.links.demo, rel: "noopener" }, "Live demo"),
    d.links.github && h("a", { href: d.links.github, rel: "noopener" }, "Source")].filter(Boolean) as HTMLElement[];
  byId("project-links").replaceChildren(...links);
  // Media are links, not embeds: the page loads nothing from another host
  // (its CSP is 'self'), so an image opens where it lives.
  const media = (d.media ?? []).map((m) => {
    const li = h("li", { "data-media-kind": m.kind });
    li.append(h("a", { href: m.url, rel: "noopener", title: m.alt_text || m.caption }, m.caption || m.alt_text || m.url));
    li.append(` (${m.kind})`);
    return li;
  });
  byId("project-media").replaceChildren(...media);
  byId("project-media").hidden = media.length === 0;
  const sum = d.summary;
  byId("project-summary").textContent = sum
    ? `${sum.interactions_7d.toLocaleString()} interactions this week` +
      (sum.avg_visit_seconds != null ? ` · visits last ${Math.round(sum.avg_visit_seconds)} s on average` : "") +
      ` · ${sum.growth_events.toLocaleString()} growth events`
    : "";
  const growth = (d.growth_history ?? []).slice(-8).reverse().map((g) => h("li", {},
    `${new Date(g.recorded_at).toLocaleDateString()}: ${g.previous_stage && g.previous_stage !== g.new_stage ? `${g.previous_stage} → ` : ""}${g.new_stage}` +
    (g.commits_delta ? `, +${g.commits_delta} commits` : "")));
  byId("project-growth").replaceChildren(...(growth.length ? growth : [h("li", {}, "No growth recorded yet.")]));
}

export async function openProject(client: GreenhouseClient, id: string, counted: (n: number) => void): Promise<void> {
  const note = byId("project-note");
  note.textContent = "";
  try {
    fill(await client.project(id));
  } catch (err) {
    byId("project-name").textContent = "This plant cannot be shown";
    note.textContent = err instanceof Error ? err.message : String(err);
  }
  if (!dialog().open) dialog().showModal();
  try {
    const res = await client.interact(id, { interaction_type: "click" });
    counted(res.visitor_interactions);
    const visits = document.querySelector<HTMLElement>('[data-figure="Visits"]');
    if (visits) visits.textContent = res.visitor_interactions.toLocaleString();
    if (!res.recorded) note.textContent = "Your visit is not recorded (Do Not Track).";
  } catch {
    // The page is shown either way; a visit that could not be counted is
    // not the visitor's problem.
  }
}
