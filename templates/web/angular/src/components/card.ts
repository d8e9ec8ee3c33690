import { Component, input } from "@angular/core";

@Component({
  selector: "app-card",
  template: `
    <section class="card">
      <h2 class="card__title">{{ title() }}</h2>
      <ng-content />
    </section>
  `,
})
export class Card {
  readonly title = input.required<string>();
}
