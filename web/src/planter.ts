// The "plant a seed" form: a visitor's seed goes to the owner's moderation
// (or straight in when server.visitor_seeds is open); errors are shown.
import type { GreenhouseClient, PlantSeedRequest } from "../../clients/typescript/src/index.js";
import { byId } from "./dom.js";

export function setupPlanter(client: GreenhouseClient, say: (t: string) => void, message: (e: unknown) => string): void {
  const dialog = byId<HTMLDialogElement>("planter");
  const form = byId<HTMLFormElement>("seed-form");
  const result = byId("seed-result");
  byId("plant-open").addEventListener("click", () => {
    result.textContent = "";
    dialog.showModal();
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    if (!name) {
      result.textContent = "Give your seed a name.";
      return;
    }
    const body: PlantSeedRequest = {
      seed_data: {
        name,
        description: String(data.get("description") ?? "").trim() || undefined,
        plant_type: String(data.get("plant_type")) as PlantSeedRequest["seed_data"]["plant_type"],
      },
      // Somewhere along the garden's front edge, where visitors' seeds go.
      position: { x: Math.round((Math.random() * 18 - 9) * 10) / 10, y: 0, z: Math.round((7 + Math.random() * 4) * 10) / 10 },
    };
    const submit = form.querySelector("button[type=submit]") as HTMLButtonElement;
    submit.disabled = true;
    result.textContent = "Planting…";
    try {
      const planted = await client.plantSeed(body);
      form.reset();
      dialog.close();
      say(planted.visible ? `${planted.project.name} is planted.` : `${planted.project.name} is planted and waits for the gardener's approval.`);
    } catch (err) {
      result.textContent = `Not planted: ${message(err)}`;
    } finally {
      submit.disabled = false;
    }
  });
}
