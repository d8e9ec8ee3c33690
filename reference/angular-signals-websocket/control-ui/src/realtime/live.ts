// Live readings over WebSocket, reconnecting with exponential backoff and jitter
// so that a restarted backend is not hit by every client at the same instant.
import type { Reading } from "../api/buildings";

export type LiveStatus = "connecting" | "open" | "retrying" | "closed";

export interface Socket {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
  onerror: (() => void) | null;
  close(): void;
}

export interface LiveOptions {
  open?: (url: string) => Socket;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  onStatus?: (status: LiveStatus) => void;
}

export function reconnectDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function parseReading(data: unknown): Reading | null {
  if (typeof data !== "string") return null;
  try {
    const value = JSON.parse(data) as Partial<Reading>;
    return typeof value.metric === "string" && typeof value.value === "number" ? (value as Reading) : null;
  } catch {
    return null;
  }
}

/** Subscribe to a building's readings; returns a function that stops for good. */
export function subscribeLive(url: string, onReading: (reading: Reading) => void, options: LiveOptions = {}): () => void {
  const open = options.open ?? ((target: string) => new WebSocket(target) as unknown as Socket);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 15_000;
  const random = options.random ?? Math.random;
  let attempt = 0;
  let stopped = false;
  let socket: Socket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const retry = () => {
    socket?.close();
    socket = null;
    if (stopped || timer !== null) return;
    options.onStatus?.("retrying");
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, reconnectDelayMs(attempt++, baseDelayMs, maxDelayMs, random));
  };

  const connect = () => {
    options.onStatus?.("connecting");
    const current = open(url);
    socket = current;
    current.onopen = () => {
      attempt = 0;
      options.onStatus?.("open");
    };
    current.onmessage = (event) => {
      const reading = parseReading(event.data);
      if (reading) onReading(reading);
    };
    current.onclose = () => {
      if (socket === current) retry();
    };
    current.onerror = () => current.close();
  };

  connect();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    socket?.close();
    socket = null;
    options.onStatus?.("closed");
  };
}
