// Debian's Chromium driven by playwright-core: never a downloaded browser.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const chromiumPath = process.env.GREENHOUSE_CHROMIUM || "/usr/bin/chromium";

/** Why the browser tests cannot run here, or "" when they can. */
export function browserMissing() {
  return existsSync(chromiumPath) ? "" : `no Chromium at ${chromiumPath} (apt-get install chromium)`;
}

export function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

// The server treats HeadlessChrome as a bot and records nothing for it; the
// tests stand for a visitor's ordinary browser.
export const visitorAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
