package io.arxos.fieldcore

import io.arxos.fieldcore.push.NotificationRouter
import io.arxos.fieldcore.push.NotificationService
import io.arxos.fieldcore.push.PushTransport
import org.junit.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

class NotificationsTest {
    /** A fake transport: tests rotate tokens as FCM/APNs would. */
    private class FakeTransport(var permission: Boolean = true, var token: String? = "token-1") : PushTransport {
        private var refresh: ((String) -> Unit)? = null

        override fun hasPermission() = permission

        override fun currentToken() = token

        override fun onTokenRefresh(listener: (String) -> Unit) {
            refresh = listener
        }

        fun rotate(next: String) = refresh?.invoke(next)
    }

    @Test
    fun alarmsRouteToTheirBuildingAndSyncToStatus() {
        assertEquals(Screen.BuildingDetail("hq"), NotificationRouter.route(mapOf("type" to "alarm", "buildingId" to "hq")))
        assertEquals(Screen.BuildingDetail("lab"), NotificationRouter.route(mapOf("type" to "work-order", "buildingId" to "lab")))
        assertEquals(Screen.Status, NotificationRouter.route(mapOf("type" to "sync")))
    }

    @Test
    fun incompleteOrUnknownNotificationsOpenNothing() {
        assertNull(NotificationRouter.route(mapOf("type" to "alarm")))
        assertNull(NotificationRouter.route(mapOf("type" to "marketing", "buildingId" to "hq")))
        assertNull(NotificationRouter.route(emptyMap()))
    }

    @Test
    fun theTokenIsRegisteredAndReRegisteredWhenItRotates() {
        val transport = FakeTransport()
        val registered = mutableListOf<String>()
        val service = NotificationService(transport) { registered += it }
        assertTrue(service.start())
        transport.rotate("token-2")
        transport.rotate("token-2")
        assertEquals(listOf("token-1", "token-2"), registered)
        assertEquals("token-2", service.registeredToken)
    }

    @Test
    fun withoutPermissionNothingIsRegistered() {
        val registered = mutableListOf<String>()
        assertFalse(NotificationService(FakeTransport(permission = false)) { registered += it }.start())
        assertEquals(emptyList(), registered)
    }
}
