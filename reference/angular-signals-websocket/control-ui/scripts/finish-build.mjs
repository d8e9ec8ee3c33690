// Runs after `ng build`: gives dist/ the layout the server, nginx and the budget check expect (index.html
// on top, hashed files under /assets/, cached for a year). angular.json's deployUrl already points index.html at /assets/; the bundles import each other
// by relative URLs, so moving them together keeps lazy loading working.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
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
