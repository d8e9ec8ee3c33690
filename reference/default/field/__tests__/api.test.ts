import { ApiClient, ApiError } from "../src/api/client";
import { buildingsApi } from "../src/api/buildings";

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
  const api = buildingsApi(new ApiClient("https://api.test/", { timeoutMs: 1000, retries: 2 }, deps(fn)));
  await expect(api.get("a/b")).resolves.toEqual({ id: "a/b" });
  expect(calls).toEqual(["https://api.test/buildings/a%2Fb", "https://api.test/buildings/a%2Fb"]);
});

test("a 404 is not retried and carries a message for people", async () => {
  const { fn, calls } = fakeFetch([{ status: 404 }]);
  const api = buildingsApi(new ApiClient("https://api.test", { timeoutMs: 1000, retries: 2 }, deps(fn)));
  const error = await api.get("gone").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).userMessage).toMatch(/does not exist/);
  expect(calls).toHaveLength(1);
});
