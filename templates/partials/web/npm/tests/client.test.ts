import { describe, expect, it, vi } from "vitest";
import { ApiClient, ApiError, backoffMs, type ClientDeps } from "../src/api/client";

function deps(responses: Array<Response | Error>): ClientDeps & { calls: string[]; sleeps: number[]; clock: { t: number } } {
  const calls: string[] = [];
  const sleeps: number[] = [];
  const clock = { t: 0 };
  return {
    calls,
    sleeps,
    clock,
    fetch: vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      calls.push(`${init?.method} ${String(url)}`);
      const next = responses.shift();
      if (!next) throw new Error("no more responses");
      if (next instanceof Error) throw next;
      return next;
    }) as unknown as typeof fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => clock.t,
  };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

describe("ApiClient", () => {
  it("retries idempotent calls with exponential backoff, then succeeds", async () => {
    const d = deps([new TypeError("network down"), json({}, 503), json([{ id: "hq" }])]);
    const client = new ApiClient("/api/", { timeoutMs: 1000, retries: 2 }, d);
    await expect(client.request("/buildings")).resolves.toEqual([{ id: "hq" }]);
    expect(d.calls).toEqual(["GET /api/buildings", "GET /api/buildings", "GET /api/buildings"]);
    expect(d.sleeps).toEqual([backoffMs(0), backoffMs(1)]);
  });

  it("never retries a POST", async () => {
    const d = deps([json({}, 503)]);
    const client = new ApiClient("/api", { timeoutMs: 1000, retries: 3 }, d);
    await expect(client.request("/buildings", { method: "POST", body: {} })).rejects.toBeInstanceOf(ApiError);
    expect(d.calls).toHaveLength(1);
  });

  it("does not retry a 404 and explains it to the user", async () => {
    const d = deps([json({}, 404)]);
    const client = new ApiClient("/api", { timeoutMs: 1000, retries: 3 }, d);
    const error = await client.request("/buildings/x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).userMessage).toMatch(/does not exist/);
    expect(d.calls).toHaveLength(1);
  });

  it("times out a hanging request", async () => {
    const client = new ApiClient("/api", { timeoutMs: 20, retries: 0 }, {
      fetch: ((_url: RequestInfo | URL, init?: RequestInit) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))))) as typeof fetch,
      sleep: async () => {},
      now: () => 0,
    });
    const error = (await client.request("/slow").catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBeNull();
    expect(error.message).toMatch(/timed out/);
  });

  it("serves GETs from the cache within their TTL only", async () => {
    const d = deps([json([1]), json([2])]);
    const client = new ApiClient("/api", { timeoutMs: 1000, retries: 0 }, d);
    const policy = { cache: { kind: "ttl", ms: 100 } } as const;
    expect(await client.request("/b", policy)).toEqual([1]);
    d.clock.t = 99;
    expect(await client.request("/b", policy)).toEqual([1]);
    d.clock.t = 100;
    expect(await client.request("/b", policy)).toEqual([2]);
    expect(d.calls).toHaveLength(2);
  });

  it("caps the backoff", () => {
    expect(backoffMs(0)).toBe(200);
    expect(backoffMs(3)).toBe(1600);
    expect(backoffMs(20)).toBe(5000);
  });
});
