// Fails the build when the JavaScript the first page needs grows past the budget in package.json, or
// when a route meant to be lazy was pulled into the initial bundle.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = "dist";
const { budget } = JSON.parse(readFileSync("package.json", "utf8"));
const html = readFileSync(join(dist, "index.html"), "utf8");
// The initial route loads the entry script and every chunk it preloads; nothing else.
const initial = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
if (initial.length === 0) throw new Error("no script found in dist/index.html");

let total = 0;
for (const file of initial) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  console.log(`initial  ${file}  ${size} B gzip`);
}
const assets = readdirSync(join(dist, "assets"));
const failures = [];
for (const name of budget.lazyChunks) {
  const chunk = assets.find((f) => f.startsWith(`${name}-`) && f.endsWith(".js"));
  if (!chunk) failures.push(`lazy chunk ${name}-*.js was not emitted`);
  else if (initial.includes(`assets/${chunk}`)) failures.push(`lazy chunk ${chunk} is loaded by the initial route`);
  else console.log(`lazy     assets/${chunk}`);
}
console.log(`initial JS ${total} B gzip, budget ${budget.initialJsGzipBytes} B`);
if (total > budget.initialJsGzipBytes) failures.push(`initial JS ${total} B gzip exceeds the budget of ${budget.initialJsGzipBytes} B`);
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
