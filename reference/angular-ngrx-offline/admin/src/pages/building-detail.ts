// Loaded lazily (its own chunk).
// The latest readings come from the IoT service (none in this system), then a poll every few seconds.
import { Component, computed, effect, inject, input, signal } from "@angular/core";
import { BuildingsApi, messageOf } from "../api/buildings-api";
import type { Building } from "../api/buildings";
import { Card } from "../components/card";
import { ErrorBanner } from "../components/error-banner";
import { Spinner } from "../components/spinner";
import { readingKey } from "../state/model";
import { AppStore } from "../state/store";

// Without a live feed the page asks for the latest readings again at this pace.
const POLL_MS = 5000;

@Component({
  selector: "app-building-detail",
  imports: [Card, ErrorBanner, Spinner],
  template: `
    @if (error(); as message) {
      <app-error-banner [message]="message" (retry)="attempt.set(attempt() + 1)" />
    } @else if (building(); as building) {
      <app-card [title]="building.name">
        <p class="muted">{{ building.floor_area_m2.toLocaleString("en") }} m²</p>
        <h3>Latest readings</h3>

        @if (readings().length === 0) {
          <p class="muted">No readings yet.</p>
        } @else {
          <ul class="list" aria-label="Readings">
            @for (reading of readings(); track key(reading)) {
              <li class="list__item reading" data-testid="reading">
                <strong>{{ reading.metric }}</strong> {{ reading.value }}
                <span class="muted">{{ reading.device_id }} · {{ time(reading.timestamp) }}</span>
              </li>
            }
          </ul>
        }
      </app-card>
    } @else {
      <app-spinner label="Loading building" />
    }
  `,
})
export default class BuildingDetail {
  /** The `:id` route parameter (withComponentInputBinding). */
  readonly id = input.required<string>();
  private readonly api = inject(BuildingsApi);
  private readonly store = inject(AppStore);
  readonly building = signal<Building | null>(null);
  readonly error = signal<string | null>(null);
  readonly attempt = signal(0);
  readonly readings = computed(() => this.store.readingsOf(this.id()));
  readonly key = readingKey;

  constructor() {
    // Reloads when the id changes or the user retries; an answer for a page already left is dropped.
    effect((onCleanup) => {
      const id = this.id();
      this.attempt();
      let current = true;
      onCleanup(() => (current = false));
      this.api.get(id).then(
        (building) => current && (this.building.set(building), this.error.set(null)),
        (reason: unknown) => current && this.error.set(messageOf(reason)),
      );
    });
    // The latest reading per device and metric, then again every few seconds.
    effect((onCleanup) => {
      const id = this.id();
      this.attempt();
      let current = true;
      const load = () =>
        this.api.latest(id).then(
          (items) => current && items.forEach((reading) => this.store.addReading({ ...reading, building_id: id })),
          (reason: unknown) => current && this.error.set(messageOf(reason)),
        );
      void load();
      const timer = setInterval(load, POLL_MS);
      onCleanup(() => {
        current = false;
        clearInterval(timer);
      });
    });
  }

  time(timestamp: string): string {
    return new Date(timestamp).toLocaleTimeString("en");
  }
}
