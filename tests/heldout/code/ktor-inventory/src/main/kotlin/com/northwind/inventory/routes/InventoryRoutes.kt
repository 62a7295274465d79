package com.northwind.inventory.routes

import com.northwind.inventory.repository.StockRepository
import com.northwind.inventory.repository.StockSort
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.call
import io.ktor.server.request.receive
import io.ktor.server.response.respond
import io.ktor.server.routing.Route
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.route
import kotlinx.serialization.Serializable
import org.slf4j.LoggerFactory
import java.sql.SQLException

private val log = LoggerFactory.getLogger("com.northwind.inventory.routes")

@Serializable
data class AdjustmentRequest(val sku: String, val warehouse: String, val delta: Int, val reason: String)

fun Route.inventoryRoutes(stock: StockRepository) {
    route("/api/stock") {
        get("/{warehouse}") {
            val warehouse = call.parameters["warehouse"]!!
            val sort = StockSort.parse(call.request.queryParameters["sort"])
            val limit = call.request.queryParameters["limit"]?.toIntOrNull() ?: 100
            call.respond(stock.levelsFor(warehouse, sort, limit))
        }

        get("/sku/{sku}") {
            call.respond(stock.bySku(call.parameters["sku"]!!))
        }

        get("/search") {
            val prefix = call.request.queryParameters["prefix"].orEmpty()
            val warehouses = call.request.queryParameters.getAll("warehouse").orEmpty()
            call.respond(stock.search(prefix, warehouses))
        }

        get("/low") {
            // Threshold is optional; anything non-numeric falls back to the default of 5 on purpose.
            val threshold = call.request.queryParameters["threshold"]?.toIntOrNull() ?: 5
            call.respond(stock.lowStock(threshold))
        }

        get("/movements") {
            val groupBy = call.request.queryParameters["groupBy"] ?: "sku"
            val since = call.request.queryParameters["since"] ?: "1970-01-01"
            call.respond(stock.movementsReport(groupBy, since))
        }

        post("/adjustments") {
            val req = call.receive<AdjustmentRequest>()
            try {
                stock.adjust(req.sku, req.warehouse, req.delta, req.reason)
            } catch (e: SQLException) {
                log.error("Stock adjustment failed for {}/{}", req.sku, req.warehouse, e)
                call.respond(HttpStatusCode.ServiceUnavailable, mapOf("error" to "adjustment_failed"))
                return@post
            }
            call.respond(HttpStatusCode.Accepted)
        }

        post("/adjustments/batch") {
            val batch = call.receive<List<AdjustmentRequest>>()
            val applied = batch.mapNotNull { req ->
                runCatching { stock.adjust(req.sku, req.warehouse, req.delta, req.reason) }.getOrNull() // expect: error-handling
            }
            call.respond(mapOf("applied" to applied.size, "submitted" to batch.size))
        }

        post("/reindex") {
            val result = runCatching { stock.lowStock(0) }
                .onFailure { log.warn("Low-stock reindex failed", it) }
            if (result.isFailure) {
                call.respond(HttpStatusCode.InternalServerError)
            } else {
                call.respond(mapOf("rows" to result.getOrThrow().size))
            }
        }

        post("/{sku}/reserve") {
            val sku = call.parameters["sku"]!!
            val qty = call.request.queryParameters["qty"]?.toInt() ?: 1
            try {
                stock.adjust(sku, "main", -qty, "reservation")
            } catch (e: Exception) { // expect: error-handling
            }
            call.respond(HttpStatusCode.NoContent)
        }
    }
}
