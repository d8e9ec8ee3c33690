import { fireEvent, render, screen } from "@testing-library/react-native";
import { App } from "../src/App";
import type { Building, BuildingsApi } from "../src/api/buildings";
import type { Services } from "../src/services";
import { Outbox, type KeyValueStore, type SyncTransport } from "../src/sync/outbox";
import { NotificationService, type PushTransport } from "../src/push/notifications";

const BUILDINGS: Building[] = [
  { id: "hq", name: "Headquarters", floor_area_m2: 12000 },
  { id: "lab", name: "Lab", floor_area_m2: 4200 },
];

const fakeBuildings: BuildingsApi = {
  list: async () => BUILDINGS,
  get: async (id) => {
    const found = BUILDINGS.find((b) => b.id === id);
    if (!found) throw new Error("not found");
    return found;
  },
  latest: async (id) => [{ device_id: `${id}-meter`, metric: "energy_kwh", value: 4.5, timestamp: "2024-01-01T12:00:00Z" }],
};

function memoryStore(): KeyValueStore {
  const data = new Map<string, string>();
  return { getItem: async (k) => data.get(k) ?? null, setItem: async (k, v) => void data.set(k, v) };
}

function fakeServices(): Services {
  return {
    buildings: fakeBuildings,
    outbox: new Outbox(memoryStore(), { newId: () => "change-1", now: () => 0, sleep: async () => undefined }),
    syncTransport: { send: async () => ({ status: "applied" }) } satisfies SyncTransport,
    notifications: new NotificationService(
      {
        requestPermission: async () => false,
        getToken: async () => "unused",
        onTokenRefresh: () => () => undefined,
        onOpened: () => () => undefined,
        initialMessage: async () => null,
      } satisfies PushTransport,
      { register: async () => undefined },
    ),
  };
}

function renderApp() {
  return render(<App services={fakeServices()} connectivity={() => () => undefined} />);
}

test("the list shows every building and opens its detail screen", async () => {
  renderApp();
  expect(await screen.findByText("Headquarters")).toBeTruthy();
  expect(screen.getByText("4,200 m²")).toBeTruthy();
  fireEvent.press(screen.getByText("Lab"));
  expect(await screen.findByText("Floor area: 4,200 m²")).toBeTruthy();
  expect(await screen.findByText("energy_kwh: 4.5 (lab-meter)")).toBeTruthy();
});

test("the Status tab is reachable from the tab bar", async () => {
  renderApp();
  await screen.findByText("Headquarters");
  fireEvent.press(screen.getByRole("button", { name: /Status/ }));
  expect(await screen.findByText(/Platform:/)).toBeTruthy();
});

test("a fault reported offline is saved to the outbox and shown as pending", async () => {
  const services = fakeServices();
  render(<App services={services} connectivity={() => () => undefined} />);
  fireEvent.press(await screen.findByText("Headquarters"));
  fireEvent.press(await screen.findByText("Report a fault"));
  expect(await screen.findByText("1 report(s) saved, sent when online")).toBeTruthy();
  const pending = await services.outbox.pending();
  expect(pending.map((c) => [c.kind, c.entityId])).toEqual([["fault-report", "hq"]]);
});
