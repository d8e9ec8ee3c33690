// Framework-free state transitions: every store flavour applies these, and unit tests cover them once.
import type { Building, Reading } from "../api/buildings";

export type LoadStatus = "idle" | "loading" | "ready" | "error";

export interface BuildingsState {
  status: LoadStatus;
  items: Building[];
  error: string | null;
}

export const MAX_READINGS = 20;

export const initialBuildings: BuildingsState = { status: "idle", items: [], error: null };

export type BuildingsEvent =
  | { type: "loading" }
  | { type: "loaded"; items: Building[] }
  | { type: "failed"; error: string };

export function buildingsReducer(state: BuildingsState, event: BuildingsEvent): BuildingsState {
  switch (event.type) {
    case "loading":
      return { ...state, status: "loading", error: null };
    case "loaded":
      return { status: "ready", items: event.items, error: null };
    case "failed":
      // Keep what was shown before: stale data beats an empty page.
      return { ...state, status: "error", error: event.error };
  }
}

/** Identifies one reading: the latest-readings answer and the live feed may both deliver it. */
export const readingKey = (r: Reading): string => `${r.device_id}|${r.metric}|${r.timestamp}`;

/** Newest first, once each, bounded so a long-open page does not grow without limit. */
export function withReading(readings: Reading[], reading: Reading): Reading[] {
  const key = readingKey(reading);
  return [reading, ...readings.filter((r) => readingKey(r) !== key)].slice(0, MAX_READINGS);
}
