import { TestBed } from "@angular/core/testing";
import { describe, expect, it } from "vitest";
import { BuildingsApi } from "../src/api/buildings-api";
import type { Building } from "../src/api/buildings";
import { ApiError } from "../src/api/client";
import { MAX_READINGS } from "../src/state/model";
import { AppStore, provideAppState } from "../src/state/store";

const hq: Building = { id: "hq", name: "Headquarters", floor_area_m2: 18400 };
const reading = (buildingId: string, value: number) => ({
  building_id: buildingId,
  device_id: "sensor-1",
  metric: "temperature_c",
  value,
  timestamp: `2024-01-01T00:00:${String(value).padStart(2, "0")}Z`,
});

/** A BuildingsApi whose list() answers are settled by the test, one per call. */
function fakeApi() {
  const pending: Array<{ resolve: (items: Building[]) => void; reject: (error: unknown) => void }> = [];
  const api = {
    list: () => new Promise<Building[]>((resolve, reject) => pending.push({ resolve, reject })),
    get: () => Promise.reject(new Error("not used")),
  };
  return { api, pending };
}

function setup() {
  const { api, pending } = fakeApi();
  TestBed.configureTestingModule({
    providers: [provideAppState(), { provide: BuildingsApi, useValue: api }],
  });
  return { store: TestBed.inject(AppStore), pending };
}

const settled = () => new Promise((resolve) => setTimeout(resolve));

describe("AppStore (NgRx)", () => {
  it("loads the buildings through the API and reports progress", async () => {
    const { store, pending } = setup();
    expect(store.buildings().status).toBe("idle");
    store.load();
    expect(store.buildings()).toEqual({ status: "loading", items: [], error: null });
    pending[0].resolve([hq]);
    await settled();
    expect(store.buildings()).toEqual({ status: "ready", items: [hq], error: null });
  });

  it("keeps the last good list and explains a failed reload", async () => {
    const { store, pending } = setup();
    store.load();
    pending[0].resolve([hq]);
    await settled();
    store.load();
    pending[1].reject(new ApiError(503, "The server had a problem.", "GET /api/buildings: HTTP 503"));
    await settled();
    expect(store.buildings()).toEqual({ status: "error", items: [hq], error: "The server had a problem." });
  });

  it("lets only the latest load settle the list", async () => {
    const { store, pending } = setup();
    store.load();
    store.load();
    pending[1].resolve([hq]);
    pending[0].resolve([]);
    await settled();
    expect(store.buildings().items).toEqual([hq]);
  });

  it("keeps live readings per building, newest first and bounded", () => {
    const { store } = setup();
    for (let n = 0; n < MAX_READINGS + 3; n++) store.addReading(reading("hq", n));
    store.addReading(reading("lab", 1));
    expect(store.readingsOf("hq")).toHaveLength(MAX_READINGS);
    expect(store.readingsOf("hq")[0].value).toBe(MAX_READINGS + 2);
    expect(store.readingsOf("lab").map((r) => r.value)).toEqual([1]);
    expect(store.readingsOf("depot")).toEqual([]);
  });
});
