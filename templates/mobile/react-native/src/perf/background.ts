// Background work limits: iOS grants roughly 30 s after the app leaves the foreground and Android's
// background limits stop long-running work, so sync runs in bounded batches and gives up politely.
export const BACKGROUND_LIMITS = {
  maxChangesPerReplay: 50, // one batch per reconnect; the rest waits for the next trigger
  replayBudgetMs: 25_000, // below the iOS background-task allowance
  maxAttemptsPerReplay: 4, // then the change waits for the next reconnect instead of draining battery
  baseBackoffMs: 1_000,
  maxBackoffMs: 30_000,
} as const;
