"""Business logic for orders."""


class OrderService:
    def __init__(self, repo):
        self.repo = repo

    def orders_for_region(self, region):
        return self.repo.fetch_all(f"SELECT id, status, total FROM orders WHERE region = '{region}'")  # expect: sql-injection

    def customer_by_email(self, email):
        return self.repo.find_customer_by_email(email)

    def search_orders(self, status=None, min_total=None, channel=None):
        clauses = ["deleted_at IS NULL"]
        if status:
            clauses.append(f"status = '{status}'")
        if min_total:
            clauses.append("total >= " + min_total)
        if channel:
            clauses.append("channel = '%s'" % channel)
        sql = "SELECT id, status, total FROM orders WHERE " + " AND ".join(clauses)
        return self.repo.fetch_all(sql)  # expect: sql-injection

    def orders_for_customer(self, customer_id, status=None):
        clauses = ["customer_id = %s"]
        params = [customer_id]
        if status:
            clauses.append("status = %s")
            params.append(status)
        sql = "SELECT id, status, total FROM orders WHERE " + " AND ".join(clauses)
        return self.repo.fetch_all_params(sql, params)

    def cancel_order(self, order_id, reason):
        return self.repo.update_status(order_id, "cancelled", reason)
