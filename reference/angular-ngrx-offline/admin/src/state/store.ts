// NgRx: actions, reducers built on the transitions in model.ts, and an effect that loads the list. Pages
// use the AppStore facade (signals to read, methods to act), the same surface as the signals flavour.
import { Injectable, inject, makeEnvironmentProviders, type EnvironmentProviders } from "@angular/core";
import { Actions, createEffect, ofType, provideEffects } from "@ngrx/effects";
import { createActionGroup, createFeature, createReducer, emptyProps, on, props, provideStore, Store } from "@ngrx/store";
import { catchError, from, map, of, switchMap } from "rxjs";
import { BuildingsApi, messageOf } from "../api/buildings-api";
import type { Building, Reading } from "../api/buildings";
import { buildingsReducer, initialBuildings, withReading } from "./model";

export const buildingsActions = createActionGroup({
  source: "Buildings",
  events: {
    Load: emptyProps(),
    Loaded: props<{ items: Building[] }>(),
    Failed: props<{ error: string }>(),
  },
});

export const liveActions = createActionGroup({
  source: "Live",
  events: { "Reading Received": props<{ reading: Reading }>() },
});

export const buildingsFeature = createFeature({
  name: "buildings",
  reducer: createReducer(
    initialBuildings,
    on(buildingsActions.load, (state) => buildingsReducer(state, { type: "loading" })),
    on(buildingsActions.loaded, (state, { items }) => buildingsReducer(state, { type: "loaded", items })),
    on(buildingsActions.failed, (state, { error }) => buildingsReducer(state, { type: "failed", error })),
  ),
});

export const readingsFeature = createFeature({
  name: "readings",
  reducer: createReducer(
    {} as Record<string, Reading[]>,
    on(liveActions.readingReceived, (state, { reading }) => ({
      ...state,
      [reading.building_id]: withReading(state[reading.building_id] ?? [], reading),
    })),
  ),
});

// switchMap: a reload supersedes a slow earlier one instead of racing it.
export const loadBuildings = createEffect(
  (actions = inject(Actions), api = inject(BuildingsApi)) =>
    actions.pipe(
      ofType(buildingsActions.load),
      switchMap(() =>
        from(api.list()).pipe(
          map((items) => buildingsActions.loaded({ items })),
          catchError((error: unknown) => of(buildingsActions.failed({ error: messageOf(error) }))),
        ),
      ),
    ),
  { functional: true },
);

export function provideAppState(): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideStore({ [buildingsFeature.name]: buildingsFeature.reducer, [readingsFeature.name]: readingsFeature.reducer }),
    provideEffects({ loadBuildings }),
  ]);
}

const NO_READINGS: Reading[] = [];

@Injectable({ providedIn: "root" })
export class AppStore {
  private readonly store = inject(Store);
  readonly buildings = this.store.selectSignal(buildingsFeature.selectBuildingsState);
  private readonly readings = this.store.selectSignal(readingsFeature.selectReadingsState);

  load(): void {
    this.store.dispatch(buildingsActions.load());
  }

  /** Reactive when read inside a template, computed() or effect(). */
  readingsOf(buildingId: string): Reading[] {
    return this.readings()[buildingId] ?? NO_READINGS;
  }

  addReading(reading: Reading): void {
    this.store.dispatch(liveActions.readingReceived({ reading }));
  }
}
