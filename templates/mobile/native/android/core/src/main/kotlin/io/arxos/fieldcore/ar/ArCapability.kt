package io.arxos.fieldcore.ar

import io.arxos.fieldcore.Screen

/** AR behind an interface: ARCore on Android (ArCoreApk availability), ARKit on iOS, detected at run time. */
enum class ArAvailability { SUPPORTED, NEEDS_INSTALL, UNSUPPORTED, CHECKING }

fun interface ArCapability {
    fun availability(): ArAvailability
}

object ArRouting {
    /** Only a device that supports AR now gets the AR view; everything else gets the 2D fallback. */
    fun screenFor(buildingId: String, capability: ArCapability): Screen =
        when (capability.availability()) {
            ArAvailability.SUPPORTED -> Screen.ArView(buildingId)
            else -> Screen.BuildingDetail(buildingId)
        }
}
