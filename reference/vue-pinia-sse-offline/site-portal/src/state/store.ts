// Pinia: one setup store applying the transitions of model.ts. Pages use the composables below, the
// same surface as the no-store flavour, so the choice of store never reaches a page.
import { defineStore, storeToRefs } from "pinia";
import { computed, shallowRef, toValue, type ComputedRef, type MaybeRefOrGetter, type Ref } from "vue";
import { ApiError } from "../api/client";
import { listBuildings, type Reading } from "../api/buildings";
import { buildingsReducer, initialBuildings, withReading, type BuildingsEvent, type BuildingsState } from "./model";

export interface BuildingsView {
  state: Readonly<Ref<BuildingsState>>;
  load: () => Promise<void>;
}

const NO_READINGS: Reading[] = [];

// The transitions return new objects, so shallow refs suffice: no deep proxies over API data.
export const useAppStore = defineStore("app", () => {
  const buildings = shallowRef<BuildingsState>(initialBuildings);
  const readings = shallowRef<Record<string, Reading[]>>({});

  const load = () =>
    loadBuildings((event) => {
      buildings.value = buildingsReducer(buildings.value, event);
    });

  function addReading(reading: Reading): void {
    const id = reading.building_id;
    readings.value = { ...readings.value, [id]: withReading(readings.value[id] ?? NO_READINGS, reading) };
  }

  return { buildings, readings, load, addReading };
});

export function useBuildings(): BuildingsView {
  const store = useAppStore();
  return { state: storeToRefs(store).buildings, load: store.load };
}

export function useReadings(buildingId: MaybeRefOrGetter<string>): ComputedRef<Reading[]> {
  const store = useAppStore();
  return computed(() => store.readings[toValue(buildingId)] ?? NO_READINGS);
}

export function useAddReading(): (reading: Reading) => void {
  return useAppStore().addReading;
}

/** One load of the list, told as transitions: loading, then loaded or failed with a message for users. */
async function loadBuildings(apply: (event: BuildingsEvent) => void): Promise<void> {
  apply({ type: "loading" });
  try {
    apply({ type: "loaded", items: await listBuildings() });
  } catch (error) {
    apply({ type: "failed", error: error instanceof ApiError ? error.userMessage : "Something went wrong." });
  }
}
