import { Component, inject, type OnInit } from "@angular/core";
import { RouterLink } from "@angular/router";
import { Card } from "../components/card";
import { ErrorBanner } from "../components/error-banner";
import { Spinner } from "../components/spinner";
import { AppStore } from "../state/store";

@Component({
  selector: "app-buildings-list",
  imports: [Card, ErrorBanner, RouterLink, Spinner],
  template: `
    <app-card title="Buildings">
      @let state = store.buildings();
      @if (state.status === "loading" && state.items.length === 0) {
        <app-spinner label="Loading buildings" />
      }
      @if (state.error; as error) {
        <app-error-banner [message]="error" (retry)="store.load()" />
      }
      <ul class="list">
        @for (building of state.items; track building.id) {
          <li class="list__item">
            <a [routerLink]="['/buildings', building.id]">{{ building.name }}</a>
            <span class="muted">{{ building.floor_area_m2.toLocaleString("en") }} m²</span>
          </li>
        }
      </ul>
    </app-card>
  `,
})
export class BuildingsList implements OnInit {
  protected readonly store = inject(AppStore);

  ngOnInit(): void {
    this.store.load();
  }
}
