/// <reference types="vitest/config" />
import vue from "@vitejs/plugin-vue";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Plugin } from "vite";
import { defineConfig } from "vite";

// Emits sw.js with the exact list of built files, so the shell is precached and a new build (new
// hashes) gets a new cache name: no stale shell after a deploy.
function serviceWorker(): Plugin {
  return {
    name: "precache-service-worker",
    apply: "build",
    generateBundle(_options, bundle) {
      const files = ["/", "/index.html", "/manifest.webmanifest", "/icon.svg", ...Object.keys(bundle).map((f) => `/${f}`)]
        .filter((f) => !f.endsWith(".map"))
        .sort();
      const version = createHash("sha256").update(files.join("\n")).digest("hex").slice(0, 12);
      const source = readFileSync("sw/service-worker.js", "utf8")
        .replace("self.__PRECACHE__", JSON.stringify(files))
        .replace("self.__VERSION__", JSON.stringify(version));
      this.emitFile({ type: "asset", fileName: "sw.js", source });
    },
  };
}

export default defineConfig({
  // Every component uses <script setup>: leaving the Options API out of the runtime saves ~1.7 kB gzip.
  plugins: [vue({ features: { optionsAPI: false } }), serviceWorker()],
  build: {
    target: "es2022",
    sourcemap: false,
    // Inline assets would need a looser CSP (data: URLs); keep every asset a file.
    assetsInlineLimit: 0,
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // Component tests mount into a DOM; happy-dom runs on Node 20 (jsdom's current major needs Node 22).
    environment: "happy-dom",
  },
});
