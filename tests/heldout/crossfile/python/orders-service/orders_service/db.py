"""Thin database helpers shared by handlers and repositories."""
import os

import psycopg2
import psycopg2.extras


def get_connection():
    return psycopg2.connect(os.environ["DATABASE_URL"])


def run_query(conn, sql):
    """Execute a SQL statement and return all rows as dicts."""
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(sql)
        return cur.fetchall()


def run_query_params(conn, sql, params):
    """Execute a parameterised SQL statement and return all rows as dicts."""
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def execute(conn, sql, params=None):
    """Run a write statement and commit; returns the affected row count."""
    with conn.cursor() as cur:
        cur.execute(sql, params)
    conn.commit()
    return cur.rowcount
