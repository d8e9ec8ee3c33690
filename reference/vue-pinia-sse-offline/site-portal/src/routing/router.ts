// Vue Router: the route table, and the one helper pages use to read a route param.
import { computed, type ComputedRef } from "vue";
import { createRouter, createWebHistory, useRoute, type RouteRecordRaw, type RouterHistory } from "vue-router";
import Home from "../pages/Home.vue";
import NotFound from "../pages/NotFound.vue";

export const routes: RouteRecordRaw[] = [
  { path: "/", component: Home },
  { path: "/:unknown(.*)*", component: NotFound },
];

/** Browser history in the app; tests pass createMemoryHistory(). */
export function createAppRouter(history: RouterHistory = createWebHistory()) {
  return createRouter({ history, routes });
}

export function useRouteParam(name: string): ComputedRef<string> {
  const route = useRoute();
  return computed(() => {
    const value = route.params[name];
    return typeof value === "string" ? value : "";
  });
}
