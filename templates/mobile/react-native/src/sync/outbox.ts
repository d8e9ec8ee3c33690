// The offline outbox: every change made on site is persisted first, then replayed to the API strictly in
// the order it was made once the connection returns.
//
// Conflict policy: SERVER WINS, LOCAL KEPT FOR REVIEW. When the API answers 409 the server's version stays
// authoritative; the local change moves to `conflicts()` with the server's copy so a person can re-apply it.
// A change the API refuses outright (other 4xx) is kept for review the same way, never silently dropped.
import { BACKGROUND_LIMITS } from "../perf/background";

export const CONFLICT_POLICY = "server-wins-keep-local" as const;

export interface Change {
  /** Idempotency key: sent with every attempt, so a retry after a lost answer cannot apply twice. */
  id: string;
  kind: string;
  entityId: string;
  payload: unknown;
  createdAt: number;
  attempts: number;
}

export interface Conflict {
  change: Change;
  reason: "conflict" | "rejected";
  server: unknown;
}

export type SendResult =
  | { status: "applied" }
  | { status: "conflict"; server: unknown }
  | { status: "rejected"; reason: string }
  | { status: "retry"; reason: string };

export interface SyncTransport {
  send(change: Change): Promise<SendResult>;
}

/** The subset of AsyncStorage the outbox needs; tests pass a Map-backed store. */
export interface KeyValueStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
}

export interface OutboxDeps {
  newId: () => string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface ReplayReport {
  applied: string[];
  conflicts: string[];
  /** Id of the change still at the head of the queue after its retries ran out, if any. */
  blockedBy: string | null;
}

const STORAGE_KEY = "outbox.v1";

function randomId(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const defaultDeps: OutboxDeps = {
  newId: randomId,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Exponential backoff for attempt 1, 2, 3 ...: base, 2 x base, 4 x base, capped. */
export function backoffDelay(attempt: number): number {
  return Math.min(BACKGROUND_LIMITS.maxBackoffMs, BACKGROUND_LIMITS.baseBackoffMs * 2 ** (attempt - 1));
}

interface State {
  queue: Change[];
  conflicts: Conflict[];
}

export class Outbox {
  private state: State = { queue: [], conflicts: [] };
  private readonly loaded: Promise<void>;
  private running: Promise<ReplayReport> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly deps: OutboxDeps = defaultDeps,
  ) {
    this.loaded = store.getItem(STORAGE_KEY).then((text) => {
      if (text) this.state = JSON.parse(text) as State;
    });
  }

  async enqueue(kind: string, entityId: string, payload: unknown): Promise<Change> {
    await this.loaded;
    const change: Change = { id: this.deps.newId(), kind, entityId, payload, createdAt: this.deps.now(), attempts: 0 };
    this.state.queue.push(change);
    await this.persist(); // persisted before the caller hears "saved": a crash now loses nothing
    return change;
  }

  async pending(): Promise<Change[]> {
    await this.loaded;
    return this.state.queue.map((c) => ({ ...c }));
  }

  async conflicts(): Promise<Conflict[]> {
    await this.loaded;
    return [...this.state.conflicts];
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replay in order; one replay at a time (a second reconnect joins the running one). */
  replay(transport: SyncTransport, limit: number = BACKGROUND_LIMITS.maxChangesPerReplay): Promise<ReplayReport> {
    if (!this.running) {
      this.running = this.drain(transport, limit).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async drain(transport: SyncTransport, limit: number): Promise<ReplayReport> {
    await this.loaded;
    const report: ReplayReport = { applied: [], conflicts: [], blockedBy: null };
    const started = this.deps.now();
    while (this.state.queue.length > 0 && report.applied.length + report.conflicts.length < limit) {
      if (this.deps.now() - started > BACKGROUND_LIMITS.replayBudgetMs) break;
      const head = this.state.queue[0];
      const result = await this.sendWithRetry(transport, head);
      if (result.status === "retry") {
        // Later changes may depend on this one: never skip ahead of it.
        report.blockedBy = head.id;
        break;
      }
      this.state.queue.shift();
      if (result.status === "applied") {
        report.applied.push(head.id);
      } else {
        const server = result.status === "conflict" ? result.server : null;
        this.state.conflicts.push({ change: head, reason: result.status, server });
        report.conflicts.push(head.id);
      }
      await this.persist();
    }
    return report;
  }

  private async sendWithRetry(transport: SyncTransport, change: Change): Promise<SendResult> {
    let result: SendResult = { status: "retry", reason: "not sent" };
    for (let attempt = 1; attempt <= BACKGROUND_LIMITS.maxAttemptsPerReplay; attempt++) {
      if (attempt > 1) await this.deps.sleep(backoffDelay(attempt - 1));
      change.attempts += 1;
      try {
        result = await transport.send(change);
      } catch (error) {
        result = { status: "retry", reason: String(error) };
      }
      if (result.status !== "retry") return result;
      await this.persist(); // the attempt count survives a restart
    }
    return result;
  }

  private async persist(): Promise<void> {
    await this.store.setItem(STORAGE_KEY, JSON.stringify(this.state));
    this.listeners.forEach((listener) => listener());
  }
}

/** POST /changes with the change id as the Idempotency-Key header (the API stores applied keys). */
export function httpSyncTransport(baseUrl: string, fetchFn: typeof fetch = (...a) => globalThis.fetch(...a)): SyncTransport {
  return {
    async send(change) {
      const response = await fetchFn(`${baseUrl.replace(/\/$/, "")}/changes`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": change.id },
        body: JSON.stringify({ kind: change.kind, entityId: change.entityId, payload: change.payload }),
      });
      if (response.ok) return { status: "applied" };
      if (response.status === 409) return { status: "conflict", server: await response.json().catch(() => null) };
      if (response.status === 429 || response.status >= 500) return { status: "retry", reason: `HTTP ${response.status}` };
      return { status: "rejected", reason: `HTTP ${response.status}` };
    },
  };
}
