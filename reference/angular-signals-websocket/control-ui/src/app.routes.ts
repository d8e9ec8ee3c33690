import type { Routes } from "@angular/router";
import { ErrorPage } from "./pages/error-page";
import { Home } from "./pages/home";
import { NotFound } from "./pages/not-found";

export const ERROR_PATH = "error";

export const routes: Routes = [
  { path: "", component: Home },
  // No IoT service in this system: nothing provides buildings, so their pages do not exist.
  { path: ERROR_PATH, component: ErrorPage },
  { path: "**", component: NotFound },
];
