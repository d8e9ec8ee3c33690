// React context + useReducer: no dependency; the transitions from model.ts.
import { createContext, useCallback, useContext, useMemo, useReducer, type Dispatch, type ReactNode } from "react";
import { ApiError } from "../api/client";
import { listBuildings, type Reading } from "../api/buildings";
import { buildingsReducer, initialBuildings, withReading, type BuildingsEvent, type BuildingsState } from "./model";

interface AppState {
  buildings: BuildingsState;
  readings: Record<string, Reading[]>;
}

type AppEvent = BuildingsEvent | { type: "reading"; reading: Reading };

function appReducer(state: AppState, event: AppEvent): AppState {
  if (event.type === "reading") {
    const id = event.reading.building_id;
    return { ...state, readings: { ...state.readings, [id]: withReading(state.readings[id] ?? [], event.reading) } };
  }
  return { ...state, buildings: buildingsReducer(state.buildings, event) };
}

const AppContext = createContext<{ state: AppState; dispatch: Dispatch<AppEvent> } | null>(null);
const NO_READINGS: Reading[] = [];

export function StateProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(appReducer, { buildings: initialBuildings, readings: {} });
  const value = useMemo(() => ({ state, dispatch }), [state]);
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

function useApp() {
  const value = useContext(AppContext);
  if (value === null) throw new Error("StateProvider is missing above this component");
  return value;
}

export function useBuildings(): BuildingsState & { load: () => void } {
  const { state, dispatch } = useApp();
  const load = useCallback(() => {
    dispatch({ type: "loading" });
    listBuildings().then(
      (items) => dispatch({ type: "loaded", items }),
      (error: unknown) => dispatch({ type: "failed", error: messageOf(error) }),
    );
  }, [dispatch]);
  return { ...state.buildings, load };
}

export function useReadings(buildingId: string): Reading[] {
  return useApp().state.readings[buildingId] ?? NO_READINGS;
}

export function useAddReading(): (reading: Reading) => void {
  const { dispatch } = useApp();
  return useCallback((reading: Reading) => dispatch({ type: "reading", reading }), [dispatch]);
}

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.userMessage : "Something went wrong.";
}
