import { enableAutoUnmount } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { getBuilding, latestReadings, listBuildings, type Building } from "../src/api/buildings";
import { ApiError } from "../src/api/client";
import { subscribeLive } from "../src/realtime/live";
import { mountApp } from "./mount-app";

vi.mock("../src/api/buildings", () => ({ listBuildings: vi.fn(), getBuilding: vi.fn(), latestReadings: vi.fn() }));
// The real liveUrl (the IoT service's path), a fake socket.
vi.mock(import("../src/realtime/live"), async (importOriginal) => ({ ...(await importOriginal()), subscribeLive: vi.fn() }));
enableAutoUnmount(afterEach);

const BUILDINGS: Building[] = [
  { id: "hq", name: "Headquarters", floor_area_m2: 18400 },
  { id: "lab", name: "Research Lab", floor_area_m2: 6200 },
];

let warn: MockInstance<typeof console.warn>;

beforeEach(() => {
  warn = vi.spyOn(console, "warn");
  vi.mocked(listBuildings).mockReset().mockResolvedValue(BUILDINGS);
  vi.mocked(getBuilding)
    .mockReset()
    .mockImplementation(async (id) => {
      const found = BUILDINGS.find((building) => building.id === id);
      if (!found) throw new ApiError(404, "This item does not exist (any more).", `GET /buildings/${id}: HTTP 404`);
      return found;
    });
  vi.mocked(latestReadings)
    .mockReset()
    .mockResolvedValue([{ device_id: "meter-1", metric: "energy_kwh", value: 4.5, timestamp: "2024-01-01T11:00:00Z" }]);
  vi.mocked(subscribeLive)
    .mockReset()
    .mockReturnValue(() => {});
});

// Vue reports misuse (bad props, unhandled promises in hooks) as warnings: none may appear.
afterEach(() => {
  expect(warn).not.toHaveBeenCalled();
  warn.mockRestore();
});

describe("the app", () => {
  it("has no buildings pages without an IoT service", async () => {
    const app = await mountApp("/buildings");
    expect(app.heading()).toBe("Page not found");
    expect(app.wrapper.text()).not.toContain("Buildings");
  });

  it("shows the not-found page for unknown paths", async () => {
    const app = await mountApp("/no/such/page");
    expect(app.heading()).toBe("Page not found");
  });

});
