import { describe, expect, it } from "vitest";
import { matchRoute } from "../src/routing/routes";

describe("custom router", () => {
  it.each([
    ["/", { name: "home" }],
    ["/buildings", { name: "buildings" }],
    ["/buildings/", { name: "buildings" }],
    ["/buildings/a%20b", { name: "building", params: { id: "a b" } }],
    ["/buildings/a/b", { name: "not-found" }],
    ["/nope", { name: "not-found" }],
  ])("matches %s", (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });
});
