// Replay the outbox when the connection returns (offline -> online), not on every network event.
import NetInfo, { type NetInfoState } from "@react-native-community/netinfo";
import type { Outbox, SyncTransport } from "./outbox";

export type Subscribe = (listener: (state: Pick<NetInfoState, "isConnected" | "isInternetReachable">) => void) => () => void;

export function isOnline(state: Pick<NetInfoState, "isConnected" | "isInternetReachable">): boolean {
  return state.isConnected === true && state.isInternetReachable !== false;
}

export function replayOnReconnect(
  outbox: Outbox,
  transport: SyncTransport,
  subscribe: Subscribe = (listener) => NetInfo.addEventListener(listener),
): () => void {
  let online = false;
  return subscribe((state) => {
    const now = isOnline(state);
    if (now && !online) void outbox.replay(transport);
    online = now;
  });
}
