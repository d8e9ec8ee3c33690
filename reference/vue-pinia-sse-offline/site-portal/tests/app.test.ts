import { enableAutoUnmount } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { getBuilding, listBuildings, type Building } from "../src/api/buildings";
import { ApiError } from "../src/api/client";
import { subscribeLive, type LiveStatus } from "../src/realtime/live";
import { mountApp } from "./mount-app";

vi.mock("../src/api/buildings", () => ({ listBuildings: vi.fn(), getBuilding: vi.fn() }));
vi.mock("../src/realtime/live", () => ({ subscribeLive: vi.fn() }));
enableAutoUnmount(afterEach);

const BUILDINGS: Building[] = [
  { id: "hq", name: "Headquarters", city: "Zurich", floors: 12, areaM2: 18400 },
  { id: "lab", name: "Research Lab", city: "Basel", floors: 4, areaM2: 6200 },
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
  it("opens a building from the list on its lazily loaded page", async () => {
    const app = await mountApp("/");
    await app.link("Buildings").trigger("click");
    await vi.waitFor(() => expect(app.wrapper.text()).toContain("Research Lab"));
    expect(app.path()).toBe("/buildings");
    expect(app.link("Buildings").attributes("aria-current")).toBe("page");

    await app.link("Headquarters").trigger("click");
    await vi.waitFor(() => expect(app.heading()).toBe("Headquarters"));
    expect(app.path()).toBe("/buildings/hq");
    expect(getBuilding).toHaveBeenCalledWith("hq");
    expect(app.wrapper.text()).toContain("Zurich · 12 floors · 18,400 m²");
    // Still in the Buildings section, but no longer on its page.
    expect(app.link("Buildings").classes()).toContain("active");
    expect(app.link("Buildings").attributes("aria-current")).toBeUndefined();
    expect(app.link("Home").classes()).not.toContain("active");
  });

  it("shows the not-found page for unknown paths", async () => {
    const app = await mountApp("/no/such/page");
    expect(app.heading()).toBe("Page not found");
  });

  it("explains a failed load and loads again on retry", async () => {
    vi.mocked(listBuildings).mockRejectedValueOnce(new ApiError(null, "The server could not be reached.", "timed out"));
    const app = await mountApp("/buildings");
    await vi.waitFor(() => expect(app.wrapper.find('[role="alert"]').exists()).toBe(true));
    expect(app.wrapper.get('[role="alert"]').text()).toContain("The server could not be reached.");

    await app.wrapper.get('[role="alert"] button').trigger("click");
    await vi.waitFor(() => expect(app.link("Headquarters").attributes("href")).toBe("/buildings/hq"));
    expect(app.wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it("explains a building that does not exist", async () => {
    const app = await mountApp("/buildings/gone");
    await vi.waitFor(() => expect(app.wrapper.find('[role="alert"]').exists()).toBe(true));
    expect(app.wrapper.get('[role="alert"]').text()).toContain("This item does not exist (any more).");
  });

  it("streams live readings onto the detail page, newest first, and stops when leaving it", async () => {
    const stop = vi.fn();
    let push: (value: number) => void = () => {};
    let report: (status: LiveStatus) => void = () => {};
    vi.mocked(subscribeLive).mockImplementation((_url, onReading, options) => {
      push = (value) => onReading({ buildingId: "hq", metric: "temperature", value, unit: "°C", at: "2024-01-01T12:00:00Z" });
      report = (status) => options?.onStatus?.(status);
      return stop;
    });
    const app = await mountApp("/buildings/hq");
    await vi.waitFor(() => expect(app.heading()).toBe("Headquarters"));
    expect(vi.mocked(subscribeLive).mock.calls[0][0]).toMatch(/\/api\/buildings\/hq\/live$/);

    report("open");
    push(21.5);
    push(21.7);
    await vi.waitFor(() => expect(app.wrapper.findAll('[data-testid="reading"]')).toHaveLength(2));
    const readings = app.wrapper.findAll('[data-testid="reading"]');
    expect(readings[0].text()).toContain("21.7 °C");
    expect(app.wrapper.get(".badge").text()).toBe("open");
    expect(app.wrapper.get(".badge").classes()).toContain("badge--ok");

    await app.link("Buildings").trigger("click");
    await vi.waitFor(() => expect(app.heading()).toBe("Buildings"));
    expect(stop).toHaveBeenCalledOnce();
  });
});
