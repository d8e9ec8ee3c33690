package io.arxos.fieldcore

import io.arxos.fieldcore.sync.CONFLICT_POLICY
import io.arxos.fieldcore.sync.Change
import io.arxos.fieldcore.sync.FileOutboxStore
import io.arxos.fieldcore.sync.Outbox
import io.arxos.fieldcore.sync.OutboxState
import io.arxos.fieldcore.sync.OutboxStore
import io.arxos.fieldcore.sync.SendResult
import io.arxos.fieldcore.sync.SyncTransport
import org.junit.Test
import java.io.IOException
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertNull

class OutboxTest {
    private class MemoryStore : OutboxStore {
        var saved = OutboxState()

        override fun load() = saved

        override fun save(state: OutboxState) {
            saved = state
        }
    }

    /** Answers from a script and records (idempotency key, entity) of every attempt. */
    private class Scripted(vararg answers: SendResult) : SyncTransport {
        private val answers = ArrayDeque(answers.toList())
        val seen = mutableListOf<Pair<String, String>>()

        override fun send(change: Change): SendResult {
            seen += change.id to change.entityId
            return answers.removeFirstOrNull() ?: SendResult.Applied
        }
    }

    private val sleeps = mutableListOf<Long>()

    private fun outbox(store: OutboxStore = MemoryStore()): Outbox {
        var n = 0
        return Outbox(store, newId = { "key-${++n}" }, clock = { 0L }, sleep = { sleeps += it })
    }

    @Test
    fun changesAreReplayedInTheOrderTheyWereMade() {
        val box = outbox()
        listOf("a", "b", "c").forEach { box.enqueue("edit", it, "{}") }
        val transport = Scripted()
        val report = box.replay(transport)
        assertEquals(listOf("a", "b", "c"), transport.seen.map { it.second })
        assertEquals(listOf("key-1", "key-2", "key-3"), report.applied)
        assertEquals(emptyList(), box.pending())
    }

    @Test
    fun retriesBackOffExponentiallyWithTheSameIdempotencyKey() {
        val box = outbox()
        box.enqueue("edit", "a", "{}")
        val transport = Scripted(SendResult.Retry("503"), SendResult.Retry("503"))
        val report = box.replay(transport)
        assertEquals(listOf("key-1"), report.applied)
        assertEquals(List(3) { "key-1" to "a" }, transport.seen)
        assertEquals(listOf(1_000L, 2_000L), sleeps)
    }

    @Test
    fun aChangeThatKeepsFailingBlocksTheOnesBehindIt() {
        val box = outbox()
        box.enqueue("edit", "a", "{}")
        box.enqueue("edit", "b", "{}")
        val down = SyncTransport { throw IOException("offline") }
        val report = box.replay(down)
        assertEquals("key-1", report.blockedBy)
        assertEquals(
            listOf("key-1" to BackgroundLimits.MAX_ATTEMPTS_PER_REPLAY, "key-2" to 0),
            box.pending().map { it.id to it.attempts },
        )
        val up = Scripted()
        box.replay(up)
        assertEquals(listOf("key-1" to "a", "key-2" to "b"), up.seen)
    }

    @Test
    fun conflictsKeepTheLocalChangeForReview() {
        val box = outbox()
        box.enqueue("edit", "a", """{"floors":4}""")
        box.enqueue("edit", "b", "{}")
        val report = box.replay(Scripted(SendResult.Conflicted("""{"floors":5}""")))
        assertEquals("server-wins-keep-local", CONFLICT_POLICY)
        assertEquals(listOf("key-2"), report.applied)
        assertEquals(listOf("key-1"), report.conflicts)
        assertNull(report.blockedBy)
        val kept = box.conflicts().single()
        assertEquals("""{"floors":5}""", kept.server)
        assertEquals("""{"floors":4}""", kept.change.payload)
    }

    @Test
    fun aReplayHandlesAtMostItsLimit() {
        val box = outbox()
        listOf("a", "b", "c").forEach { box.enqueue("edit", it, "{}") }
        assertEquals(listOf("key-1", "key-2"), box.replay(Scripted(), limit = 2).applied)
        assertEquals(listOf("c"), box.pending().map { it.entityId })
    }

    @Test
    fun theQueueSurvivesARestartOnDisk() {
        val file = Files.createTempDirectory("outbox").resolve("outbox.db").toFile()
        val first = outbox(FileOutboxStore(file))
        first.enqueue("fault-report", "hq", """{"note":"tab\tand\nnewline"}""")
        first.enqueue("edit", "lab", "{}")
        first.replay(Scripted(SendResult.Conflicted(null)), limit = 1)
        val reopened = outbox(FileOutboxStore(file))
        assertEquals(listOf("lab"), reopened.pending().map { it.entityId })
        assertEquals("""{"note":"tab\tand\nnewline"}""", reopened.conflicts().single().change.payload)
        assertNull(reopened.conflicts().single().server)
    }
}
