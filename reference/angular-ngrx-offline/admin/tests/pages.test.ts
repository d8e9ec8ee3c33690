import { Component } from "@angular/core";
import { TestBed } from "@angular/core/testing";
import { provideRouter, Router } from "@angular/router";
import { RouterTestingHarness } from "@angular/router/testing";
import { describe, expect, it, vi } from "vitest";
import { ErrorBanner } from "../src/components/error-banner";
import { StatusBadge } from "../src/components/status-badge";
import { routes } from "../src/app.routes";
import { appConfig } from "../src/app.config";

describe("routes", () => {
  async function harness() {
    TestBed.configureTestingModule({ providers: appConfig.providers });
    return RouterTestingHarness.create();
  }

  it("have no buildings pages without an IoT service", async () => {
    expect(routes.map((route) => route.path)).not.toContain("buildings");
    const router = await harness();
    await router.navigateByUrl("/buildings");
    expect(router.routeNativeElement?.querySelector("h2")?.textContent).toBe("Page not found");
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
