package io.arxos.fieldapp

import io.arxos.fieldcore.Building
import io.arxos.fieldcore.BuildingsApi
import org.json.JSONArray
import org.json.JSONObject
import java.net.HttpURLConnection
import java.net.URL
import java.net.URLEncoder

/**
 * The IoT service's buildings, as the web app reads them: GET <api>/<service>/v1/buildings and
 * .../buildings/{id} through the web host's /api/<service>/ route, with timeouts. Call off the main thread.
 */
class HttpBuildingsApi(
    private val baseUrl: String,
    private val service: String,
    private val timeoutMs: Int = 8_000,
) : BuildingsApi {
    override fun list(): List<Building> {
        val array = JSONArray(fetch("/$service/v1/buildings"))
        return (0 until array.length()).map { parse(array.getJSONObject(it)) }
    }

    override fun get(id: String): Building =
        parse(JSONObject(fetch("/$service/v1/buildings/" + URLEncoder.encode(id, "UTF-8").replace("+", "%20"))))

    private fun fetch(path: String): String {
        val connection = URL(baseUrl.trimEnd('/') + path).openConnection() as HttpURLConnection
        connection.connectTimeout = timeoutMs
        connection.readTimeout = timeoutMs
        connection.setRequestProperty("Accept", "application/json")
        try {
            check(connection.responseCode in 200..299) { "GET $path: HTTP ${connection.responseCode}" }
            return connection.inputStream.bufferedReader().use { it.readText() }
        } finally {
            connection.disconnect()
        }
    }

    private fun parse(json: JSONObject) =
        Building(
            id = json.getString("id"),
            name = json.getString("name"),
            floorAreaM2 = json.getDouble("floor_area_m2"),
        )
}
