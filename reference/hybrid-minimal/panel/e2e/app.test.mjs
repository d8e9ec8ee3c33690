// End to end: the built app in headless Chromium under the production CSP and saves a screenshot to e2e/artifacts/.
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

test("no IoT service, no buildings pages", async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  assert.equal(await page.getByRole("link", { name: "Buildings", exact: true }).count(), 0);
  await page.goto(`${server.url}/buildings`);
  await page.getByRole("heading", { name: "Page not found" }).waitFor();
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL("home.png", ARTIFACTS).pathname, fullPage: true });
  await page.close();
});

test("unknown paths show the not-found page", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/no/such/page`);
  await page.getByRole("heading", { name: "Page not found" }).waitFor();
  await page.close();
});
