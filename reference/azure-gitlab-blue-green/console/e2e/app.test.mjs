// End to end: the built app in headless Chromium under the production CSP, against the demo services at
// the IoT service's real paths (/api/telemetry/v1/...). Opens the lazy detail route, waits for live
// readings, reloads offline and saves a screenshot to e2e/artifacts/.
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

test("lazy building detail streams live readings", async () => {
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
  assert.ok(!scripts.some((url) => url.includes("BuildingDetail")), "detail chunk loaded before it was needed");

  await page.getByRole("link", { name: "Headquarters" }).click();
  await page.getByRole("heading", { name: "Headquarters" }).waitFor();
  assert.ok(scripts.some((url) => url.includes("BuildingDetail")), "detail page did not come from its own chunk");
  await page.getByText("18,400 m²").waitFor();
  // The latest readings: one per device and metric.
  await page.getByText("hq-meter").waitFor();
  // Two more than the latest readings prove a stream, not a single snapshot.
  await page.getByTestId("reading").nth(3).waitFor({ timeout: 10_000 });
  await page.getByText("open", { exact: true }).waitFor();
  // KPIs from the analytics service (kpis): 1000 kWh over 18,400 m².
  assert.equal(await page.getByTestId("total-kwh").textContent(), "1,000 kWh");
  assert.equal(await page.getByTestId("eui").textContent(), "0.05 kWh/m²");
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
