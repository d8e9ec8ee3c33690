import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Reading } from "../src/api/buildings";
import { reconnectDelayMs, subscribeLive, type Socket } from "../src/realtime/live";

class FakeSocket implements Socket {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  close() {
    this.closed = true;
  }
  drop() {
    this.onerror?.();
  }
}

describe("live readings", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("delivers readings and reconnects with growing delays after drops", () => {
    const sockets: FakeSocket[] = [];
    const received: Reading[] = [];
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
    sockets[0].onmessage?.({ data: JSON.stringify({ buildingId: "hq", metric: "t", value: 21, unit: "°C", at: "now" }) });
    sockets[0].onmessage?.({ data: "not json" });
    expect(received).toHaveLength(1);

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

  it("spreads reconnects with jitter below a cap", () => {
    expect(reconnectDelayMs(0, 500, 15_000, () => 0)).toBe(250);
    expect(reconnectDelayMs(10, 500, 15_000, () => 1)).toBe(15_000);
  });
});
