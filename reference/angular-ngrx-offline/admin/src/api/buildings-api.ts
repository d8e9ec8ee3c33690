import { Injectable } from "@angular/core";
import { ApiError } from "./client";
import { getBuilding, listBuildings, type Building } from "./buildings";

// The buildings API as an injectable, so stores and pages get it from DI and tests swap in a fake.
@Injectable({ providedIn: "root" })
export class BuildingsApi {
  list(): Promise<Building[]> {
    return listBuildings();
  }

  get(id: string): Promise<Building> {
    return getBuilding(id);
  }
}

/** The sentence a user sees for a failed call; details stay in the console. */
export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.userMessage : "Something went wrong.";
}
