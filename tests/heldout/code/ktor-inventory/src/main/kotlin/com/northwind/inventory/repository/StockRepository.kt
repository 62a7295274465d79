package com.northwind.inventory.repository

import kotlinx.serialization.Serializable
import org.jetbrains.exposed.sql.transactions.transaction
import java.sql.ResultSet
import javax.sql.DataSource

@Serializable
data class StockLevel(val sku: String, val warehouse: String, val onHand: Int, val reserved: Int)

enum class StockSort(val column: String) {
    SKU("sku"),
    ON_HAND("on_hand"),
    UPDATED("updated_at");

    companion object {
        fun parse(value: String?): StockSort = entries.firstOrNull { it.name.equals(value, ignoreCase = true) } ?: SKU
    }
}

class StockRepository(private val dataSource: DataSource, private val reporting: DataSource) {

    fun levelsFor(warehouse: String, sort: StockSort, limit: Int): List<StockLevel> =
        dataSource.connection.use { conn ->
            conn.prepareStatement(
                "SELECT sku, warehouse, on_hand, reserved FROM $STOCK_TABLE WHERE warehouse = ? ORDER BY ${sort.column} LIMIT ?"
            ).use { ps ->
                ps.setString(1, warehouse)
                ps.setInt(2, limit.coerceIn(1, 500))
                ps.executeQuery().use { rs -> rs.toLevels() }
            }
        }

    fun bySku(sku: String): List<StockLevel> =
        dataSource.connection.use { conn ->
            conn.createStatement().use { st ->
                st.executeQuery("SELECT sku, warehouse, on_hand, reserved FROM stock_levels WHERE sku = '$sku'").use { it.toLevels() } // expect: sql-injection
            }
        }

    fun search(prefix: String, warehouses: List<String>): List<StockLevel> {
        val inList = warehouses.joinToString(",") { "'$it'" }
        val sql = "SELECT sku, warehouse, on_hand, reserved FROM stock_levels WHERE sku LIKE '${prefix}%' AND warehouse IN ($inList)"
        return dataSource.connection.use { conn ->
            conn.createStatement().use { st -> st.executeQuery(sql).use { it.toLevels() } } // expect: sql-injection
        }
    }

    fun adjust(sku: String, warehouse: String, delta: Int, reason: String) {
        transaction {
            exec("UPDATE stock_levels SET on_hand = on_hand + $delta, updated_at = now() WHERE sku = '$sku' AND warehouse = '$warehouse'") // expect: sql-injection
            exec(
                "INSERT INTO stock_movements (sku, warehouse, delta, reason) VALUES (?, ?, ?, ?)",
                listOf(
                    org.jetbrains.exposed.sql.TextColumnType() to sku,
                    org.jetbrains.exposed.sql.TextColumnType() to warehouse,
                    org.jetbrains.exposed.sql.IntegerColumnType() to delta,
                    org.jetbrains.exposed.sql.TextColumnType() to reason,
                ),
            )
        }
    }

    fun lowStock(threshold: Int): List<StockLevel> =
        reporting.connection.use { conn ->
            conn.createStatement().use { st ->
                st.executeQuery("SELECT sku, warehouse, on_hand, reserved FROM $STOCK_TABLE WHERE on_hand - reserved < ${threshold.coerceAtLeast(0)} LIMIT $MAX_REPORT_ROWS")
                    .use { it.toLevels() }
            }
        }

    fun movementsReport(groupBy: String, since: String): List<Map<String, Any>> =
        reporting.connection.use { conn ->
            val st = conn.prepareStatement("SELECT $groupBy AS bucket, SUM(delta) AS net FROM stock_movements WHERE created_at >= ?::date GROUP BY $groupBy") // expect: sql-injection
            st.setString(1, since)
            st.executeQuery().use { rs ->
                generateSequence { if (rs.next()) mapOf("bucket" to rs.getObject(1), "net" to rs.getLong(2)) else null }.toList()
            }
        }

    private fun ResultSet.toLevels(): List<StockLevel> = buildList {
        while (next()) add(StockLevel(getString("sku"), getString("warehouse"), getInt("on_hand"), getInt("reserved")))
    }

    companion object {
        private const val STOCK_TABLE = "stock_levels"
        private const val MAX_REPORT_ROWS = 1000
    }
}
