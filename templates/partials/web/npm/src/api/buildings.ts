// The IoT service's buildings (/api/<iot>/v1/...). The types are aliases of the ones openapi-typescript
// generates from the service's OpenAPI document (iot.schema.d.ts): a renamed or removed field fails `npm run
// typecheck` here and in every page that reads it.
import { config, IOT_SERVICE, serviceApi } from "../config";
import { ApiClient } from "./client";
import type { components } from "./iot.schema";

type Schemas = components["schemas"];

export type Building = Schemas["BuildingOut"];

/** GET /v1/buildings/{id}/readings/latest: the newest reading per device and metric. */
export type LatestReading = Schemas["LatestReadingOut"];

/** A reading as the live feed pushes it (the readings export's item); a building's feed always names it. */
export type LiveReading = Schemas["ReadingOut"] & { building_id: string };

/** What the pages keep: a reading and the building it belongs to. */
export type Reading = LatestReading & { building_id: string };

let client: ApiClient | null = null;

/** Created on first use: a system without an IoT service never routes the pages that call this. */
function iot(): ApiClient {
  client ??= new ApiClient(serviceApi(IOT_SERVICE), { timeoutMs: config.timeoutMs, retries: config.retries });
  return client;
}

// The list changes rarely: a short TTL saves round trips when moving between pages.
export const listBuildings = (): Promise<Building[]> =>
  iot().request<Building[]>("/buildings", { cache: { kind: "ttl", ms: 30_000 } });

export const getBuilding = (id: string): Promise<Building> =>
  iot().request<Building>(`/buildings/${encodeURIComponent(id)}`, { cache: { kind: "ttl", ms: 10_000 } });

export const latestReadings = (id: string): Promise<LatestReading[]> =>
  iot().request<LatestReading[]>(`/buildings/${encodeURIComponent(id)}/readings/latest`);
