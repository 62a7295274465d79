// Package db holds small helpers around database/sql.
package db

import (
	"context"
	"database/sql"
)

// RunQuery executes a raw SQL statement and returns the resulting rows.
func RunQuery(ctx context.Context, conn *sql.DB, query string) (*sql.Rows, error) {
	return conn.QueryContext(ctx, query)
}

// QueryArgs executes a parameterised statement with bound arguments.
func QueryArgs(ctx context.Context, conn *sql.DB, query string, args ...any) (*sql.Rows, error) {
	return conn.QueryContext(ctx, query, args...)
}

// Exec runs a write statement and returns the number of affected rows.
func Exec(ctx context.Context, conn *sql.DB, query string, args ...any) (int64, error) {
	res, err := conn.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
