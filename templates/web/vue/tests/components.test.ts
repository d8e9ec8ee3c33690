import { mount } from "@vue/test-utils";
import { beforeEach, describe, expect, it, vi } from "vitest";
import Card from "../src/components/Card.vue";
import ErrorBanner from "../src/components/ErrorBanner.vue";
import StatusBadge from "../src/components/StatusBadge.vue";
import ThemeToggle from "../src/components/ThemeToggle.vue";

describe("design system components", () => {
  it("announces errors to assistive technology and offers a retry to a listener", async () => {
    const onRetry = vi.fn();
    const banner = mount(ErrorBanner, { props: { message: "Server down", onRetry } });
    expect(banner.get('[role="alert"]').text()).toContain("Server down");
    await banner.get("button").trigger("click");
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("offers no retry when nobody listens", () => {
    expect(mount(ErrorBanner, { props: { message: "Gone" } }).find("button").exists()).toBe(false);
  });

  it("styles badges by tone through tokens only", () => {
    const badge = mount(StatusBadge, { props: { tone: "ok" }, slots: { default: "open" } });
    expect(badge.html()).toBe('<span class="badge badge--ok">open</span>');
  });

  it("titles cards", () => {
    const card = mount(Card, { props: { title: "Buildings" }, slots: { default: "x" } });
    expect(card.get("h2.card__title").text()).toBe("Buildings");
  });
});

describe("theme toggle", () => {
  beforeEach(() => window.localStorage.clear());

  it("starts from the stored theme, switches the tokens and remembers the choice", async () => {
    window.localStorage.setItem("theme", "dark");
    const toggle = mount(ThemeToggle);
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(toggle.get("button").attributes("aria-label")).toBe("Switch to light theme");

    await toggle.get("button").trigger("click");
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(window.localStorage.getItem("theme")).toBe("light");
    expect(toggle.get("button").text()).toBe("Dark theme");
  });
});
