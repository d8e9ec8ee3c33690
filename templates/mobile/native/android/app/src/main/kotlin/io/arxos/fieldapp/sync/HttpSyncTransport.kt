package io.arxos.fieldapp.sync

import io.arxos.fieldcore.sync.Change
import io.arxos.fieldcore.sync.SendResult
import io.arxos.fieldcore.sync.SyncTransport
import org.json.JSONObject
import java.net.HttpURLConnection
import java.net.URL

/** POST /changes with the change id as Idempotency-Key; 409 is a conflict, 429/5xx and I/O errors retry. */
class HttpSyncTransport(private val baseUrl: String) : SyncTransport {
    override fun send(change: Change): SendResult {
        val connection = URL(baseUrl.trimEnd('/') + "/changes").openConnection() as HttpURLConnection
        try {
            connection.requestMethod = "POST"
            connection.doOutput = true
            connection.connectTimeout = 8_000
            connection.readTimeout = 8_000
            connection.setRequestProperty("Content-Type", "application/json")
            connection.setRequestProperty("Idempotency-Key", change.id)
            val body = JSONObject().put("kind", change.kind).put("entityId", change.entityId).put("payload", JSONObject(change.payload))
            connection.outputStream.use { it.write(body.toString().toByteArray()) }
            val status = connection.responseCode
            return when {
                status in 200..299 -> SendResult.Applied
                status == 409 -> SendResult.Conflicted(connection.errorStream?.bufferedReader()?.use { it.readText() })
                status == 429 || status >= 500 -> SendResult.Retry("HTTP $status")
                else -> SendResult.Rejected("HTTP $status")
            }
        } finally {
            connection.disconnect()
        }
    }
}
