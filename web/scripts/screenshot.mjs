// Takes docs/garden.png, the README's picture of the demo garden, with
// Debian's Chromium against a fresh `greenhouse serve` (make web-screenshot).
import { fileURLToPath } from "node:url";
import { dataDir, repoRoot, serve } from "../../clients/typescript/scripts/greenhouse.mjs";
import { launch, visitorAgent } from "../test/browser.mjs";

const out = process.argv[2] || fileURLToPath(new URL("docs/garden.png", `file://${repoRoot}/`));
const server = await serve(dataDir());
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, userAgent: visitorAgent, reducedMotion: "reduce" });
  await page.goto(server.url + "/");
  await page.waitForSelector('#live-status[data-state="connected"]');
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
