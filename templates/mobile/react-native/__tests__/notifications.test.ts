import { NotificationService, routeFor, type PushMessage, type PushTransport, type RouteTarget } from "../src/push/notifications";

/** A fake platform transport: tests push tokens and taps through it as FCM/APNs would. */
class FakeTransport implements PushTransport {
  permission = true;
  token = "token-1";
  initial: PushMessage | null = null;
  private refresh: ((token: string) => void) | null = null;
  private opened: ((message: PushMessage) => void) | null = null;

  requestPermission = async () => this.permission;
  getToken = async () => this.token;
  initialMessage = async () => this.initial;
  onTokenRefresh(listener: (token: string) => void) {
    this.refresh = listener;
    return () => (this.refresh = null);
  }
  onOpened(listener: (message: PushMessage) => void) {
    this.opened = listener;
    return () => (this.opened = null);
  }
  rotate(token: string) {
    this.refresh?.(token);
  }
  tap(data: Record<string, string>) {
    this.opened?.({ data });
  }
}

function setup() {
  const transport = new FakeTransport();
  const registered: string[] = [];
  const routes: RouteTarget[] = [];
  const service = new NotificationService(transport, { register: async (t) => void registered.push(t) });
  return { transport, registered, routes, service, navigate: (t: RouteTarget) => void routes.push(t) };
}

const flush = () => new Promise<void>((resolve) => setImmediate(() => resolve()));

test("alarms route to their building, sync notices to Status, unknown types nowhere", () => {
  expect(routeFor({ data: { type: "alarm", buildingId: "hq" } })).toEqual({ screen: "BuildingDetail", params: { id: "hq" } });
  expect(routeFor({ data: { type: "sync" } })).toEqual({ screen: "Status" });
  expect(routeFor({ data: { type: "alarm" } })).toBeNull();
  expect(routeFor({ data: { type: "marketing" } })).toBeNull();
});

test("the token is registered on start and again when the platform rotates it", async () => {
  const { transport, registered, service, navigate } = setup();
  expect(await service.start(navigate)).toBe(true);
  transport.rotate("token-2");
  transport.rotate("token-2");
  await flush();
  expect(registered).toEqual(["token-1", "token-2"]);
  expect(service.token).toBe("token-2");
});

test("without permission nothing is registered", async () => {
  const { transport, registered, service, navigate } = setup();
  transport.permission = false;
  expect(await service.start(navigate)).toBe(false);
  expect(registered).toEqual([]);
});

test("a tapped notification opens its screen, also from a cold start", async () => {
  const { transport, routes, service, navigate } = setup();
  transport.initial = { data: { type: "sync" } };
  await service.start(navigate);
  transport.tap({ type: "work-order", buildingId: "lab" });
  expect(routes).toEqual([{ screen: "Status" }, { screen: "BuildingDetail", params: { id: "lab" } }]);
});

test("stop unsubscribes from taps and refreshes", async () => {
  const { transport, routes, registered, service, navigate } = setup();
  await service.start(navigate);
  service.stop();
  transport.tap({ type: "sync" });
  transport.rotate("token-9");
  await flush();
  expect(routes).toEqual([]);
  expect(registered).toEqual(["token-1"]);
});
