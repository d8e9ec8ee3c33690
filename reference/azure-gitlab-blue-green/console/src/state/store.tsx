// Redux Toolkit store: one slice per concern, typed hooks, the transitions from model.ts.
import { configureStore, createSlice, type PayloadAction } from "@reduxjs/toolkit";
import { useCallback, type ReactNode } from "react";
import { Provider, useDispatch, useSelector } from "react-redux";
import { ApiError } from "../api/client";
import { listBuildings, type Building, type Reading } from "../api/buildings";
import { buildingsReducer, initialBuildings, withReading, type BuildingsState } from "./model";

const buildings = createSlice({
  name: "buildings",
  initialState: initialBuildings,
  reducers: {
    loading: (state) => buildingsReducer(state, { type: "loading" }),
    loaded: (state, action: PayloadAction<Building[]>) => buildingsReducer(state, { type: "loaded", items: action.payload }),
    failed: (state, action: PayloadAction<string>) => buildingsReducer(state, { type: "failed", error: action.payload }),
  },
});

const readings = createSlice({
  name: "readings",
  initialState: {} as Record<string, Reading[]>,
  reducers: {
    added: (state, action: PayloadAction<Reading>) => {
      const id = action.payload.building_id;
      state[id] = withReading(state[id] ?? [], action.payload);
    },
  },
});

export function createAppStore() {
  return configureStore({ reducer: { buildings: buildings.reducer, readings: readings.reducer } });
}

const store = createAppStore();
type RootState = ReturnType<ReturnType<typeof createAppStore>["getState"]>;
const NO_READINGS: Reading[] = [];

export function StateProvider({ children }: { children: ReactNode }) {
  return <Provider store={store}>{children}</Provider>;
}

export function useBuildings(): BuildingsState & { load: () => void } {
  const state = useSelector((root: RootState) => root.buildings);
  const dispatch = useDispatch();
  const load = useCallback(() => {
    dispatch(buildings.actions.loading());
    listBuildings().then(
      (items) => dispatch(buildings.actions.loaded(items)),
      (error: unknown) => dispatch(buildings.actions.failed(messageOf(error))),
    );
  }, [dispatch]);
  return { ...state, load };
}

export function useReadings(buildingId: string): Reading[] {
  return useSelector((root: RootState) => root.readings[buildingId] ?? NO_READINGS);
}

export function useAddReading(): (reading: Reading) => void {
  const dispatch = useDispatch();
  return useCallback((reading: Reading) => dispatch(readings.actions.added(reading)), [dispatch]);
}

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.userMessage : "Something went wrong.";
}
