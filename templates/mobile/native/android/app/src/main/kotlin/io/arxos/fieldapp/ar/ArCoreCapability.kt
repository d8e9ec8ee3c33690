package io.arxos.fieldapp.ar

import android.content.Context
import com.google.ar.core.ArCoreApk
import io.arxos.fieldcore.ar.ArAvailability
import io.arxos.fieldcore.ar.ArCapability

/** Asks ARCore at run time; the answer can be TRANSIENT while Play Services for AR checks the device. */
class ArCoreCapability(private val context: Context) : ArCapability {
    override fun availability(): ArAvailability {
        val answer = ArCoreApk.getInstance().checkAvailability(context)
        return when {
            answer.isTransient -> ArAvailability.CHECKING
            answer == ArCoreApk.Availability.SUPPORTED_INSTALLED -> ArAvailability.SUPPORTED
            answer.isSupported -> ArAvailability.NEEDS_INSTALL
            else -> ArAvailability.UNSUPPORTED
        }
    }
}
