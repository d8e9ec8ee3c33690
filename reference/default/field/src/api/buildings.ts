// The same resource functions as the web app, bound to a client so tests and screens can swap it.
import { ApiClient } from "./client";

export interface Building {
  id: string;
  name: string;
  city: string;
  floors: number;
  areaM2: number;
  photoUrl?: string;
}

export interface BuildingsApi {
  list(): Promise<Building[]>;
  get(id: string): Promise<Building>;
}

export function buildingsApi(client: ApiClient): BuildingsApi {
  return {
    // The list changes rarely: a short TTL saves round trips (and radio wake-ups) when going back and forth.
    list: () => client.request<Building[]>("/buildings", { cache: { kind: "ttl", ms: 30_000 } }),
    get: (id) =>
      client.request<Building>(`/buildings/${encodeURIComponent(id)}`, { cache: { kind: "ttl", ms: 10_000 } }),
  };
}
