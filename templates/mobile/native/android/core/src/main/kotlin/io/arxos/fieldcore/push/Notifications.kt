package io.arxos.fieldcore.push

import io.arxos.fieldcore.Screen

/**
 * Push behind one interface: the platform registration (FCM on Android, APNs on iOS) is a [PushTransport],
 * the backend's device registry a [TokenRegistry], and routing a pure function of the notification's data.
 */
interface PushTransport {
    fun hasPermission(): Boolean

    fun currentToken(): String?

    fun onTokenRefresh(listener: (String) -> Unit)
}

fun interface TokenRegistry {
    fun register(token: String)
}

object NotificationRouter {
    /** Alarms and work orders open their building, sync notices open Status; unknown types open nothing. */
    fun route(data: Map<String, String>): Screen? {
        val building = data["buildingId"]?.takeIf(String::isNotBlank)
        return when (data["type"]) {
            "alarm", "work-order" -> building?.let(Screen::BuildingDetail)
            "sync" -> Screen.Status
            else -> null
        }
    }
}

class NotificationService(private val transport: PushTransport, private val registry: TokenRegistry) {
    var registeredToken: String? = null
        private set

    /** Registers the current token and keeps it registered when the platform rotates it. */
    fun start(): Boolean {
        if (!transport.hasPermission()) return false
        transport.currentToken()?.let(::register)
        transport.onTokenRefresh(::register)
        return true
    }

    @Synchronized
    private fun register(token: String) {
        if (token == registeredToken) return
        registry.register(token)
        registeredToken = token
    }
}
