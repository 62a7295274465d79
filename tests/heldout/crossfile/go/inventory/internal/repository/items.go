// Package repository provides data access for inventory items.
package repository

import (
	"context"
	"database/sql"

	"github.com/acme/inventory/internal/db"
)

// Item is a stock-keeping unit held in a warehouse.
type Item struct {
	ID       int64  `json:"id"`
	SKU      string `json:"sku"`
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
}

// ItemRepository reads and writes items.
type ItemRepository struct {
	DB *sql.DB
}

// Select runs a prepared SQL string and scans the result into items.
func (r *ItemRepository) Select(ctx context.Context, query string) ([]Item, error) {
	rows, err := db.RunQuery(ctx, r.DB, query)
	if err != nil {
		return nil, err
	}
	return ScanItems(rows)
}

// SelectArgs runs a parameterised query and scans the result into items.
func (r *ItemRepository) SelectArgs(ctx context.Context, query string, args ...any) ([]Item, error) {
	rows, err := db.QueryArgs(ctx, r.DB, query, args...)
	if err != nil {
		return nil, err
	}
	return ScanItems(rows)
}

// FindBySupplier lists the items delivered by a supplier.
func (r *ItemRepository) FindBySupplier(ctx context.Context, supplier string) ([]Item, error) {
	rows, err := r.DB.QueryContext(ctx, "SELECT id, sku, name, quantity FROM items WHERE supplier = '"+supplier+"'") // expect: sql-injection
	if err != nil {
		return nil, err
	}
	return ScanItems(rows)
}

// ScanItems reads all rows into items and closes rows.
func ScanItems(rows *sql.Rows) ([]Item, error) {
	defer rows.Close()
	var items []Item
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ID, &it.SKU, &it.Name, &it.Quantity); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err()
}
