package io.arxos.fieldcore

import org.junit.Test
import kotlin.test.assertEquals

class BackgroundLimitsTest {
    @Test
    fun backoffDoublesFromTheBaseDelay() {
        assertEquals(listOf(1_000L, 2_000L, 4_000L, 8_000L), (1..4).map(BackgroundLimits::backoffDelay))
    }

    @Test
    fun backoffIsCapped() {
        assertEquals(BackgroundLimits.MAX_BACKOFF_MS, BackgroundLimits.backoffDelay(40))
    }
}
