package main

import (
	"database/sql"
	"log"
	"net/http"
	"os"
	"time"

	_ "github.com/lib/pq"

	"github.com/acme/inventory/internal/handlers"
	"github.com/acme/inventory/internal/repository"
	"github.com/acme/inventory/internal/service"
)

func main() {
	conn, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatalf("open database: %v", err)
	}
	defer conn.Close()

	repo := &repository.ItemRepository{DB: conn}
	h := &handlers.Handler{DB: conn, Stock: &service.StockService{Repo: repo}}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", h.List)
	mux.HandleFunc("GET /items/search", h.Search)
	mux.HandleFunc("GET /items/by-warehouse", h.ByWarehouse)
	mux.HandleFunc("GET /items/low-stock", h.LowStock)
	mux.HandleFunc("GET /items/filter", h.Filter)
	mux.HandleFunc("GET /items/by-supplier", h.BySupplier)
	mux.HandleFunc("GET /items/batch", h.ByIDs)
	mux.HandleFunc("GET /items/{sku}", h.GetBySKU)
	mux.HandleFunc("POST /items/{sku}/adjust", h.AdjustQuantity)
	mux.HandleFunc("GET /warehouses/{id}/items", h.InWarehouse)
	mux.HandleFunc("GET /categories", h.Categories)

	addr := os.Getenv("LISTEN_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	srv := &http.Server{
		Addr:              addr,
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	log.Printf("inventory listening on %s", addr)
	log.Fatal(srv.ListenAndServe())
}
