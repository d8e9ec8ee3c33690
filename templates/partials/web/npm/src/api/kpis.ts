// The analytics service's KPIs (/api/<analytics>/v1/kpis), typed by the types openapi-typescript generates from
// its OpenAPI document (analytics.schema.d.ts): the fields the pages read, so a rename fails the type check.
import { ANALYTICS_SERVICE, config, serviceApi } from "../config";
import { ApiClient } from "./client";
import type { components } from "./analytics.schema";

export type Kpi = Pick<components["schemas"]["BuildingKpis"], "building_id" | "total_kwh" | "eui_kwh_per_m2">;

let client: ApiClient | null = null;

/** The KPIs of one building, or null when the analytics service has none for it yet. */
export async function buildingKpi(buildingId: string): Promise<Kpi | null> {
  client ??= new ApiClient(serviceApi(ANALYTICS_SERVICE), { timeoutMs: config.timeoutMs, retries: config.retries });
  const kpis = await client.request<Kpi[]>("/kpis", { cache: { kind: "ttl", ms: 10_000 } });
  return kpis.find((kpi) => kpi.building_id === buildingId) ?? null;
}
