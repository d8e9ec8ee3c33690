/**
 * @jest-environment node
 */
// The app's own API modules against a running system (Node's fetch, no fakes): run by the system's
// `make system-test`, which starts the system, creates a building with a meter's readings and sets
// SYSTEM_API_BASE_URL (the web host's /api), SYSTEM_BUILDING and SYSTEM_LATEST (the meter's last reading).
// Without them (a unit test run) it is skipped, and says why.
import { ApiClient } from "../src/api/client";
import { buildingsApi } from "../src/api/buildings";
import { config } from "../src/config";

// Node's environment, declared here: the app's type check knows no Node types, and this test is the only
// code that reads them.
declare const process: { env: Record<string, string | undefined> };

const base = process.env.SYSTEM_API_BASE_URL;
const against = base ? describe : describe.skip;

against(`the running system at ${base ?? "(SYSTEM_API_BASE_URL unset: run by make system-test)"}`, () => {
  test("the buildings module lists and reads the building the system test created", async () => {
    const expected = JSON.parse(process.env.SYSTEM_BUILDING ?? "{}");
    const reading = JSON.parse(process.env.SYSTEM_LATEST ?? "{}");
    const api = buildingsApi(new ApiClient(base!, { timeoutMs: config.timeoutMs, retries: config.retries }));
    const listed = await api.list();
    expect(listed).toContainEqual(expected);
    await expect(api.get(expected.id)).resolves.toEqual(expected);
    expect(await api.latest(expected.id)).toContainEqual(expect.objectContaining(reading));
  });
});
