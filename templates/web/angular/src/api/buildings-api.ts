import { Injectable } from "@angular/core";
import { ApiError } from "./client";
import { getBuilding, latestReadings, listBuildings, type Building, type LatestReading } from "./buildings";
import { buildingKpi, type Kpi } from "./kpis";

// The IoT service's buildings (and the analytics service's KPIs) as an injectable, so stores and pages get
// them from DI and tests swap in a fake.
@Injectable({ providedIn: "root" })
export class BuildingsApi {
  list(): Promise<Building[]> {
    return listBuildings();
  }

  get(id: string): Promise<Building> {
    return getBuilding(id);
  }

  latest(id: string): Promise<LatestReading[]> {
    return latestReadings(id);
  }

  kpi(id: string): Promise<Kpi | null> {
    return buildingKpi(id);
  }
}

/** The sentence a user sees for a failed call; details stay in the console. */
export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.userMessage : "Something went wrong.";
}
