import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Card } from "../src/components/Card";
import { ErrorBanner } from "../src/components/ErrorBanner";
import { StatusBadge } from "../src/components/StatusBadge";

describe("design system components", () => {
  it("announces errors to assistive technology", () => {
    expect(renderToStaticMarkup(<ErrorBanner message="Server down" />)).toContain('role="alert"');
  });

  it("styles badges by tone through tokens only", () => {
    expect(renderToStaticMarkup(<StatusBadge tone="ok">open</StatusBadge>)).toBe('<span class="badge badge--ok">open</span>');
  });

  it("titles cards", () => {
    expect(renderToStaticMarkup(<Card title="Buildings">x</Card>)).toContain('<h2 class="card__title">Buildings</h2>');
  });
});
