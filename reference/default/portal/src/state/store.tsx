// Zustand store: a hook-based store with the transitions from model.ts.
import type { ReactNode } from "react";
import { create } from "zustand";
import { ApiError } from "../api/client";
import { listBuildings, type Reading } from "../api/buildings";
import { buildingsReducer, initialBuildings, withReading, type BuildingsState } from "./model";

interface AppState {
  buildings: BuildingsState;
  readings: Record<string, Reading[]>;
  load: () => void;
  addReading: (reading: Reading) => void;
}

const NO_READINGS: Reading[] = [];

export const useAppStore = create<AppState>()((set) => ({
  buildings: initialBuildings,
  readings: {},
  load: () => {
    set((s) => ({ buildings: buildingsReducer(s.buildings, { type: "loading" }) }));
    listBuildings().then(
      (items) => set((s) => ({ buildings: buildingsReducer(s.buildings, { type: "loaded", items }) })),
      (error: unknown) =>
        set((s) => ({ buildings: buildingsReducer(s.buildings, { type: "failed", error: messageOf(error) }) })),
    );
  },
  addReading: (reading) =>
    set((s) => ({
      readings: { ...s.readings, [reading.building_id]: withReading(s.readings[reading.building_id] ?? [], reading) },
    })),
}));

// Zustand needs no provider; the component keeps the app shell identical across store choices.
export function StateProvider({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

export function useBuildings(): BuildingsState & { load: () => void } {
  const buildings = useAppStore((s) => s.buildings);
  const load = useAppStore((s) => s.load);
  return { ...buildings, load };
}

export function useReadings(buildingId: string): Reading[] {
  return useAppStore((s) => s.readings[buildingId] ?? NO_READINGS);
}

export function useAddReading(): (reading: Reading) => void {
  return useAppStore((s) => s.addReading);
}

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.userMessage : "Something went wrong.";
}
