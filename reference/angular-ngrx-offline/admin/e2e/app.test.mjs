// End to end: the built app in headless Chromium under the production CSP. Opens the lazy detail
// route, reloads offline and saves a screenshot to e2e/artifacts/.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { startServer } from "./server.mjs";

const ARTIFACTS = new URL("./artifacts/", import.meta.url);
let server;
let browser;

before(async () => {
  server = await startServer();
  const args = ["--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync"];
  // Chromium refuses to run as root with its sandbox (containers, CI); elsewhere keep the sandbox.
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("lazy building detail", async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 640 } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
  page.on("pageerror", (error) => problems.push(String(error)));
  const scripts = [];
  page.on("request", (request) => request.resourceType() === "script" && scripts.push(request.url()));

  await page.goto(server.url);
  await page.getByRole("link", { name: "Buildings", exact: true }).click();
  await page.getByRole("link", { name: "Headquarters" }).waitFor();
  assert.ok(!scripts.some((url) => url.includes("building-detail")), "detail chunk loaded before it was needed");

  await page.getByRole("link", { name: "Headquarters" }).click();
  await page.getByRole("heading", { name: "Headquarters" }).waitFor();
  assert.ok(scripts.some((url) => url.includes("building-detail")), "detail page did not come from its own chunk");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL("building-detail.png", ARTIFACTS).pathname, fullPage: true });
  assert.deepEqual(problems, [], "the page logged errors (CSP violations show up here)");
  await context.close();
});

test("unknown paths show the not-found page", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/no/such/page`);
  await page.getByRole("heading", { name: "Page not found" }).waitFor();
  await page.close();
});

test("the shell and the last data work offline", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/buildings`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Controlled by the worker now: this load fills its data cache.
  await page.reload();
  await page.getByRole("link", { name: "Headquarters" }).waitFor();
  await context.setOffline(true);
  await page.reload();
  await page.getByRole("link", { name: "Headquarters" }).waitFor();
  await context.close();
});
