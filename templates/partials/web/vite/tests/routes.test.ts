import { describe, expect, it } from "vitest";
import { linkState, matchRoute } from "../src/routing/routes";

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

  it.each([
    ["/buildings", "/buildings", { current: true, active: true }],
    ["/buildings/hq", "/buildings", { current: false, active: true }],
    ["/buildings-archive", "/buildings", { current: false, active: false }],
    ["/buildings/hq", "/", { current: false, active: false }],
    ["/", "/", { current: true, active: true }],
  ])("at %s marks the link to %s as %o", (pathname, to, state) => {
    expect(linkState(pathname, to)).toEqual(state);
  });
});
