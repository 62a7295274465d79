package main

import (
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"strconv"
)

type API struct {
	store    *Store
	supplier *Supplier
}

func (a *API) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{sku}", a.getItem)
	mux.HandleFunc("GET /items", a.search)
	mux.HandleFunc("POST /items/{sku}/adjust", a.adjust)
	mux.HandleFunc("GET /items/{sku}/supplier-price", a.supplierPrice)
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("encode response: %v", err)
	}
}

func (a *API) getItem(w http.ResponseWriter, r *http.Request) {
	sku := r.PathValue("sku")
	item, err := a.store.Get(r.Context(), sku)
	if errors.Is(err, ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	a.store.RecordView(r.Context(), sku)
	writeJSON(w, http.StatusOK, item)
}

func (a *API) search(w http.ResponseWriter, r *http.Request) {
	items, err := a.store.Search(r.Context(), r.URL.Query().Get("q"))
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, items)
}

func (a *API) adjust(w http.ResponseWriter, r *http.Request) {
	delta, _ := strconv.Atoi(r.URL.Query().Get("delta"))
	if err := a.store.Adjust(r.Context(), r.PathValue("sku"), delta); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) supplierPrice(w http.ResponseWriter, r *http.Request) {
	price, err := a.supplier.Price(r.PathValue("sku"))
	if err != nil {
		http.Error(w, "supplier unavailable", http.StatusBadGateway)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"price_cents": price})
}
