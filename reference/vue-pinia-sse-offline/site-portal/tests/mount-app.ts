// Mounts the whole app the way main.ts assembles it (Vue Router, here with in-memory history, Pinia) at a path.
// Test files stub the API with vi.mock; that applies to the modules imported from here too.
import { flushPromises, mount, type DOMWrapper, type VueWrapper } from "@vue/test-utils";
import { createPinia } from "pinia";
import { createMemoryHistory } from "vue-router";
import App from "../src/App.vue";
import { createAppRouter } from "../src/routing/router";

export interface MountedApp {
  wrapper: VueWrapper;
  /** The path the router is on. */
  path: () => string;
  link: (name: string) => DOMWrapper<Element>;
  heading: () => string;
}

export async function mountApp(path: string): Promise<MountedApp> {
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(App, { global: { plugins: [router, createPinia()] } });
  await flushPromises();
  return {
    wrapper,
    path: () => router.currentRoute.value.fullPath,
    link: (name) => {
      const found = wrapper.findAll("a").find((a) => a.text() === name);
      if (!found) throw new Error(`no link named "${name}" in: ${wrapper.text()}`);
      return found;
    },
    heading: () => wrapper.get("h2").text(),
  };
}
