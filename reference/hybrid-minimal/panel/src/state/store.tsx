// No client store: each page owns its data; the API client's cache avoids refetching on navigation.
import { useCallback, useState, useSyncExternalStore, type ReactNode } from "react";
import { ApiError } from "../api/client";
import { listBuildings, type Reading } from "../api/buildings";
import { buildingsReducer, initialBuildings, withReading, type BuildingsState } from "./model";

export function StateProvider({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

export function useBuildings(): BuildingsState & { load: () => void } {
  const [state, setState] = useState(initialBuildings);
  const load = useCallback(() => {
    setState((s) => buildingsReducer(s, { type: "loading" }));
    listBuildings().then(
      (items) => setState((s) => buildingsReducer(s, { type: "loaded", items })),
      (error: unknown) => setState((s) => buildingsReducer(s, { type: "failed", error: messageOf(error) })),
    );
  }, []);
  return { ...state, load };
}

// Live readings only matter on the detail page: a module-level list with subscribers, not an app store.
const latest = new Map<string, Reading[]>();
const listeners = new Set<() => void>();
const NO_READINGS: Reading[] = [];

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useReadings(buildingId: string): Reading[] {
  return useSyncExternalStore(subscribe, () => latest.get(buildingId) ?? NO_READINGS);
}

export function useAddReading(): (reading: Reading) => void {
  return useCallback((reading: Reading) => {
    latest.set(reading.building_id, withReading(latest.get(reading.building_id) ?? [], reading));
    listeners.forEach((listener) => listener());
  }, []);
}

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.userMessage : "Something went wrong.";
}
