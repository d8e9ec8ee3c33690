import { config } from "../config";
import { ApiClient } from "./client";

export interface Building {
  id: string;
  name: string;
  city: string;
  floors: number;
  areaM2: number;
}

export interface Reading {
  buildingId: string;
  metric: string;
  value: number;
  unit: string;
  at: string;
}

export const api = new ApiClient(config.apiBaseUrl, { timeoutMs: config.timeoutMs, retries: config.retries });

// The list changes rarely: a short TTL saves round trips when moving between pages.
export const listBuildings = (): Promise<Building[]> =>
  api.request<Building[]>("/buildings", { cache: { kind: "ttl", ms: 30_000 } });

export const getBuilding = (id: string): Promise<Building> =>
  api.request<Building>(`/buildings/${encodeURIComponent(id)}`, { cache: { kind: "ttl", ms: 10_000 } });
