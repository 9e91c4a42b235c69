// Bundles the garden page into dist/ (embedded by web/embed.go): the
// TypeScript with esbuild, the stylesheet, index.html and the icon. The
// output is committed; CI rebuilds it and fails when it differs. It also
// enforces the page's JavaScript budget (300 KB gzipped).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";

const dist = new URL("../dist/", import.meta.url);
const src = new URL("../src/", import.meta.url);
const budget = 300 * 1024;

rmSync(dist, { recursive: true, force: true });
mkdirSync(new URL("assets/", dist), { recursive: true });

await build({
  entryPoints: [new URL("main.ts", src).pathname, new URL("garden.css", src).pathname],
  outdir: new URL("assets/", dist).pathname,
  entryNames: "garden",
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2022"],
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
});
copyFileSync(new URL("index.html", src), new URL("index.html", dist));
copyFileSync(new URL("favicon.svg", src), new URL("assets/favicon.svg", dist));

const js = readFileSync(new URL("assets/garden.js", dist));
const gz = gzipSync(js, { level: 9 }).length;
console.log(`garden.js: ${js.length} bytes, ${gz} gzipped (budget ${budget})`);
if (gz > budget) {
  console.error(`garden.js is over the ${budget}-byte gzipped budget`);
  process.exit(1);
}
