package io.arxos.fieldapp

import org.json.JSONObject
import kotlin.system.exitProcess

/**
 * The system test's way into the app's own API module: the system root's `make system-test` compiles this
 * file with HttpBuildingsApi and the core's Buildings.kt for the JVM (Android's org.json on the classpath)
 * and runs it against the running system. It lists the buildings as the buildings screen does, reads one
 * back as the building screen does, and prints that building as JSON; it exits 1 when the list lacks it.
 *
 * Usage: SystemCheck <API base URL, e.g. http://127.0.0.1:8080/api> <IoT service> <building id>
 */
fun main(args: Array<String>) {
    if (args.size != 3) {
        System.err.println("usage: SystemCheck <API base URL> <IoT service> <building id>")
        exitProcess(2)
    }
    val (baseUrl, service, id) = args
    val api = HttpBuildingsApi(baseUrl, service)
    val listed = api.list().firstOrNull { it.id == id }
    if (listed == null) {
        System.err.println("building $id is not in list()")
        exitProcess(1)
    }
    val read = api.get(id)
    check(read == listed) { "get($id) read $read, list() holds $listed" }
    println(
        JSONObject()
            .put("id", read.id)
            .put("name", read.name)
            .put("floor_area_m2", read.floorAreaM2)
            .toString(),
    )
}
