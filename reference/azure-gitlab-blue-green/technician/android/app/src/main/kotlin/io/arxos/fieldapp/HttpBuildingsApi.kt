package io.arxos.fieldapp

import io.arxos.fieldcore.Building
import io.arxos.fieldcore.BuildingsApi
import org.json.JSONArray
import org.json.JSONObject
import java.net.HttpURLConnection
import java.net.URL
import java.net.URLEncoder

/** The web app's client shape: GET /buildings and /buildings/{id}, with timeouts. Call off the main thread. */
class HttpBuildingsApi(private val baseUrl: String, private val timeoutMs: Int = 8_000) : BuildingsApi {
    override fun list(): List<Building> {
        val array = JSONArray(fetch("/buildings"))
        return (0 until array.length()).map { parse(array.getJSONObject(it)) }
    }

    override fun get(id: String): Building = parse(JSONObject(fetch("/buildings/" + URLEncoder.encode(id, "UTF-8"))))

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
            city = json.getString("city"),
            floors = json.getInt("floors"),
            areaM2 = json.getDouble("areaM2"),
            photoUrl = json.optString("photoUrl").ifEmpty { null },
        )
}
