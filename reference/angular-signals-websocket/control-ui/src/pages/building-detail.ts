// Loaded lazily (its own chunk): the live client ships with it, not with the first page.
// The latest readings come from the IoT service (none in this system), then its live feed.
import { Component, computed, effect, inject, input, signal } from "@angular/core";
import { BuildingsApi, messageOf } from "../api/buildings-api";
import type { Building } from "../api/buildings";
import { Card } from "../components/card";
import { ErrorBanner } from "../components/error-banner";
import { Spinner } from "../components/spinner";
import { StatusBadge, type Tone } from "../components/status-badge";
import { liveUrl, subscribeLive, type LiveStatus } from "../realtime/live";
import { readingKey } from "../state/model";
import { AppStore } from "../state/store";

const TONES: Record<LiveStatus, Tone> = { open: "ok", closed: "muted", connecting: "warn", retrying: "warn" };

@Component({
  selector: "app-building-detail",
  imports: [Card, ErrorBanner, Spinner, StatusBadge],
  template: `
    @if (error(); as message) {
      <app-error-banner [message]="message" (retry)="attempt.set(attempt() + 1)" />
    } @else if (building(); as building) {
      <app-card [title]="building.name">
        <p class="muted">{{ building.floor_area_m2.toLocaleString("en") }} m²</p>
        <h3>Live readings <app-status-badge [tone]="tone()">{{ live() }}</app-status-badge></h3>

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
  readonly live = signal<LiveStatus>("connecting");
  readonly tone = computed(() => TONES[this.live()]);

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
    // The latest reading per device and metric.
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
      onCleanup(() => {
        current = false;
      });
    });
    // One live subscription per building shown; the cleanup closes it when the id changes or the page goes.
    effect((onCleanup) => {
      const stop = subscribeLive(liveUrl(this.id()), (reading) => this.store.addReading(reading), {
        onStatus: (status) => this.live.set(status),
      });
      onCleanup(stop);
    });
  }

  time(timestamp: string): string {
    return new Date(timestamp).toLocaleTimeString("en");
  }
}
