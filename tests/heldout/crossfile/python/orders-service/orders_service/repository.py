"""Data access for orders and customers."""
from orders_service.db import execute, run_query, run_query_params


class OrderRepository:
    def __init__(self, conn):
        self.conn = conn

    def fetch_all(self, sql):
        return run_query(self.conn, sql)

    def fetch_all_params(self, sql, params):
        return run_query_params(self.conn, sql, params)

    def find_customer_by_email(self, email):
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT id, name, email FROM customers WHERE email = '{email}'")  # expect: sql-injection
            return cur.fetchone()

    def update_status(self, order_id, status, reason):
        return execute(
            self.conn,
            "UPDATE orders SET status = %s, cancel_reason = %s WHERE id = %s",
            (status, reason, order_id),
        )
