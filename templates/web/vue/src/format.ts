// How pages print a building, a reading and KPIs: written once for the list and the detail page.
import type { Building } from "./api/buildings";
import type { Kpi } from "./api/kpis";

export const buildingFacts = (building: Building): string => `${building.floor_area_m2.toLocaleString("en")} m²`;

export const readingTime = (timestamp: string): string => new Date(timestamp).toLocaleTimeString("en");

export const totalKwh = (kpi: Kpi): string => `${kpi.total_kwh.toLocaleString("en", { maximumFractionDigits: 1 })} kWh`;

export const eui = (kpi: Kpi): string => `${kpi.eui_kwh_per_m2.toLocaleString("en", { maximumFractionDigits: 2 })} kWh/m²`;
