import { Component } from "@angular/core";
import { TestBed, type ComponentFixture } from "@angular/core/testing";
import { provideRouter, Router } from "@angular/router";
import { RouterTestingHarness } from "@angular/router/testing";
import { describe, expect, it, vi } from "vitest";
import { BuildingsApi } from "../src/api/buildings-api";
import type { Building } from "../src/api/buildings";
import { ApiError } from "../src/api/client";
import { ErrorBanner } from "../src/components/error-banner";
import { StatusBadge } from "../src/components/status-badge";
import { routes } from "../src/app.routes";
import { appConfig } from "../src/app.config";
import { BuildingsList } from "../src/pages/buildings-list";

const buildings: Building[] = [
  { id: "hq", name: "Headquarters", city: "Zurich", floors: 12, areaM2: 18400 },
  { id: "lab 2", name: "Research Lab", city: "Basel", floors: 4, areaM2: 6200 },
];

/** Lets the fake API answer, then waits for Angular to render what changed. */
async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

async function renderList(list: () => Promise<Building[]>) {
  TestBed.configureTestingModule({
    providers: [...appConfig.providers, { provide: BuildingsApi, useValue: { list, get: list } }],
  });
  const fixture = TestBed.createComponent(BuildingsList);
  await settle(fixture);
  return { fixture, page: fixture.nativeElement as HTMLElement };
}

describe("buildings list page", () => {
  it("links every building to its detail route", async () => {
    const { page } = await renderList(async () => buildings);
    const links = [...page.querySelectorAll("a")].map((a) => [a.textContent?.trim(), a.getAttribute("href")]);
    expect(links).toEqual([
      ["Headquarters", "/buildings/hq"],
      ["Research Lab", "/buildings/lab%202"],
    ]);
    expect(page.textContent).toContain("Zurich · 12 floors · 18,400 m²");
  });

  it("shows the user's message and retries on request", async () => {
    let calls = 0;
    const { fixture, page } = await renderList(async () => {
      calls += 1;
      if (calls === 1) throw new ApiError(null, "The server could not be reached.", "GET /api/buildings: timed out");
      return buildings;
    });
    expect(page.querySelector('[role="alert"]')?.textContent).toContain("The server could not be reached.");
    page.querySelector<HTMLButtonElement>(".error-banner button")?.click();
    await settle(fixture);
    expect(calls).toBe(2);
    expect(page.querySelector('[role="alert"]')).toBeNull();
    expect(page.querySelectorAll("li")).toHaveLength(2);
  });
});

describe("routes", () => {
  async function harness() {
    TestBed.configureTestingModule({ providers: appConfig.providers });
    return RouterTestingHarness.create();
  }

  it("load the building detail page lazily", () => {
    const detail = routes.find((route) => route.path === "buildings/:id");
    expect(detail?.component).toBeUndefined();
    expect(detail?.loadComponent).toBeTypeOf("function");
  });

  it("send unknown paths to the not-found page", async () => {
    const router = await harness();
    await router.navigateByUrl("/no/such/page");
    expect(router.routeNativeElement?.querySelector("h2")?.textContent).toBe("Page not found");
  });

  it("show the error page when a route fails to load, and log why", async () => {
    const router = await harness();
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    TestBed.inject(Router).resetConfig([
      { path: "broken", loadComponent: () => Promise.reject(new Error("chunk lost")) },
      ...routes,
    ]);
    await router.navigateByUrl("/broken");
    expect(router.routeNativeElement?.querySelector("h2")?.textContent).toBe("Something went wrong");
    expect(logged).toHaveBeenCalledWith(new Error("chunk lost"));
    logged.mockRestore();
  });
});

@Component({
  imports: [ErrorBanner, StatusBadge],
  template: `<app-status-badge tone="ok">open</app-status-badge><app-error-banner message="Server down" />`,
})
class Gallery {}

describe("design system components", () => {
  it("announce errors and style badges by tone through tokens only", async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(Gallery);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector(".badge")?.outerHTML).toBe('<span class="badge badge--ok">open</span>');
    expect(element.querySelector('[role="alert"]')?.textContent).toContain("Server down");
  });
});
