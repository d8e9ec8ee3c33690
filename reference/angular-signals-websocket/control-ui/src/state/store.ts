// Angular signals in one root service: the transitions from model.ts, no store library.
import { Injectable, inject, signal } from "@angular/core";
import { BuildingsApi, messageOf } from "../api/buildings-api";
import type { Reading } from "../api/buildings";
import { buildingsReducer, initialBuildings, withReading, type BuildingsEvent } from "./model";

const NO_READINGS: Reading[] = [];

@Injectable({ providedIn: "root" })
export class AppStore {
  private readonly api = inject(BuildingsApi);
  private readonly buildingsState = signal(initialBuildings);
  private readonly readings = signal<Record<string, Reading[]>>({});
  private loads = 0;
  readonly buildings = this.buildingsState.asReadonly();

  load(): void {
    // Only the latest load may settle the state: a slow earlier answer must not overwrite a newer one.
    const ticket = ++this.loads;
    const settle = (event: BuildingsEvent) => ticket === this.loads && this.apply(event);
    this.apply({ type: "loading" });
    this.api.list().then(
      (items) => settle({ type: "loaded", items }),
      (error: unknown) => settle({ type: "failed", error: messageOf(error) }),
    );
  }

  /** Reactive when read inside a template, computed() or effect(). */
  readingsOf(buildingId: string): Reading[] {
    return this.readings()[buildingId] ?? NO_READINGS;
  }

  addReading(reading: Reading): void {
    const id = reading.building_id;
    this.readings.update((all) => ({ ...all, [id]: withReading(all[id] ?? [], reading) }));
  }

  private apply(event: BuildingsEvent): void {
    this.buildingsState.update((state) => buildingsReducer(state, event));
  }
}
