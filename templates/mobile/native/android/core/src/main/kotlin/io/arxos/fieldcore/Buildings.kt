package io.arxos.fieldcore

/** A building as the IoT service's `/v1/buildings` answers it (`floor_area_m2` on the wire). */
data class Building(
    val id: String,
    val name: String,
    val floorAreaM2: Double,
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
