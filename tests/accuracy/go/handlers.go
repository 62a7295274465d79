package inventory

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"
)

type Handlers struct {
	store  *Store
	audit  *os.File
	mu     sync.Mutex
	counts map[string]int
}

func NewHandlers(store *Store, auditPath string) (*Handlers, error) {
	f, err := os.OpenFile(auditPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640)
	if err != nil {
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	return &Handlers{store: store, audit: f, counts: map[string]int{}}, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("write response: %v", err)
	}
}

func (h *Handlers) GetItem(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "id must be a number", http.StatusBadRequest)
		return
	}
	item, err := h.store.Get(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, item)
}

func (h *Handlers) ListWarehouse(w http.ResponseWriter, r *http.Request) {
	// a deliberate discard: the value is checked on the next line
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	items, err := h.store.InWarehouse(r.Context(), r.PathValue("warehouse"), limit)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, items)
}

type adjustment struct {
	Delta int    `json:"delta"`
	Note  string `json:"note"`
}

func (h *Handlers) Adjust(w http.ResponseWriter, r *http.Request) {
	var body adjustment
	// expect: error-handling
	json.NewDecoder(r.Body).Decode(&body)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	if err := h.store.Adjust(r.Context(), id, body.Delta); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h.recordAudit(fmt.Sprintf("adjust %d by %d: %s", id, body.Delta, body.Note))
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handlers) Import(w http.ResponseWriter, r *http.Request) {
	defer r.Body.Close()
	payload, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "could not read body", http.StatusBadRequest)
		return
	}
	var items []Item
	err = json.Unmarshal(payload, &items)
	// expect: error-handling
	count, err := h.importItems(r, items)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]int{"imported": count})
}

func (h *Handlers) importItems(r *http.Request, items []Item) (int, error) {
	for i, it := range items {
		if it.SKU == "" {
			return i, fmt.Errorf("item %d has no sku", i)
		}
	}
	return len(items), nil
}

func (h *Handlers) Rename(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	name := r.FormValue("name")
	err = h.store.Rename(r.Context(), id, name)
	if err != nil {
		http.Error(w, "rename failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handlers) recordAudit(line string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.counts["audit"]++
	// expect: error-handling
	h.audit.WriteString(time.Now().UTC().Format(time.RFC3339) + " " + line + "\n")
}

func (h *Handlers) Stats(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	snapshot := make(map[string]int, len(h.counts))
	for k, v := range h.counts {
		snapshot[k] = v
	}
	h.mu.Unlock()
	if cached, ok := snapshot["requests"]; ok {
		fmt.Println("requests so far:", cached)
	}
	writeJSON(w, http.StatusOK, snapshot)
}

func (h *Handlers) Touch(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	h.store.Touch(r.Context(), id)
	w.WriteHeader(http.StatusAccepted)
}

func (h *Handlers) ReplayAudit(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil {
			log.Printf("close %s: %v", path, cerr)
		}
	}()
	raw, err := io.ReadAll(f)
	if err != nil {
		return 0, err
	}
	var entries []string
	// expect: error-handling
	json.Unmarshal(raw, &entries)
	return len(entries), nil
}

func (h *Handlers) Close() error {
	// a deliberate discard, written as one (errcheck leaves it alone too)
	_ = h.audit.Sync()
	return h.audit.Close()
}

func (h *Handlers) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", h.GetItem)
	mux.HandleFunc("GET /warehouses/{warehouse}/items", h.ListWarehouse)
	mux.HandleFunc("POST /items/{id}/adjust", h.Adjust)
	mux.HandleFunc("POST /items/import", h.Import)
	mux.HandleFunc("POST /items/{id}/rename", h.Rename)
	mux.HandleFunc("POST /items/{id}/touch", h.Touch)
	mux.HandleFunc("GET /stats", h.Stats)
	return mux
}

func EnvOr(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return fallback
}
