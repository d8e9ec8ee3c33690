import { describe, expect, it } from "vitest";
import { buildingsReducer, initialBuildings, MAX_READINGS, withReading } from "../src/state/model";

const building = { id: "hq", name: "HQ", floor_area_m2: 100 };
const reading = (n: number) => ({
  building_id: "hq",
  device_id: "meter-1",
  metric: "energy_kwh",
  value: n,
  timestamp: `2024-01-01T00:00:${String(n).padStart(2, "0")}Z`,
});

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

  it("keeps a reading once when the latest answer and the live feed both deliver it", () => {
    const readings = withReading(withReading([reading(1)], reading(2)), { ...reading(1), value: 1 });
    expect(readings.map((r) => r.timestamp)).toEqual([reading(1).timestamp, reading(2).timestamp]);
  });
});
