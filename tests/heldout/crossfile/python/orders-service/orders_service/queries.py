"""SQL builders used by the HTTP layer."""

ORDER_COLUMNS = "id, customer_id, status, total, created_at"


def build_customer_search(name):
    return "SELECT id, name, email FROM customers WHERE name ILIKE '%" + name + "%'"


def build_sort_query(column):
    return f"SELECT {ORDER_COLUMNS} FROM orders ORDER BY {column} DESC"


def build_order_lookup():
    return f"SELECT {ORDER_COLUMNS} FROM orders WHERE id = %s"


def build_status_filter(count):
    placeholders = ", ".join(["%s"] * count)
    return f"SELECT {ORDER_COLUMNS} FROM orders WHERE status IN ({placeholders})"
