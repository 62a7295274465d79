package inventory

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

const reportColumns = "sku, warehouse, quantity"

type Reports struct {
	db     *sql.DB
	client *http.Client
	mu     sync.Mutex
	cache  map[string][]byte
}

func NewReports(db *sql.DB) *Reports {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 4
	return &Reports{
		db:     db,
		client: &http.Client{Transport: transport, Timeout: 15 * time.Second},
		cache:  map[string][]byte{},
	}
}

func (r *Reports) LowStock(ctx context.Context, warehouse string, threshold int) ([][]string, error) {
	query := "SELECT " + reportColumns + " FROM items WHERE quantity < $1"
	args := []any{threshold}
	if warehouse != "" {
		args = append(args, warehouse)
		query += fmt.Sprintf(" AND warehouse = $%d", len(args))
	}
	rows, err := r.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanRows(rows)
}

func (r *Reports) ByCategory(ctx context.Context, category, orderBy string) ([][]string, error) {
	query := "SELECT " + reportColumns + " FROM items WHERE category = $1"
	if orderBy != "" {
		query += " ORDER BY " + orderBy
	}
	// expect: sql-injection
	rows, err := r.db.QueryContext(ctx, query, category)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanRows(rows)
}

func (r *Reports) Movements(ctx context.Context, since string) ([][]string, error) {
	// expect: sql-injection
	rows, err := r.db.Query(fmt.Sprintf("SELECT item_id, delta, created_at FROM stock_moves WHERE created_at > '%s'", since))
	if err != nil {
		return nil, fmt.Errorf("movements since %s: %w", since, err)
	}
	defer rows.Close()
	return scanRows(rows)
}

func scanRows(rows *sql.Rows) ([][]string, error) {
	var out [][]string
	for rows.Next() {
		var sku, warehouse string
		var qty int
		if err := rows.Scan(&sku, &warehouse, &qty); err != nil {
			return nil, err
		}
		out = append(out, []string{sku, warehouse, fmt.Sprint(qty)})
	}
	return out, rows.Err()
}

func toCSV(records [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(records); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (r *Reports) Publish(ctx context.Context, url string, records [][]string) error {
	body, err := toCSV(records)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "text/csv")
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("publish: %s", resp.Status)
	}
	return nil
}

func (r *Reports) PublishAll(ctx context.Context, targets map[string][][]string) error {
	g, ctx := errgroup.WithContext(ctx)
	for url, records := range targets {
		url, records := url, records
		g.Go(func() error {
			return r.Publish(ctx, url, records)
		})
	}
	return g.Wait()
}

func (r *Reports) Cached(key string) ([]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	data, ok := r.cache[key]
	return data, ok
}

func (r *Reports) Store(key string, value any) {
	data, _ := value.([]byte)
	r.mu.Lock()
	r.cache[key] = data
	r.mu.Unlock()
}

func (r *Reports) Warm(ctx context.Context, warehouses []string) {
	var wg sync.WaitGroup
	for _, wh := range warehouses {
		wg.Add(1)
		go func(wh string) {
			defer wg.Done()
			records, err := r.LowStock(ctx, wh, 10)
			if err != nil {
				log.Printf("warm %s: %v", wh, err)
				return
			}
			data, err := toCSV(records)
			if err != nil {
				log.Printf("encode %s: %v", wh, err)
				return
			}
			r.Store("low:"+wh, data)
		}(wh)
	}
	wg.Wait()
}

func (r *Reports) Summary(ctx context.Context) (string, error) {
	var total, low int
	err := r.db.QueryRowContext(ctx, "SELECT count(*) FROM items").Scan(&total)
	if err != nil {
		return "", err
	}
	err = r.db.QueryRowContext(ctx, "SELECT count(*) FROM items WHERE quantity < 10").Scan(&low)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d items, %d low on stock", total, low)
	return b.String(), nil
}

func (r *Reports) Snapshot(ctx context.Context) error {
	// expect: error-handling
	tx, _ := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM stock_moves").Scan(&n); err != nil {
		return err
	}
	log.Printf("snapshot: %d moves", n)
	return tx.Commit()
}

func (r *Reports) Reset(ctx context.Context) error {
	_, err := r.db.ExecContext(ctx, "TRUNCATE report_cache")
	// expect: error-handling
	_, err = r.db.ExecContext(ctx, "UPDATE report_state SET reset_at = now()")
	return err
}

func (r *Reports) Notify(ctx context.Context, webhook string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhook, strings.NewReader(`{"text":"reports ready"}`))
	if err != nil {
		log.Printf("notify: %v", err)
		return
	}
	resp, err := r.client.Do(req)
	if err != nil {
		log.Printf("notify: %v", err)
		return
	}
	// cleanup after the response was read: nothing to do if it fails
	resp.Body.Close()
}
