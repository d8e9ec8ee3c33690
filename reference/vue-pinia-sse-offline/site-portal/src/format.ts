// How pages print a building and a reading: written once for the list and the detail page.
import type { Building } from "./api/buildings";

export const buildingFacts = (building: Building): string =>
  `${building.city} · ${building.floors} floors · ${building.areaM2.toLocaleString("en")} m²`;

export const readingTime = (at: string): string => new Date(at).toLocaleTimeString("en");
