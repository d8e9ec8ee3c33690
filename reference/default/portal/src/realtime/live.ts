// Live readings over WebSocket, reconnecting with exponential backoff and jitter
// so that a restarted backend is not hit by every client at the same instant.
import type { LiveReading } from "../api/buildings";
import { IOT_SERVICE, serviceApi } from "../config";

export type LiveStatus = "connecting" | "open" | "retrying" | "closed";

export interface Socket {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
  onerror: (() => void) | null;
  close(): void;
}

/** The IoT service's live feed of one building, through the web server's /api/<iot>/ route. */
export function liveUrl(buildingId: string, pageUrl: string = window.location.href): string {
  const url = new URL(`${serviceApi(IOT_SERVICE)}/buildings/${encodeURIComponent(buildingId)}/live`, pageUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
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

/** A pushed reading, or null for anything that does not have the contract's fields. */
export function parseReading(data: unknown): LiveReading | null {
  if (typeof data !== "string") return null;
  try {
    const value = JSON.parse(data) as Partial<LiveReading>;
    const valid =
      typeof value.building_id === "string" &&
      typeof value.device_id === "string" &&
      typeof value.metric === "string" &&
      typeof value.value === "number" &&
      typeof value.timestamp === "string";
    return valid ? (value as LiveReading) : null;
  } catch {
    return null;
  }
}

/** Subscribe to a building's readings; returns a function that stops for good. */
export function subscribeLive(url: string, onReading: (reading: LiveReading) => void, options: LiveOptions = {}): () => void {
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
    const receive = (event: { data: unknown }) => {
      const reading = parseReading(event.data);
      if (reading) onReading(reading);
    };
    current.onmessage = receive;
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
