import { createPinia, setActivePinia } from "pinia";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ref } from "vue";
import { listBuildings } from "../src/api/buildings";
import { ApiError } from "../src/api/client";
import { MAX_READINGS } from "../src/state/model";
import { useAddReading, useBuildings, useReadings } from "../src/state/store";

vi.mock("../src/api/buildings", () => ({ listBuildings: vi.fn() }));
const list = vi.mocked(listBuildings);

const hq = { id: "hq", name: "Headquarters", floor_area_m2: 18400 };
const reading = (buildingId: string, value: number) => ({
  building_id: buildingId,
  device_id: "sensor-1",
  metric: "temperature_c",
  value,
  timestamp: `2024-01-01T00:00:${String(value).padStart(2, "0")}Z`,
});

beforeEach(() => {
  list.mockReset();
  setActivePinia(createPinia());
});

describe("the Pinia store", () => {
  it("goes from loading to ready with the list", async () => {
    list.mockResolvedValue([hq]);
    const { state, load } = useBuildings();
    const done = load();
    expect(state.value.status).toBe("loading");
    await done;
    expect(state.value).toEqual({ status: "ready", items: [hq], error: null });
  });

  it("keeps the last list and shows the user's message when a reload fails", async () => {
    list.mockResolvedValueOnce([hq]).mockRejectedValueOnce(new ApiError(503, "Try again soon.", "GET /buildings: HTTP 503"));
    const { state, load } = useBuildings();
    await load();
    await load();
    expect(state.value).toEqual({ status: "error", items: [hq], error: "Try again soon." });
  });

  it("never shows a developer's error text to users", async () => {
    list.mockRejectedValue(new TypeError("x is undefined"));
    const { state, load } = useBuildings();
    await load();
    expect(state.value.error).toBe("Something went wrong.");
  });

  it("shares one list between the pages that use it", async () => {
    list.mockResolvedValue([hq]);
    await useBuildings().load();
    expect(useBuildings().state.value.items).toEqual([hq]);
  });

  it("files live readings per building, newest first and bounded", () => {
    const add = useAddReading();
    const shown = ref("store-a");
    const readings = useReadings(shown);
    for (let n = 0; n < MAX_READINGS + 3; n++) add(reading("store-a", n));
    add(reading("store-b", 99));

    expect(readings.value).toHaveLength(MAX_READINGS);
    expect(readings.value[0].value).toBe(MAX_READINGS + 2);
    shown.value = "store-b";
    expect(readings.value.map((r) => r.value)).toEqual([99]);
  });
});
