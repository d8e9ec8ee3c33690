import { Component, input } from "@angular/core";

export type Tone = "ok" | "warn" | "muted";

// Colours come from the design tokens through the badge--<tone> classes only.
@Component({
  selector: "app-status-badge",
  template: `<span class="badge badge--{{ tone() }}"><ng-content /></span>`,
})
export class StatusBadge {
  readonly tone = input.required<Tone>();
}
