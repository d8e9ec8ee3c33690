package io.arxos.fieldcore.sync

import io.arxos.fieldcore.BackgroundLimits

/**
 * The offline outbox: every change made on site is persisted first, then replayed to the API strictly in the
 * order it was made once the connection returns.
 *
 * Conflict policy: SERVER WINS, LOCAL KEPT FOR REVIEW. On HTTP 409 the server's version stays authoritative and
 * the local change moves to [conflicts] with the server's copy; a change the API refuses outright is kept for
 * review the same way, never dropped silently.
 */
const val CONFLICT_POLICY = "server-wins-keep-local"

data class Change(
    /** Idempotency key: sent with every attempt, so a retry after a lost answer cannot apply twice. */
    val id: String,
    val kind: String,
    val entityId: String,
    /** JSON body, encoded by the caller. */
    val payload: String,
    val createdAt: Long,
    val attempts: Int = 0,
)

data class Conflict(val change: Change, val reason: String, val server: String?)

sealed interface SendResult {
    data object Applied : SendResult

    data class Conflicted(val server: String?) : SendResult

    data class Rejected(val reason: String) : SendResult

    data class Retry(val reason: String) : SendResult
}

/** Sends one change; implementations put [Change.id] in the `Idempotency-Key` header. */
fun interface SyncTransport {
    fun send(change: Change): SendResult
}

data class OutboxState(val queue: List<Change> = emptyList(), val conflicts: List<Conflict> = emptyList())

interface OutboxStore {
    fun load(): OutboxState

    fun save(state: OutboxState)
}

data class ReplayReport(val applied: List<String>, val conflicts: List<String>, val blockedBy: String?)

class Outbox(
    private val store: OutboxStore,
    private val newId: () -> String = { java.util.UUID.randomUUID().toString() },
    private val clock: () -> Long = System::currentTimeMillis,
    private val sleep: (Long) -> Unit = Thread::sleep,
) {
    private var state: OutboxState = store.load()
    private val replayLock = Any()

    @Synchronized
    fun enqueue(kind: String, entityId: String, payload: String): Change {
        val change = Change(newId(), kind, entityId, payload, clock())
        update(state.copy(queue = state.queue + change)) // persisted before the caller hears "saved"
        return change
    }

    @Synchronized
    fun pending(): List<Change> = state.queue

    @Synchronized
    fun conflicts(): List<Conflict> = state.conflicts

    /** Replay in order. Runs on a background worker; a second caller waits for the first (single flight). */
    fun replay(transport: SyncTransport, limit: Int = BackgroundLimits.MAX_CHANGES_PER_REPLAY): ReplayReport =
        synchronized(replayLock) {
            val applied = mutableListOf<String>()
            val conflicted = mutableListOf<String>()
            val started = clock()
            while (applied.size + conflicted.size < limit) {
                if (clock() - started > BackgroundLimits.REPLAY_BUDGET_MS) break
                val head = synchronized(this) { state.queue.firstOrNull() } ?: break
                val result = sendWithRetry(transport, head)
                if (result is SendResult.Retry) {
                    // Later changes may depend on this one: never skip ahead of it.
                    return ReplayReport(applied, conflicted, head.id)
                }
                synchronized(this) {
                    val rest = state.queue.drop(1)
                    when (result) {
                        is SendResult.Applied -> {
                            applied += head.id
                            update(state.copy(queue = rest))
                        }
                        is SendResult.Conflicted -> {
                            conflicted += head.id
                            update(OutboxState(rest, state.conflicts + Conflict(head, "conflict", result.server)))
                        }
                        is SendResult.Rejected -> {
                            conflicted += head.id
                            update(OutboxState(rest, state.conflicts + Conflict(head, "rejected", result.reason)))
                        }
                        is SendResult.Retry -> error("handled above")
                    }
                }
            }
            ReplayReport(applied, conflicted, null)
        }

    private fun sendWithRetry(transport: SyncTransport, first: Change): SendResult {
        var change = first
        var result: SendResult = SendResult.Retry("not sent")
        for (attempt in 1..BackgroundLimits.MAX_ATTEMPTS_PER_REPLAY) {
            if (attempt > 1) sleep(BackgroundLimits.backoffDelay(attempt - 1))
            change = change.copy(attempts = change.attempts + 1)
            result =
                try {
                    transport.send(change)
                } catch (e: java.io.IOException) {
                    SendResult.Retry(e.toString())
                }
            if (result !is SendResult.Retry) return result
            val counted = change
            synchronized(this) { update(state.copy(queue = listOf(counted) + state.queue.drop(1))) }
        }
        return result
    }

    private fun update(next: OutboxState) {
        store.save(next)
        state = next
    }
}
