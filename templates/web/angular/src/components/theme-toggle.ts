import { DOCUMENT } from "@angular/common";
import { Component, computed, inject, signal } from "@angular/core";

export type Theme = "light" | "dark";

@Component({
  selector: "app-theme-toggle",
  template: `
    <button type="button" class="button button--ghost" [attr.aria-label]="'Switch to ' + next() + ' theme'" (click)="toggle()">
      {{ theme() === "dark" ? "Light" : "Dark" }} theme
    </button>
  `,
})
export class ThemeToggle {
  private readonly document = inject(DOCUMENT);
  private readonly storage = this.document.defaultView?.localStorage;
  readonly theme = signal<Theme>(this.initialTheme());
  readonly next = computed<Theme>(() => (this.theme() === "dark" ? "light" : "dark"));

  constructor() {
    this.apply(this.theme());
  }

  toggle(): void {
    const next = this.next();
    this.apply(next);
    this.storage?.setItem("theme", next);
    this.theme.set(next);
  }

  private initialTheme(): Theme {
    const stored = this.storage?.getItem("theme");
    if (stored === "light" || stored === "dark") return stored;
    return this.document.defaultView?.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  private apply(theme: Theme): void {
    this.document.documentElement.dataset["theme"] = theme;
  }
}
