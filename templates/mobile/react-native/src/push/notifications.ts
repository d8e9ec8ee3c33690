// Push notifications behind one interface: the platform registration (FCM on Android, APNs through FCM on
// iOS) is a PushTransport, the backend's device registry is a TokenRegistry, and routing is a pure function.
export interface PushMessage {
  data: Record<string, string>;
}

export interface PushTransport {
  requestPermission(): Promise<boolean>;
  getToken(): Promise<string>;
  onTokenRefresh(listener: (token: string) => void): () => void;
  /** A notification the user tapped while the app ran in the background. */
  onOpened(listener: (message: PushMessage) => void): () => void;
  /** The notification that launched the app from a cold start, if any. */
  initialMessage(): Promise<PushMessage | null>;
}

export interface TokenRegistry {
  register(token: string): Promise<void>;
}

export type RouteTarget = { screen: "BuildingDetail"; params: { id: string } } | { screen: "Status" };

/** Which screen a notification opens: alarms open their building, sync notices open Status. */
export function routeFor(message: PushMessage): RouteTarget | null {
  const { type, buildingId } = message.data;
  if ((type === "alarm" || type === "work-order") && buildingId) {
    return { screen: "BuildingDetail", params: { id: buildingId } };
  }
  if (type === "sync") return { screen: "Status" };
  return null; // unknown types are ignored rather than opening a wrong screen
}

export class NotificationService {
  private unsubscribers: Array<() => void> = [];
  token: string | null = null;
  private requested: string | null = null;

  constructor(
    private readonly transport: PushTransport,
    private readonly registry: TokenRegistry,
  ) {}

  /** Ask once, register the token, keep it registered when it rotates, and route taps. */
  async start(navigate: (target: RouteTarget) => void): Promise<boolean> {
    if (!(await this.transport.requestPermission())) return false;
    await this.registerToken(await this.transport.getToken());
    this.unsubscribers.push(
      this.transport.onTokenRefresh((token) => void this.registerToken(token).catch(() => undefined)),
      this.transport.onOpened((message) => this.open(message, navigate)),
    );
    const initial = await this.transport.initialMessage();
    if (initial) this.open(initial, navigate);
    return true;
  }

  stop(): void {
    this.unsubscribers.forEach((unsubscribe) => unsubscribe());
    this.unsubscribers = [];
  }

  private async registerToken(token: string): Promise<void> {
    // Claimed before awaiting: the platform may report the same rotation twice in quick succession.
    if (token === this.requested) return;
    this.requested = token;
    try {
      await this.registry.register(token);
      this.token = token;
    } catch (error) {
      if (this.requested === token) this.requested = null; // let the next refresh or start try again
      throw error;
    }
  }

  private open(message: PushMessage, navigate: (target: RouteTarget) => void): void {
    const target = routeFor(message);
    if (target) navigate(target);
  }
}

export function httpTokenRegistry(baseUrl: string, platform: string, fetchFn: typeof fetch = (...a) => globalThis.fetch(...a)): TokenRegistry {
  return {
    async register(token) {
      const response = await fetchFn(`${baseUrl.replace(/\/$/, "")}/devices/${encodeURIComponent(token)}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ platform }),
      });
      if (!response.ok) throw new Error(`device registration failed: HTTP ${response.status}`);
    },
  };
}
