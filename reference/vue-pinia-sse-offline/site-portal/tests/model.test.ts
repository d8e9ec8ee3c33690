import { describe, expect, it } from "vitest";
import { buildingsReducer, initialBuildings, MAX_READINGS, withReading } from "../src/state/model";

const building = { id: "hq", name: "HQ", city: "Zurich", floors: 3, areaM2: 100 };
const reading = (n: number) => ({ buildingId: "hq", metric: "t", value: n, unit: "°C", at: `2024-01-01T00:00:${n}Z` });

describe("state transitions", () => {
  it("keeps the last good list when a reload fails", () => {
    const loaded = buildingsReducer(initialBuildings, { type: "loaded", items: [building] });
    const failed = buildingsReducer(buildingsReducer(loaded, { type: "loading" }), { type: "failed", error: "down" });
    expect(failed).toEqual({ status: "error", items: [building], error: "down" });
  });

  it("keeps the newest readings first and bounded", () => {
    let readings = [reading(0)];
    for (let n = 1; n < MAX_READINGS + 5; n++) readings = withReading(readings, reading(n));
    expect(readings).toHaveLength(MAX_READINGS);
    expect(readings[0].value).toBe(MAX_READINGS + 4);
  });
});
