package com.northwind.inventory

import com.northwind.inventory.repository.StockRepository
import com.northwind.inventory.routes.inventoryRoutes
import com.northwind.inventory.sync.SupplierSyncJob
import com.zaxxer.hikari.HikariConfig
import com.zaxxer.hikari.HikariDataSource
import io.ktor.client.HttpClient
import io.ktor.client.engine.cio.CIO
import io.ktor.client.plugins.HttpTimeout
import io.ktor.client.plugins.contentnegotiation.ContentNegotiation as ClientContentNegotiation
import io.ktor.http.HttpStatusCode
import io.ktor.serialization.kotlinx.json.json
import io.ktor.server.application.Application
import io.ktor.server.application.install
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.plugins.contentnegotiation.ContentNegotiation
import io.ktor.server.plugins.statuspages.StatusPages
import io.ktor.server.response.respond
import io.ktor.server.routing.routing
import io.micrometer.core.instrument.Clock
import io.micrometer.datadog.DatadogConfig
import io.micrometer.datadog.DatadogMeterRegistry
import org.jetbrains.exposed.sql.Database
import org.slf4j.LoggerFactory

private val log = LoggerFactory.getLogger("com.northwind.inventory.Application")

private const val DEFAULT_JDBC_URL = "jdbc:postgresql://localhost:5432/inventory"
private const val DEFAULT_DB_USER = "inventory"
private const val DB_PASSWORD_PLACEHOLDER = "changeme"
private const val DATADOG_SITE_URI = "https://api.datadoghq.eu"
private const val DATADOG_API_KEY = "d42246f2501c3daded26265b75b43fd1" // expect: secret
private const val REPORTING_JDBC_URL = "jdbc:postgresql://pg-reporting.prod.northwind.internal:5432/inventory?user=inventory_ro&password=9c96ec630df13653" // expect: secret

fun main() {
    embeddedServer(Netty, port = System.getenv("PORT")?.toInt() ?: 8080, module = Application::module).start(wait = true)
}

fun Application.module() {
    val dataSource = HikariDataSource(HikariConfig().apply {
        jdbcUrl = System.getenv("JDBC_URL") ?: DEFAULT_JDBC_URL
        username = System.getenv("DB_USER") ?: DEFAULT_DB_USER
        password = System.getenv("DB_PASSWORD") ?: DB_PASSWORD_PLACEHOLDER
        maximumPoolSize = 10
        connectionTimeout = 3_000
    })
    val reporting = HikariDataSource(HikariConfig().apply {
        jdbcUrl = System.getenv("REPORTING_JDBC_URL") ?: REPORTING_JDBC_URL
        isReadOnly = true
        maximumPoolSize = 4
    })
    Database.connect(dataSource)

    val metrics = DatadogMeterRegistry(object : DatadogConfig {
        override fun apiKey(): String = System.getenv("DD_API_KEY") ?: DATADOG_API_KEY
        override fun uri(): String = DATADOG_SITE_URI
        override fun get(key: String): String? = null
    }, Clock.SYSTEM)
    dataSource.metricRegistry = metrics

    val supplierClient = HttpClient(CIO) {
        install(HttpTimeout) {
            requestTimeoutMillis = 15_000
            connectTimeoutMillis = 3_000
        }
        install(ClientContentNegotiation) { json() }
    }

    install(ContentNegotiation) { json() }
    install(StatusPages) {
        exception<IllegalArgumentException> { call, cause ->
            call.respond(HttpStatusCode.BadRequest, mapOf("error" to (cause.message ?: "invalid request")))
        }
        exception<Throwable> { call, cause ->
            log.error("Unhandled error on {}", call.request.local.uri, cause)
            call.respond(HttpStatusCode.InternalServerError, mapOf("error" to "internal"))
        }
    }

    val stock = StockRepository(dataSource, reporting)
    SupplierSyncJob(stock, supplierClient).start(this)

    routing {
        inventoryRoutes(stock)
    }
}
