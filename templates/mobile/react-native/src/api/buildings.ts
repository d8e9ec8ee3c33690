// The IoT service's buildings, as the web app reads them (/api/<iot>/v1/...), bound to a client so tests and
// screens can swap it. The types are aliases of the ones openapi-typescript generates from the service's OpenAPI
// document (iot.schema.d.ts): a renamed or removed field fails `npm run typecheck`.
import { IOT_SERVICE } from "../config";
import { ApiClient } from "./client";
import type { components } from "./iot.schema";

type Schemas = components["schemas"];

export type Building = Schemas["BuildingOut"];

/** GET /v1/buildings/{id}/readings/latest: the newest reading per device and metric. */
export type LatestReading = Schemas["LatestReadingOut"];

export interface BuildingsApi {
  list(): Promise<Building[]>;
  get(id: string): Promise<Building>;
  latest(id: string): Promise<LatestReading[]>;
}

/** `service`: the IoT component's name; the client's base URL is the web host's /api. */
export function buildingsApi(client: ApiClient, service: string | null = IOT_SERVICE): BuildingsApi {
  if (service === null) throw new Error("this system has no IoT service: there are no buildings to show");
  const base = `/${service}/v1/buildings`;
  const one = (id: string) => `${base}/${encodeURIComponent(id)}`;
  return {
    // The list changes rarely: a short TTL saves round trips (and radio wake-ups) when going back and forth.
    list: () => client.request<Building[]>(base, { cache: { kind: "ttl", ms: 30_000 } }),
    get: (id) => client.request<Building>(one(id), { cache: { kind: "ttl", ms: 10_000 } }),
    latest: (id) => client.request<LatestReading[]>(`${one(id)}/readings/latest`),
  };
}
