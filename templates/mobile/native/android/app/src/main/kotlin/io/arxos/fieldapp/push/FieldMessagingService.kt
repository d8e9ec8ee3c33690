package io.arxos.fieldapp.push

import com.google.firebase.messaging.FirebaseMessaging
import com.google.firebase.messaging.FirebaseMessagingService
import io.arxos.fieldapp.BuildConfig
import io.arxos.fieldcore.push.NotificationService
import io.arxos.fieldcore.push.PushTransport
import io.arxos.fieldcore.push.TokenRegistry
import java.net.HttpURLConnection
import java.net.URL
import java.net.URLEncoder

/** FCM behind the core's PushTransport; onNewToken is the platform's token refresh. */
class FcmTransport : PushTransport {
    override fun hasPermission() = true // POST_NOTIFICATIONS is requested by the activity on Android 13+

    override fun currentToken(): String? = runCatching { com.google.android.gms.tasks.Tasks.await(FirebaseMessaging.getInstance().token) }.getOrNull()

    override fun onTokenRefresh(listener: (String) -> Unit) {
        refreshListener = listener
    }

    companion object {
        @Volatile var refreshListener: ((String) -> Unit)? = null
    }
}

class HttpTokenRegistry(private val baseUrl: String) : TokenRegistry {
    override fun register(token: String) {
        val url = URL(baseUrl.trimEnd('/') + "/devices/" + URLEncoder.encode(token, "UTF-8"))
        val connection = url.openConnection() as HttpURLConnection
        try {
            connection.requestMethod = "PUT"
            connection.doOutput = true
            connection.setRequestProperty("Content-Type", "application/json")
            connection.outputStream.use { it.write("""{"platform":"android"}""".toByteArray()) }
            check(connection.responseCode in 200..299) { "device registration failed: HTTP ${connection.responseCode}" }
        } finally {
            connection.disconnect()
        }
    }
}

class FieldMessagingService : FirebaseMessagingService() {
    override fun onNewToken(token: String) {
        FcmTransport.refreshListener?.invoke(token)
            ?: NotificationService(FcmTransport(), HttpTokenRegistry(BuildConfig.API_BASE_URL)).start()
    }
}
