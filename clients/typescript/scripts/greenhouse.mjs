// Runs the real greenhouse binary for the client's type generation and for
// the client's and the garden page's tests: build it once per process, make
// a data directory with the demo garden, start `serve` on a random port.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

let built;

// binary returns the path of a greenhouse binary: $GREENHOUSE_BIN, or one
// built from this checkout (once per process; Go's build cache makes a
// second build in another process cheap).
export function binary() {
  if (process.env.GREENHOUSE_BIN) return process.env.GREENHOUSE_BIN;
  if (!built) {
    const dir = mkdtempSync(join(tmpdir(), "greenhouse-bin-"));
    built = join(dir, "greenhouse");
    execFileSync("go", ["build", "-o", built, "./cmd/greenhouse"], { cwd: repoRoot, stdio: "inherit" });
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return built;
}

// quietEnv keeps a developer's GREENHOUSE_* settings out of the tests and
// turns the in-process worker off: it would call GitHub and the weather
// provider, which a test must not reach.
function quietEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("GREENHOUSE_")) env[k] = v;
  return { ...env, GREENHOUSE_WORKER_ENABLED_IN_SERVE: "false", ...extra };
}

// dataDir makes a temporary data directory, with the demo garden unless
// demo is false; it is removed when the process exits.
export function dataDir({ demo = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "greenhouse-data-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  if (demo) cli(dir, "demo");
  return dir;
}

// cli runs one greenhouse command on the data directory and returns its
// standard output.
export function cli(dir, ...args) {
  return execFileSync(binary(), ["--data-dir", dir, ...args], { cwd: dir, env: quietEnv(), encoding: "utf8" });
}

// serve starts `greenhouse serve` on dir and resolves once it listens. addr
// defaults to a random loopback port; pass the old one to restart in place.
export function serve(dir, { addr = "127.0.0.1:0", env = {} } = {}) {
  const child = spawn(binary(), ["--data-dir", dir, "serve", "--addr", addr], {
    cwd: dir, env: quietEnv(env), stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const exited = new Promise((res) => child.once("exit", (code, signal) => res({ code, signal })));
  return new Promise((resolveStart, rejectStart) => {
    const onData = (chunk) => {
      log += chunk;
      const m = /msg="api listening" addr=(\S+)/.exec(log);
      if (!m) return;
      child.stdout.off("data", onData);
      child.stderr.off("data", onData);
      child.stdout.resume();
      child.stderr.resume();
      const listen = m[1];
      resolveStart({
        addr: listen,
        url: `http://${listen}`,
        // stop ends serve as an operator would (SIGTERM), kill as a crash.
        stop: async () => { if (child.exitCode === null) child.kill("SIGTERM"); return exited; },
        kill: async () => { if (child.exitCode === null) child.kill("SIGKILL"); return exited; },
      });
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    exited.then(({ code, signal }) => rejectStart(new Error(`serve exited (${code ?? signal}) before listening:\n${log}`)));
    process.on("exit", () => child.kill("SIGKILL"));
  });
}
