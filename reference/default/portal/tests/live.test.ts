import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveReading } from "../src/api/buildings";
import { serviceApi } from "../src/config";
import { liveUrl, parseReading, reconnectDelayMs, subscribeLive, type Socket } from "../src/realtime/live";

// The contract's live message: the readings export's item.
const pushed = { seq: 7, device_id: "meter-1", building_id: "hq", metric: "energy_kwh", value: 2.5, timestamp: "2024-01-01T00:00:00Z" };

class FakeSocket implements Socket {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  close() {
    this.closed = true;
  }
  drop() {
    this.onclose?.();
  }
}

describe("live readings", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("delivers readings and reconnects with growing delays after drops", () => {
    const sockets: FakeSocket[] = [];
    const received: LiveReading[] = [];
    const stop = subscribeLive("ws://x/live", (r) => received.push(r), {
      open: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
      baseDelayMs: 100,
      random: () => 1,
    });
    sockets[0].onopen?.();
    sockets[0].onmessage?.({ data: JSON.stringify(pushed) });
    sockets[0].onmessage?.({ data: "not json" });
    expect(received).toEqual([pushed]);

    sockets[0].drop();
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1].drop();
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);

    stop();
    expect(sockets[2].closed).toBe(true);
    sockets[2].drop();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(3);
  });

  it("accepts only messages with the contract's fields", () => {
    expect(parseReading(JSON.stringify(pushed))).toEqual(pushed);
    expect(parseReading(JSON.stringify({ ...pushed, building_id: undefined }))).toBeNull();
    expect(parseReading(JSON.stringify({ ...pushed, value: "2.5" }))).toBeNull();
  });

  it("connects to the IoT service's feed through the web server", () => {
    expect(serviceApi("telemetry", "/api/")).toBe("/api/telemetry/v1");
    expect(liveUrl("a/b", "https://portal.example/buildings/a%2Fb")).toBe(
      "wss://portal.example/api/telemetry/v1/buildings/a%2Fb/live",
    );
  });

  it("spreads reconnects with jitter below a cap", () => {
    expect(reconnectDelayMs(0, 500, 15_000, () => 0)).toBe(250);
    expect(reconnectDelayMs(10, 500, 15_000, () => 1)).toBe(15_000);
  });
});
