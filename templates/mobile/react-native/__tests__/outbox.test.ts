import { backoffDelay, CONFLICT_POLICY, Outbox, type Change, type KeyValueStore, type SendResult } from "../src/sync/outbox";
import { replayOnReconnect } from "../src/sync/connectivity";
import { BACKGROUND_LIMITS } from "../src/perf/background";

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: async (k) => data.get(k) ?? null, setItem: async (k, v) => void data.set(k, v) };
}

function makeOutbox(store: KeyValueStore = memoryStore()) {
  let n = 0;
  const sleeps: number[] = [];
  const outbox = new Outbox(store, {
    newId: () => `key-${++n}`,
    now: () => 0,
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { outbox, sleeps };
}

/** A transport that answers from a script and records (idempotency key, entity) of every attempt. */
function scripted(...answers: SendResult[]) {
  const seen: Array<[string, string]> = [];
  return {
    seen,
    send: async (change: Change): Promise<SendResult> => {
      seen.push([change.id, change.entityId]);
      return answers.shift() ?? { status: "applied" };
    },
  };
}

test("changes are replayed in the order they were made", async () => {
  const { outbox } = makeOutbox();
  for (const entity of ["a", "b", "c"]) await outbox.enqueue("edit", entity, {});
  const transport = scripted();
  const report = await outbox.replay(transport);
  expect(transport.seen.map(([, entity]) => entity)).toEqual(["a", "b", "c"]);
  expect(report.applied).toEqual(["key-1", "key-2", "key-3"]);
  expect(await outbox.pending()).toEqual([]);
});

test("a failing change is retried with exponential backoff and the same idempotency key", async () => {
  const { outbox, sleeps } = makeOutbox();
  await outbox.enqueue("edit", "a", {});
  const transport = scripted({ status: "retry", reason: "503" }, { status: "retry", reason: "503" });
  const report = await outbox.replay(transport);
  expect(report.applied).toEqual(["key-1"]);
  expect(transport.seen).toEqual([["key-1", "a"], ["key-1", "a"], ["key-1", "a"]]);
  expect(sleeps).toEqual([backoffDelay(1), backoffDelay(2)]);
  expect(sleeps[1]).toBe(2 * sleeps[0]);
});

test("backoff is capped", () => {
  expect(backoffDelay(30)).toBe(BACKGROUND_LIMITS.maxBackoffMs);
});

test("a change that keeps failing blocks the ones behind it until the next replay", async () => {
  const { outbox } = makeOutbox();
  await outbox.enqueue("edit", "a", {});
  await outbox.enqueue("edit", "b", {});
  const down = scripted(...Array.from({ length: 10 }, () => ({ status: "retry", reason: "offline" }) as SendResult));
  const report = await outbox.replay(down);
  expect(report.blockedBy).toBe("key-1");
  expect(new Set(down.seen.map(([, entity]) => entity))).toEqual(new Set(["a"]));
  expect((await outbox.pending()).map((c) => [c.id, c.attempts])).toEqual([
    ["key-1", BACKGROUND_LIMITS.maxAttemptsPerReplay],
    ["key-2", 0],
  ]);
  const up = scripted();
  await outbox.replay(up);
  expect(up.seen).toEqual([["key-1", "a"], ["key-2", "b"]]);
});

test("a thrown network error counts as retryable", async () => {
  const { outbox } = makeOutbox();
  await outbox.enqueue("edit", "a", {});
  let calls = 0;
  const report = await outbox.replay({
    send: async () => {
      calls += 1;
      if (calls === 1) throw new TypeError("Network request failed");
      return { status: "applied" };
    },
  });
  expect(report.applied).toEqual(["key-1"]);
});

test(`conflicts follow the stated policy (${CONFLICT_POLICY}): the local change is kept for review`, async () => {
  const { outbox } = makeOutbox();
  await outbox.enqueue("edit", "a", { floors: 4 });
  await outbox.enqueue("edit", "b", {});
  const report = await outbox.replay(scripted({ status: "conflict", server: { floors: 5 } }));
  expect(CONFLICT_POLICY).toBe("server-wins-keep-local");
  expect(report).toEqual({ applied: ["key-2"], conflicts: ["key-1"], blockedBy: null });
  const [kept] = await outbox.conflicts();
  expect(kept.server).toEqual({ floors: 5 });
  expect(kept.change.payload).toEqual({ floors: 4 });
});

test("the queue survives a restart: a new outbox on the same storage replays what was left", async () => {
  const store = memoryStore();
  await makeOutbox(store).outbox.enqueue("edit", "a", { note: "saved offline" });
  const reopened = makeOutbox(store).outbox;
  expect((await reopened.pending()).map((c) => c.payload)).toEqual([{ note: "saved offline" }]);
  const transport = scripted();
  await reopened.replay(transport);
  expect(transport.seen).toEqual([["key-1", "a"]]);
});

test("two reconnects at once share one replay, so nothing is sent twice", async () => {
  const { outbox } = makeOutbox();
  await outbox.enqueue("edit", "a", {});
  const transport = scripted();
  await Promise.all([outbox.replay(transport), outbox.replay(transport)]);
  expect(transport.seen).toEqual([["key-1", "a"]]);
});

test("a replay handles at most the per-replay limit", async () => {
  const { outbox } = makeOutbox();
  for (const entity of ["a", "b", "c"]) await outbox.enqueue("edit", entity, {});
  const report = await outbox.replay(scripted(), 2);
  expect(report.applied).toEqual(["key-1", "key-2"]);
  expect((await outbox.pending()).map((c) => c.entityId)).toEqual(["c"]);
});

test("replay starts when the connection comes back, not on every online event", async () => {
  const { outbox } = makeOutbox();
  await outbox.enqueue("edit", "a", {});
  let emit: (s: { isConnected: boolean | null; isInternetReachable: boolean | null }) => void = () => undefined;
  const replay = jest.spyOn(outbox, "replay");
  const stop = replayOnReconnect(outbox, scripted(), (listener) => {
    emit = listener;
    return () => undefined;
  });
  emit({ isConnected: false, isInternetReachable: false });
  emit({ isConnected: true, isInternetReachable: true });
  emit({ isConnected: true, isInternetReachable: true });
  expect(replay).toHaveBeenCalledTimes(1);
  stop();
});
