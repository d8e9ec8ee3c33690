package io.arxos.fieldcore.sync

import java.io.File
import java.util.Base64

/**
 * The outbox on disk: one line per entry, fields tab-separated and text Base64-encoded, written to a
 * temporary file and renamed so a crash mid-write leaves the previous state intact.
 */
class FileOutboxStore(private val file: File) : OutboxStore {
    override fun load(): OutboxState {
        if (!file.isFile) return OutboxState()
        val queue = mutableListOf<Change>()
        val conflicts = mutableListOf<Conflict>()
        file.readLines().filter(String::isNotBlank).forEach { line ->
            val f = line.split('\t')
            val change = Change(dec(f[1]), dec(f[2]), dec(f[3]), dec(f[4]), f[5].toLong(), f[6].toInt())
            when (f[0]) {
                "Q" -> queue += change
                "C" -> conflicts += Conflict(change, dec(f[7]), f.getOrNull(8)?.let(::dec))
            }
        }
        return OutboxState(queue, conflicts)
    }

    override fun save(state: OutboxState) {
        val lines =
            state.queue.map { "Q\t" + fields(it) } +
                state.conflicts.map { c ->
                    "C\t" + fields(c.change) + "\t" + enc(c.reason) + (c.server?.let { "\t" + enc(it) } ?: "")
                }
        file.parentFile?.mkdirs()
        val tmp = File(file.path + ".tmp")
        tmp.writeText(lines.joinToString("\n", postfix = "\n"))
        if (!tmp.renameTo(file)) {
            file.delete()
            check(tmp.renameTo(file)) { "cannot replace $file" }
        }
    }

    private fun fields(c: Change) =
        listOf(enc(c.id), enc(c.kind), enc(c.entityId), enc(c.payload), c.createdAt, c.attempts).joinToString("\t")

    private fun enc(text: String) = Base64.getEncoder().encodeToString(text.toByteArray())

    private fun dec(text: String) = String(Base64.getDecoder().decode(text))
}
