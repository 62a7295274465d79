package inventory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

const itemsTable = "items"
const itemColumns = "id, sku, name, quantity, warehouse, updated_at"

var ErrNotFound = errors.New("item not found")

type Item struct {
	ID        int64     `db:"id"`
	SKU       string    `db:"sku"`
	Name      string    `db:"name"`
	Quantity  int       `db:"quantity"`
	Warehouse string    `db:"warehouse"`
	UpdatedAt time.Time `db:"updated_at"`
}

type Store struct {
	db  *sql.DB
	dbx *sqlx.DB
}

func NewStore(db *sql.DB) *Store {
	return &Store{db: db, dbx: sqlx.NewDb(db, "postgres")}
}

func (s *Store) Get(ctx context.Context, id int64) (*Item, error) {
	row := s.db.QueryRowContext(ctx, "SELECT "+itemColumns+" FROM items WHERE id = $1", id)
	var it Item
	if err := row.Scan(&it.ID, &it.SKU, &it.Name, &it.Quantity, &it.Warehouse, &it.UpdatedAt); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("get item %d: %w", id, err)
	}
	return &it, nil
}

func (s *Store) BySKU(ctx context.Context, sku string) (*Item, error) {
	query := fmt.Sprintf("SELECT %s FROM %s WHERE sku = '%s'", itemColumns, itemsTable, sku)
	var it Item
	// expect: sql-injection
	err := s.db.QueryRowContext(ctx, query).Scan(&it.ID, &it.SKU, &it.Name, &it.Quantity, &it.Warehouse, &it.UpdatedAt)
	if err != nil {
		return nil, fmt.Errorf("item by sku: %w", err)
	}
	return &it, nil
}

func (s *Store) InWarehouse(ctx context.Context, warehouse string, limit int) ([]Item, error) {
	query := fmt.Sprintf("SELECT %s FROM %s WHERE warehouse = $1 ORDER BY sku LIMIT $2", itemColumns, itemsTable)
	rows, err := s.db.QueryContext(ctx, query, warehouse, limit)
	if err != nil {
		return nil, fmt.Errorf("list warehouse %s: %w", warehouse, err)
	}
	defer rows.Close()
	var items []Item
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ID, &it.SKU, &it.Name, &it.Quantity, &it.Warehouse, &it.UpdatedAt); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err()
}

func (s *Store) Search(ctx context.Context, term string) ([]Item, error) {
	var items []Item
	// expect: sql-injection
	err := s.dbx.SelectContext(ctx, &items, "SELECT "+itemColumns+" FROM items WHERE name ILIKE '%"+term+"%'")
	return items, err
}

func (s *Store) SearchSafe(ctx context.Context, term string) ([]Item, error) {
	var items []Item
	err := s.dbx.SelectContext(ctx, &items, "SELECT "+itemColumns+" FROM items WHERE name ILIKE $1", "%"+term+"%")
	return items, err
}

func (s *Store) SortedBy(ctx context.Context, column string) (*sql.Rows, error) {
	var b strings.Builder
	b.WriteString("SELECT ")
	b.WriteString(itemColumns)
	b.WriteString(" FROM items ORDER BY ")
	b.WriteString(column)
	// expect: sql-injection
	return s.db.QueryContext(ctx, b.String())
}

func (s *Store) ByIDs(ctx context.Context, ids []int64) (*sql.Rows, error) {
	placeholders := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		placeholders[i] = "$" + strconv.Itoa(i+1)
		args[i] = id
	}
	query := "SELECT " + itemColumns + " FROM items WHERE id IN (" + strings.Join(placeholders, ",") + ")"
	return s.db.QueryContext(ctx, query, args...)
}

func (s *Store) Adjust(ctx context.Context, id int64, delta int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE items SET quantity = quantity + $1, updated_at = now() WHERE id = $2", delta, id); err != nil {
		return fmt.Errorf("adjust %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO stock_moves (item_id, delta) VALUES ($1, $2)", id, delta); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) Rename(ctx context.Context, id int64, name string) error {
	stmt := "UPDATE items SET name = '" + name + "' WHERE id = " + strconv.FormatInt(id, 10)
	// expect: sql-injection
	_, err := s.db.ExecContext(ctx, stmt)
	return err
}

func (s *Store) Touch(ctx context.Context, id int64) {
	// expect: error-handling
	s.db.ExecContext(ctx, "UPDATE items SET updated_at = now() WHERE id = $1", id)
}

func (s *Store) DeleteWarehouse(ctx context.Context, warehouse string) error {
	// expect: error-handling
	_, _ = s.db.ExecContext(ctx, "DELETE FROM stock_moves WHERE warehouse = $1", warehouse)
	_, err := s.db.ExecContext(ctx, "DELETE FROM items WHERE warehouse = $1", warehouse)
	return err
}

func (s *Store) Count(ctx context.Context) int {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM items").Scan(&n); err != nil {
		log.Printf("count items: %v", err)
		return 0
	}
	return n
}

func (s *Store) Archive(ctx context.Context, before time.Time) error {
	res, err := s.db.ExecContext(ctx, "DELETE FROM items WHERE quantity = 0 AND updated_at < $1", before)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	// expect: error-handling
	if err != nil {
	}
	log.Printf("archived %d items (select from items where quantity = 0)", n)
	return nil
}

func (s *Store) Close() error {
	return s.db.Close()
}
