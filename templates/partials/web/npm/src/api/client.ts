// The one HTTP layer: timeouts, retries with backoff for idempotent calls, a user-facing error and a
// per-request cache policy. Pages never call fetch directly.

export type CachePolicy = { kind: "no-store" } | { kind: "ttl"; ms: number };

export interface RequestOptions {
  method?: "GET" | "HEAD" | "PUT" | "DELETE" | "POST" | "PATCH";
  body?: unknown;
  cache?: CachePolicy;
  timeoutMs?: number;
  retries?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number | null,
    readonly userMessage: string,
    detail: string,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE"]);

export interface ClientDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

const defaultDeps: ClientDeps = {
  fetch: (...args) => globalThis.fetch(...args),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

/** Exponential backoff: 200 ms, 400 ms, 800 ms ... capped at 5 s. */
export function backoffMs(attempt: number, baseMs = 200, capMs = 5000): number {
  return Math.min(capMs, baseMs * 2 ** attempt);
}

function userMessageFor(status: number | null): string {
  if (status === null) return "The server could not be reached. Check your connection and try again.";
  if (status === 404) return "This item does not exist (any more).";
  if (status >= 500) return "The server had a problem. Please try again in a moment.";
  return `The request was refused (HTTP ${status}).`;
}

export class ApiClient {
  private readonly cache = new Map<string, { expires: number; value: unknown }>();

  constructor(
    private readonly baseUrl: string,
    private readonly defaults: { timeoutMs: number; retries: number },
    private readonly deps: ClientDeps = defaultDeps,
  ) {}

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? "GET";
    const url = `${this.baseUrl.replace(/\/$/, "")}${path}`;
    const policy = options.cache ?? { kind: "no-store" };
    if (method === "GET" && policy.kind === "ttl") {
      const hit = this.cache.get(url);
      if (hit && hit.expires > this.deps.now()) return hit.value as T;
    }
    // Only idempotent calls are retried: repeating a POST could create a second resource.
    const retries = IDEMPOTENT.has(method) ? (options.retries ?? this.defaults.retries) : 0;
    let lastError: ApiError | null = null;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await this.deps.sleep(backoffMs(attempt - 1));
      try {
        const value = await this.once<T>(url, method, options);
        if (method === "GET" && policy.kind === "ttl") {
          this.cache.set(url, { expires: this.deps.now() + policy.ms, value });
        }
        return value;
      } catch (error) {
        lastError = error instanceof ApiError ? error : new ApiError(null, userMessageFor(null), String(error));
        // 4xx answers will not change on retry.
        if (lastError.status !== null && lastError.status < 500) break;
      }
    }
    throw lastError ?? new ApiError(null, userMessageFor(null), "no attempt made");
  }

  invalidate(prefix = ""): void {
    for (const key of [...this.cache.keys()]) {
      if (key.startsWith(`${this.baseUrl.replace(/\/$/, "")}${prefix}`)) this.cache.delete(key);
    }
  }

  private async once<T>(url: string, method: string, options: RequestOptions): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? this.defaults.timeoutMs);
    try {
      const response = await this.deps.fetch(url, {
        method,
        signal: controller.signal,
        headers: { Accept: "application/json", ...(options.body ? { "Content-Type": "application/json" } : {}) },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      if (!response.ok) {
        throw new ApiError(response.status, userMessageFor(response.status), `${method} ${url}: HTTP ${response.status}`);
      }
      return (response.status === 204 ? undefined : await response.json()) as T;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      const reason = controller.signal.aborted ? "timed out" : String(error);
      throw new ApiError(null, userMessageFor(null), `${method} ${url}: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
