// Without an IoT service nothing provides buildings: their pages are not routed, and no link leads there.
import { enableAutoUnmount } from "@vue/test-utils";
import { afterEach, expect, it } from "vitest";
import { mountApp } from "./mount-app";

enableAutoUnmount(afterEach);

it("has no buildings pages in a system without an IoT service", async () => {
  const app = await mountApp("/buildings");
  expect(app.heading()).toBe("Page not found");
  expect(app.wrapper.findAll("nav a").map((link) => link.text())).toEqual(["Home"]);
});
