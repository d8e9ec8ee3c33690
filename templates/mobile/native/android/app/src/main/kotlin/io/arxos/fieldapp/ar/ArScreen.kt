package io.arxos.fieldapp.ar

import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import io.github.sceneview.ar.ARScene

/** Only reached when ArRouting found ARCore installed and supported; the 2D detail screen is the fallback. */
@Composable
fun ArScreen(@Suppress("UNUSED_PARAMETER") buildingId: String) {
    ARScene(modifier = Modifier.fillMaxSize(), planeRenderer = true)
}
