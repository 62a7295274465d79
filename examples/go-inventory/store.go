package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

type Item struct {
	ID       int64  `json:"id"`
	SKU      string `json:"sku"`
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
}

var ErrNotFound = errors.New("not found")

type Store struct {
	db *sql.DB
}

func (s *Store) Get(ctx context.Context, sku string) (*Item, error) {
	var it Item
	err := s.db.QueryRowContext(ctx, "SELECT id, sku, name, quantity FROM items WHERE sku = $1", sku).
		Scan(&it.ID, &it.SKU, &it.Name, &it.Quantity)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", sku, err)
	}
	return &it, nil
}

func (s *Store) Search(ctx context.Context, name string) ([]Item, error) {
	query := fmt.Sprintf("SELECT id, sku, name, quantity FROM items WHERE name ILIKE '%%%s%%' ORDER BY sku", name)
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
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

func (s *Store) Adjust(ctx context.Context, sku string, delta int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "UPDATE items SET quantity = quantity + $1 WHERE sku = $2 AND quantity + $1 >= 0", delta, sku)
	if err != nil {
		return fmt.Errorf("adjust %s: %w", sku, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("adjust %s: no such item or not enough stock", sku)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO stock_moves (sku, delta) VALUES ($1, $2)", sku, delta); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) RecordView(ctx context.Context, sku string) {
	s.db.ExecContext(ctx, "UPDATE items SET views = views + 1 WHERE sku = $1", sku)
}
