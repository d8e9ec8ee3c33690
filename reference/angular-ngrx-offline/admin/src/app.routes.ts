import type { Routes } from "@angular/router";
import { BuildingsList } from "./pages/buildings-list";
import { ErrorPage } from "./pages/error-page";
import { Home } from "./pages/home";
import { NotFound } from "./pages/not-found";

export const ERROR_PATH = "error";

export const routes: Routes = [
  { path: "", component: Home },
  { path: "buildings", component: BuildingsList },
  // Its own chunk: the detail page (and the live client) load only when a building is opened.
  { path: "buildings/:id", loadComponent: () => import("./pages/building-detail") },
  { path: ERROR_PATH, component: ErrorPage },
  { path: "**", component: NotFound },
];
