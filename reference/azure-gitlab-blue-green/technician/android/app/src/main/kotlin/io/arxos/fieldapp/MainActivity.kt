package io.arxos.fieldapp

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Home
import androidx.compose.material.icons.filled.Info
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.navigation.NavHostController
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.rememberNavController
import io.arxos.fieldcore.BuildingsApi
import io.arxos.fieldcore.Screen
import io.arxos.fieldapp.sync.SyncWorker
import io.arxos.fieldcore.sync.CONFLICT_POLICY
import io.arxos.fieldcore.sync.FileOutboxStore
import io.arxos.fieldcore.sync.Outbox
import java.io.File
import io.arxos.fieldapp.ar.ArCoreCapability
import io.arxos.fieldapp.ar.ArScreen
import io.arxos.fieldcore.ar.ArRouting

/** Routes as strings for Navigation Compose, built from the core's screens so notifications share them. */
fun Screen.route(): String =
    when (this) {
        Screen.BuildingsList -> "buildings"
        is Screen.BuildingDetail -> "buildings/$id"
        Screen.Status -> "status"
        is Screen.ArView -> "ar/$id"
    }

class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val api = HttpBuildingsApi(BuildConfig.API_BASE_URL, BuildConfig.IOT_SERVICE)
        val outbox = Outbox(FileOutboxStore(File(filesDir, "outbox.db")))
        SyncWorker.schedule(this)
        setContent {
            MaterialTheme {
                FieldApp(
                    api = api,
                    reportFault = { building ->
                        Thread { outbox.enqueue("fault-report", building.id, """{"note":"Reported from the field app"}""") }.start()
                        SyncWorker.schedule(this)
                    },
                    statusLines = { listOf("Changes waiting to sync: ${outbox.pending().size}", "Conflict policy: $CONFLICT_POLICY") },
                )
            }
        }
    }
}

@Composable
fun FieldApp(
    api: BuildingsApi,
    reportFault: (io.arxos.fieldcore.Building) -> Unit,
    statusLines: () -> List<String>,
    nav: NavHostController = rememberNavController(),
) {
    Scaffold(
        bottomBar = {
            NavigationBar {
                NavigationBarItem(
                    selected = false,
                    onClick = { nav.navigate(Screen.BuildingsList.route()) },
                    icon = { Icon(Icons.Filled.Home, contentDescription = null) },
                    label = { Text("Buildings") },
                )
                NavigationBarItem(
                    selected = false,
                    onClick = { nav.navigate(Screen.Status.route()) },
                    icon = { Icon(Icons.Filled.Info, contentDescription = null) },
                    label = { Text("Status") },
                )
            }
        },
    ) { padding ->
        NavHost(nav, startDestination = "buildings", modifier = Modifier.padding(padding)) {
            composable("buildings") { BuildingsListScreen(api) { nav.navigate(Screen.BuildingDetail(it.id).route()) } }
            composable("buildings/{id}") { entry ->
                BuildingDetailScreen(
                    api,
                    entry.arguments?.getString("id").orEmpty(),
                    reportFault = reportFault,
                    openAr = { nav.navigate(ArRouting.screenFor(it.id, ArCoreCapability(nav.context)).route()) },
                )
            }
            composable("status") { StatusScreen(statusLines()) }
            composable("ar/{id}") { entry -> ArScreen(entry.arguments?.getString("id").orEmpty()) }
        }
    }
}
