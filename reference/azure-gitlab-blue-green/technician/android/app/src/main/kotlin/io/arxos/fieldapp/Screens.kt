package io.arxos.fieldapp

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import io.arxos.fieldcore.Building
import io.arxos.fieldcore.BuildingsApi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

private val ROW_HEIGHT = 72.dp

/** LazyColumn composes only visible rows (list virtualization); stable keys keep rows across updates. */
@Composable
fun BuildingsListScreen(api: BuildingsApi, open: (Building) -> Unit) {
    var buildings by remember { mutableStateOf<List<Building>?>(null) }
    var error by remember { mutableStateOf<String?>(null) }
    LaunchedEffect(api) {
        runCatching { withContext(Dispatchers.IO) { api.list() } }
            .onSuccess { buildings = it }
            .onFailure { error = "The server could not be reached. Check your connection and try again." }
    }
    val failed = error
    val loaded = buildings
    when {
        failed != null -> Text(failed, Modifier.padding(16.dp))
        loaded == null -> CircularProgressIndicator(Modifier.padding(16.dp))
        else ->
            LazyColumn {
                items(loaded, key = { it.id }) { building ->
                    Column(Modifier.fillMaxWidth().height(ROW_HEIGHT).clickable { open(building) }.padding(16.dp)) {
                        Text(building.name)
                        Text("${building.floorAreaM2} m²")
                    }
                    HorizontalDivider()
                }
            }
    }
}

@Composable
fun BuildingDetailScreen(
    api: BuildingsApi,
    id: String,
    reportFault: (Building) -> Unit,
    openAr: (Building) -> Unit,
) {
    var building by remember(id) { mutableStateOf<Building?>(null) }
    LaunchedEffect(id) { building = runCatching { withContext(Dispatchers.IO) { api.get(id) } }.getOrNull() }
    val shown = building ?: return CircularProgressIndicator(Modifier.padding(16.dp))
    Column(Modifier.padding(16.dp)) {
        Text(shown.name)
        Text("Floor area: ${shown.floorAreaM2} m²")
        Button(onClick = { reportFault(shown) }) { Text("Report a fault") }
        Button(onClick = { openAr(shown) }) { Text("View in AR") }
    }
}

@Composable
fun StatusScreen(lines: List<String>) {
    Column(Modifier.padding(16.dp)) { lines.forEach { Text(it) } }
}
