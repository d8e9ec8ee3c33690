package io.arxos.fieldcore

/**
 * Background work limits: Android stops long background work (WorkManager gives ~10 minutes, Doze defers it)
 * and iOS grants ~30 s, so sync runs in bounded batches and gives up politely instead of draining the battery.
 */
object BackgroundLimits {
    const val MAX_CHANGES_PER_REPLAY = 50
    const val REPLAY_BUDGET_MS = 25_000L
    const val MAX_ATTEMPTS_PER_REPLAY = 4
    const val BASE_BACKOFF_MS = 1_000L
    const val MAX_BACKOFF_MS = 30_000L

    /** Exponential backoff for retry 1, 2, 3 ...: base, 2 x base, 4 x base, capped. */
    fun backoffDelay(retry: Int): Long {
        require(retry >= 1) { "retry counts from 1" }
        val shift = (retry - 1).coerceAtMost(20)
        return (BASE_BACKOFF_MS shl shift).coerceAtMost(MAX_BACKOFF_MS)
    }
}
