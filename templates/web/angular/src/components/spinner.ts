import { Component, input } from "@angular/core";

@Component({
  selector: "app-spinner",
  template: `<p class="spinner" role="status" aria-live="polite">{{ label() }}…</p>`,
})
export class Spinner {
  readonly label = input.required<string>();
}
