package io.arxos.fieldcore

import io.arxos.fieldcore.ar.ArAvailability
import io.arxos.fieldcore.ar.ArRouting
import org.junit.Test
import kotlin.test.assertEquals

class ArRoutingTest {
    @Test
    fun onlySupportedDevicesOpenTheArView() {
        assertEquals(Screen.ArView("hq"), ArRouting.screenFor("hq") { ArAvailability.SUPPORTED })
        for (state in listOf(ArAvailability.NEEDS_INSTALL, ArAvailability.UNSUPPORTED, ArAvailability.CHECKING)) {
            assertEquals(Screen.BuildingDetail("hq"), ArRouting.screenFor("hq") { state })
        }
    }
}
