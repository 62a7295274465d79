package com.northwind.inventory.sync

import com.northwind.inventory.repository.StockRepository
import io.ktor.client.HttpClient
import io.ktor.client.call.body
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.server.application.Application
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.serialization.Serializable
import org.slf4j.LoggerFactory
import java.net.URI
import java.net.http.HttpClient as JdkHttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

@Serializable
data class SupplierStock(val sku: String, val available: Int)

class SupplierSyncJob(
    private val stock: StockRepository,
    private val client: HttpClient,
) {
    private val log = LoggerFactory.getLogger(SupplierSyncJob::class.java)
    private val baseUrl = System.getenv("SUPPLIER_BASE_URL") ?: "https://api.supplier-hub.io/v3"
    private val apiKey = System.getenv("SUPPLIER_API_KEY") ?: error("SUPPLIER_API_KEY is not set")

    private val handler = CoroutineExceptionHandler { _, e -> log.error("Supplier sync crashed", e) }
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.IO + handler)

    private val jdk = JdkHttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()

    fun start(app: Application) {
        scope.launch {
            while (isActive) {
                syncOnce()
                delay(Duration.ofMinutes(10).toMillis())
            }
        }
        app.monitor.subscribe(io.ktor.server.application.ApplicationStopped) { scope.coroutineContext[SupervisorJob]?.cancel() }
    }

    private suspend fun syncOnce() {
        val items: List<SupplierStock> = client.get("$baseUrl/stock") {
            header("X-Api-Key", apiKey)
        }.body()
        items.forEach { stock.adjust(it.sku, "supplier", it.available, "supplier-sync") }
        log.info("Synced {} supplier items", items.size)
    }

    fun requestRestock(sku: String, quantity: Int) {
        GlobalScope.launch { // expect: error-handling
            val body = """{"sku":"$sku","quantity":$quantity}"""
            val request = HttpRequest.newBuilder(URI.create("$baseUrl/restock"))
                .header("X-Api-Key", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build()
            val response = jdk.send(request, HttpResponse.BodyHandlers.ofString()) // expect: error-handling
            log.info("Restock for {} answered {}", sku, response.statusCode())
        }
    }

    fun fetchLeadTime(sku: String): Int? {
        val request = HttpRequest.newBuilder(URI.create("$baseUrl/lead-times/$sku"))
            .header("X-Api-Key", apiKey)
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build()
        return try {
            jdk.send(request, HttpResponse.BodyHandlers.ofString()).body().trim().toIntOrNull()
        } catch (e: java.io.IOException) {
            // Lead time is advisory in the UI; null renders as "unknown" and the next sync retries.
            log.warn("Lead time lookup failed for {}", sku, e)
            null
        }
    }
}
