// Package service contains inventory business logic.
package service

import (
	"context"
	"fmt"
	"strings"

	"github.com/acme/inventory/internal/queries"
	"github.com/acme/inventory/internal/repository"
)

// Filter holds optional search criteria taken from the query string.
type Filter struct {
	Location string
	MinQty   string
}

// StockService answers stock-level questions.
type StockService struct {
	Repo *repository.ItemRepository
}

// LowStock lists items in a category that are below their reorder level.
func (s *StockService) LowStock(ctx context.Context, category string) ([]repository.Item, error) {
	query := fmt.Sprintf("SELECT id, sku, name, quantity FROM items WHERE quantity < reorder_level AND category = '%s'", category)
	return s.Repo.Select(ctx, query) // expect: sql-injection
}

// Search applies the optional filter criteria.
func (s *StockService) Search(ctx context.Context, f Filter) ([]repository.Item, error) {
	var b strings.Builder
	b.WriteString("SELECT id, sku, name, quantity FROM items WHERE 1=1")
	if f.Location != "" {
		b.WriteString(" AND location = '" + f.Location + "'")
	}
	if f.MinQty != "" {
		b.WriteString(" AND quantity >= " + f.MinQty)
	}
	return s.Repo.Select(ctx, b.String()) // expect: sql-injection
}

// BySupplier lists items delivered by a supplier.
func (s *StockService) BySupplier(ctx context.Context, supplier string) ([]repository.Item, error) {
	return s.Repo.FindBySupplier(ctx, supplier)
}

// ByIDs loads a batch of items by id.
func (s *StockService) ByIDs(ctx context.Context, ids []int) ([]repository.Item, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return s.Repo.SelectArgs(ctx, queries.ItemsByIDs(len(ids)), args...)
}

// InWarehouse lists items stocked in a warehouse, at most limit rows.
func (s *StockService) InWarehouse(ctx context.Context, warehouseID string, limit int) ([]repository.Item, error) {
	var b strings.Builder
	b.WriteString("SELECT id, sku, name, quantity FROM items WHERE warehouse_id = $1")
	b.WriteString(fmt.Sprintf(" ORDER BY sku LIMIT %d", limit))
	return s.Repo.SelectArgs(ctx, b.String(), warehouseID)
}
