import { ApiClient, ApiError } from "../src/api/client";
import { buildingsApi } from "../src/api/buildings";
import { IOT_SERVICE } from "../src/config";

function fakeFetch(answers: Array<{ status: number; body?: unknown }>) {
  const calls: string[] = [];
  const fn = (async (url: string) => {
    calls.push(String(url));
    const next = answers.shift() ?? { status: 500 };
    return {
      ok: next.status < 400,
      status: next.status,
      json: async () => next.body,
    } as Response;
  }) as unknown as typeof fetch;
  return { fn, calls };
}

const deps = (fetchFn: typeof fetch) => ({ fetch: fetchFn, sleep: async () => undefined, now: () => 0 });

test("detail ids are URL-encoded and server errors are retried", async () => {
  const { fn, calls } = fakeFetch([{ status: 503 }, { status: 200, body: { id: "a/b" } }]);
  const api = buildingsApi(new ApiClient("https://api.test/", { timeoutMs: 1000, retries: 2 }, deps(fn)), "iot");
  await expect(api.get("a/b")).resolves.toEqual({ id: "a/b" });
  expect(calls).toEqual(["https://api.test/iot/v1/buildings/a%2Fb", "https://api.test/iot/v1/buildings/a%2Fb"]);
});

test("the IoT service's routes: list, one building and its latest readings", async () => {
  const latest = [{ device_id: "m-1", metric: "energy_kwh", value: 2.5, timestamp: "2024-01-01T00:00:00Z" }];
  const { fn, calls } = fakeFetch([
    { status: 200, body: [{ id: "hq", name: "HQ", floor_area_m2: 100 }] },
    { status: 200, body: latest },
  ]);
  const api = buildingsApi(new ApiClient("https://web.example/api", { timeoutMs: 1000, retries: 0 }, deps(fn)));
  await expect(api.list()).resolves.toEqual([{ id: "hq", name: "HQ", floor_area_m2: 100 }]);
  await expect(api.latest("hq")).resolves.toEqual(latest);
  // The generated default: the system's first IoT service, behind the web host's /api/<name>/ route.
  expect(calls).toEqual([
    `https://web.example/api/${IOT_SERVICE}/v1/buildings`,
    `https://web.example/api/${IOT_SERVICE}/v1/buildings/hq/readings/latest`,
  ]);
});

test("a system without an IoT service has no buildings API", () => {
  expect(() => buildingsApi(new ApiClient("https://api.test", { timeoutMs: 1000, retries: 0 }), null)).toThrow(
    /no IoT service/,
  );
});

test("a 404 is not retried and carries a message for people", async () => {
  const { fn, calls } = fakeFetch([{ status: 404 }]);
  const api = buildingsApi(new ApiClient("https://api.test", { timeoutMs: 1000, retries: 2 }, deps(fn)), "iot");
  const error = await api.get("gone").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).userMessage).toMatch(/does not exist/);
  expect(calls).toHaveLength(1);
});
