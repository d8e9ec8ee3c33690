// The analytics service's KPIs (/api/<analytics>/v1/kpis), typed by hand after its contract.
import { ANALYTICS_SERVICE, config, serviceApi } from "../config";
import { ApiClient } from "./client";

export interface Kpi {
  building_id: string;
  total_kwh: number;
  eui_kwh_per_m2: number;
}

let client: ApiClient | null = null;

/** The KPIs of one building, or null when the analytics service has none for it yet. */
export async function buildingKpi(buildingId: string): Promise<Kpi | null> {
  client ??= new ApiClient(serviceApi(ANALYTICS_SERVICE), { timeoutMs: config.timeoutMs, retries: config.retries });
  const kpis = await client.request<Kpi[]>("/kpis", { cache: { kind: "ttl", ms: 10_000 } });
  return kpis.find((kpi) => kpi.building_id === buildingId) ?? null;
}
