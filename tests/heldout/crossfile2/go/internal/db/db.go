package db

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"
)

// DB wraps the sqlx handle so callers never touch the driver directly.
type DB struct {
	x *sqlx.DB
}

func Open(dsn string) (*DB, error) {
	x, err := sqlx.Connect("postgres", dsn)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	x.SetMaxOpenConns(20)
	return &DB{x: x}, nil
}

func (d *DB) Close() error { return d.x.Close() }

// Select runs a read query and scans every row into dest.
func (d *DB) Select(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return d.x.SelectContext(ctx, dest, query, args...)
}

// Get runs a query expected to return exactly one row.
func (d *DB) Get(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return d.x.GetContext(ctx, dest, query, args...)
}

// Exec runs a statement and reports the number of affected rows.
func (d *DB) Exec(ctx context.Context, query string, args ...interface{}) (int64, error) {
	res, err := d.x.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
