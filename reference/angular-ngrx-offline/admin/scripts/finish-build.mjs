// Runs after `ng build`: gives dist/ the layout the server, nginx and the budget check expect (index.html
// on top, hashed files under /assets/, cached for a year), then writes sw.js with the exact list of built
// files. angular.json's deployUrl already points index.html at /assets/; the bundles import each other
// by relative URLs, so moving them together keeps lazy loading working.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dist = "dist";
const assets = join(dist, "assets");
// Angular names what it emits name-HASH.js/.css (8 characters of base32); media/ holds files stylesheets reference.
const HASHED = /-[A-Z0-9]{8}\.(?:js|css)$/;

// A build report for server-side rendering, not a file to serve.
rmSync(join(dist, "prerendered-routes.json"), { force: true });
mkdirSync(assets, { recursive: true });
for (const name of readdirSync(dist)) {
  if (HASHED.test(name) || name === "media") renameSync(join(dist, name), join(assets, name));
}

// Fail the build, not the browser, if a future Angular names its files differently.
const html = readFileSync(join(dist, "index.html"), "utf8");
const missing = [...html.matchAll(/="\/assets\/([^"]+)"/g)].map((m) => m[1]).filter((f) => !existsSync(join(assets, f)));
if (missing.length > 0) throw new Error(`dist/index.html refers to files missing from dist/assets/: ${missing.join(", ")}`);

// A new build (new hashes) gets a new cache name: no stale shell after a deploy.
const built = readdirSync(assets, { recursive: true }).filter((f) => statSync(join(assets, f)).isFile());
const files = ["/", "/index.html", "/manifest.webmanifest", "/icon.svg", ...built.map((f) => `/assets/${f}`)].sort();
const version = createHash("sha256").update(files.join("\n")).digest("hex").slice(0, 12);
const source = readFileSync("sw/service-worker.js", "utf8")
  .replace("self.__PRECACHE__", JSON.stringify(files))
  .replace("self.__VERSION__", JSON.stringify(version));
writeFileSync(join(dist, "sw.js"), source);
