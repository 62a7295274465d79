// Package handlers exposes the inventory HTTP API.
package handlers

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"strings"

	"github.com/acme/inventory/internal/db"
	"github.com/acme/inventory/internal/queries"
	"github.com/acme/inventory/internal/repository"
	"github.com/acme/inventory/internal/service"
)

// Handler serves item endpoints.
type Handler struct {
	DB    *sql.DB
	Stock *service.StockService
}

func writeJSON(w http.ResponseWriter, v any, err error) {
	if err != nil {
		log.Printf("request failed: %v", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if encErr := json.NewEncoder(w).Encode(v); encErr != nil {
		log.Printf("encode response: %v", encErr)
	}
}

func writeRows(w http.ResponseWriter, rows *sql.Rows, err error) {
	if err != nil {
		writeJSON(w, nil, err)
		return
	}
	items, err := repository.ScanItems(rows)
	writeJSON(w, items, err)
}

// ByWarehouse lists items stored in the named warehouse.
func (h *Handler) ByWarehouse(w http.ResponseWriter, r *http.Request) {
	warehouse := r.URL.Query().Get("warehouse")
	rows, err := db.RunQuery(r.Context(), h.DB, fmt.Sprintf("SELECT id, sku, name, quantity FROM items WHERE warehouse = '%s'", warehouse)) // expect: sql-injection
	writeRows(w, rows, err)
}

// Search does a name search.
func (h *Handler) Search(w http.ResponseWriter, r *http.Request) {
	rows, err := db.RunQuery(r.Context(), h.DB, queries.SearchItems(r.URL.Query().Get("q"))) // expect: sql-injection
	writeRows(w, rows, err)
}

// AdjustQuantity adds delta to the stock of an item.
func (h *Handler) AdjustQuantity(w http.ResponseWriter, r *http.Request) {
	sku := r.PathValue("sku")
	delta := r.FormValue("delta")
	stmt := "UPDATE items SET quantity = quantity + " + delta + " WHERE sku = '" + sku + "'"
	n, err := db.Exec(r.Context(), h.DB, stmt) // expect: sql-injection
	writeJSON(w, map[string]int64{"updated": n}, err)
}

// GetBySKU returns a single item.
func (h *Handler) GetBySKU(w http.ResponseWriter, r *http.Request) {
	rows, err := db.QueryArgs(r.Context(), h.DB, queries.ItemBySKU(), r.PathValue("sku"))
	writeRows(w, rows, err)
}

// List returns the first page of items.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) {
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := db.RunQuery(r.Context(), h.DB, fmt.Sprintf("SELECT id, sku, name, quantity FROM items ORDER BY sku LIMIT %d", limit))
	writeRows(w, rows, err)
}

// Categories lists distinct item categories.
func (h *Handler) Categories(w http.ResponseWriter, r *http.Request) {
	rows, err := db.RunQuery(r.Context(), h.DB, "SELECT DISTINCT category FROM items ORDER BY category")
	if err != nil {
		writeJSON(w, nil, err)
		return
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			writeJSON(w, nil, err)
			return
		}
		out = append(out, c)
	}
	writeJSON(w, out, rows.Err())
}

// LowStock lists items below their reorder level.
func (h *Handler) LowStock(w http.ResponseWriter, r *http.Request) {
	items, err := h.Stock.LowStock(r.Context(), r.URL.Query().Get("category"))
	writeJSON(w, items, err)
}

// Filter searches by location and minimum quantity.
func (h *Handler) Filter(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	items, err := h.Stock.Search(r.Context(), service.Filter{Location: q.Get("location"), MinQty: q.Get("min_qty")})
	writeJSON(w, items, err)
}

// BySupplier lists items from one supplier.
func (h *Handler) BySupplier(w http.ResponseWriter, r *http.Request) {
	items, err := h.Stock.BySupplier(r.Context(), r.URL.Query().Get("supplier"))
	writeJSON(w, items, err)
}

// ByIDs loads items by a comma-separated id list.
func (h *Handler) ByIDs(w http.ResponseWriter, r *http.Request) {
	var ids []int
	for _, raw := range strings.Split(r.URL.Query().Get("ids"), ",") {
		id, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil {
			http.Error(w, "invalid id", http.StatusBadRequest)
			return
		}
		ids = append(ids, id)
	}
	items, err := h.Stock.ByIDs(r.Context(), ids)
	writeJSON(w, items, err)
}

// InWarehouse lists items stocked in a warehouse.
func (h *Handler) InWarehouse(w http.ResponseWriter, r *http.Request) {
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	items, err := h.Stock.InWarehouse(r.Context(), r.PathValue("id"), limit)
	writeJSON(w, items, err)
}
