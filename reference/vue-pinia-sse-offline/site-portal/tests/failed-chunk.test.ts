// A deploy can remove the chunk an open tab still points to: the error page must show inside the
// layout, and the next navigation must leave it.
import { enableAutoUnmount } from "@vue/test-utils";
import { afterEach, expect, it, vi } from "vitest";
import { mountApp } from "./mount-app";

vi.mock("../src/api/buildings", () => ({
  listBuildings: vi.fn(async () => [{ id: "hq", name: "Headquarters", city: "Zurich", floors: 12, areaM2: 18400 }]),
  getBuilding: vi.fn(),
}));
vi.mock("../src/pages/BuildingDetail.vue", () => {
  throw new Error("Failed to fetch dynamically imported module");
});
enableAutoUnmount(afterEach);

it("shows the error page when a route's chunk fails to load, until the next navigation", async () => {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  const app = await mountApp("/buildings");
  await vi.waitFor(() => app.link("Headquarters"));

  await app.link("Headquarters").trigger("click");
  await vi.waitFor(() => expect(app.heading()).toBe("Something went wrong"));
  expect(app.wrapper.get('[role="alert"]').text()).toContain("failed to load");
  expect(logged).toHaveBeenCalled();

  await app.link("Buildings").trigger("click");
  await vi.waitFor(() => app.link("Headquarters"));
  expect(app.heading()).toBe("Buildings");
});
