package io.arxos.fieldcore

/** The same resource shape as the web app's API client: `/buildings` and `/buildings/{id}`. */
data class Building(
    val id: String,
    val name: String,
    val city: String,
    val floors: Int,
    val areaM2: Double,
    val photoUrl: String? = null,
)

interface BuildingsApi {
    fun list(): List<Building>

    fun get(id: String): Building
}

/** The screens of the shell; notifications and deep links route to these, never to raw strings. */
sealed interface Screen {
    data object BuildingsList : Screen

    data class BuildingDetail(val id: String) : Screen

    data object Status : Screen

    data class ArView(val id: String) : Screen
}
