package io.arxos.fieldapp.sync

import android.content.Context
import androidx.work.BackoffPolicy
import androidx.work.Constraints
import androidx.work.ExistingWorkPolicy
import androidx.work.NetworkType
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.Worker
import androidx.work.WorkerParameters
import io.arxos.fieldapp.BuildConfig
import io.arxos.fieldcore.BackgroundLimits
import io.arxos.fieldcore.sync.FileOutboxStore
import io.arxos.fieldcore.sync.Outbox
import java.io.File
import java.util.concurrent.TimeUnit

/**
 * Replays the outbox when the network returns: WorkManager holds the job until the CONNECTED constraint is met
 * (also after a reboot), and its own backoff covers the case where a replay ends blocked.
 */
class SyncWorker(context: Context, params: WorkerParameters) : Worker(context, params) {
    override fun doWork(): Result {
        val outbox = Outbox(FileOutboxStore(File(applicationContext.filesDir, "outbox.db")))
        val report = outbox.replay(HttpSyncTransport(BuildConfig.API_BASE_URL))
        return if (report.blockedBy == null && outbox.pending().isEmpty()) Result.success() else Result.retry()
    }

    companion object {
        fun schedule(context: Context) {
            val request =
                OneTimeWorkRequestBuilder<SyncWorker>()
                    .setConstraints(Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build())
                    .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, BackgroundLimits.BASE_BACKOFF_MS * 10, TimeUnit.MILLISECONDS)
                    .build()
            // KEEP: one replay queued at a time, so changes are never sent by two workers at once.
            WorkManager.getInstance(context).enqueueUniqueWork("outbox-replay", ExistingWorkPolicy.KEEP, request)
        }
    }
}
