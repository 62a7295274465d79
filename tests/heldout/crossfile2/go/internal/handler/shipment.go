package handler

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/acme/shipments/internal/db"
	"github.com/acme/shipments/internal/querybuilder"
	"github.com/acme/shipments/internal/service"
)

type TrackingEvent struct {
	ShipmentID int64     `db:"shipment_id" json:"shipmentId"`
	Event      string    `db:"event" json:"event"`
	Location   string    `db:"location" json:"location"`
	HappenedAt time.Time `db:"happened_at" json:"happenedAt"`
}

type Handler struct {
	svc *service.ShipmentService
	db  *db.DB
}

func New(svc *service.ShipmentService, d *db.DB) *Handler {
	return &Handler{svc: svc, db: d}
}

func (h *Handler) Routes() chi.Router {
	r := chi.NewRouter()
	r.Get("/", h.recent)
	r.Get("/search", h.byCarrier)
	r.Get("/dashboard", h.dashboard)
	r.Get("/export", h.export)
	r.Get("/heavy", h.heavy)
	r.Get("/origin/{origin}", h.byOrigin)
	r.Get("/destination/{dest}", h.byDestination)
	r.Post("/batch", h.batch)
	r.Get("/track/{trackingNo}", h.track)
	r.Get("/{id}", h.get)
	r.Patch("/{id}/status", h.updateStatus)
	return r
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

func respond(w http.ResponseWriter, v interface{}, err error) {
	switch {
	case errors.Is(err, service.ErrBadLimit):
		writeError(w, http.StatusBadRequest, err)
	case err != nil:
		writeError(w, http.StatusInternalServerError, err)
	default:
		writeJSON(w, http.StatusOK, v)
	}
}

func filterFrom(r *http.Request) querybuilder.Filter {
	q := r.URL.Query()
	return querybuilder.Filter{Carrier: q.Get("carrier"), Region: q.Get("region"), Status: q.Get("status")}
}

func (h *Handler) recent(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if sort := q.Get("sort"); sort != "" {
		rows, err := h.svc.Sorted(r.Context(), sort)
		respond(w, rows, err)
		return
	}
	rows, err := h.svc.Recent(r.Context(), q.Get("limit"))
	respond(w, rows, err)
}

func (h *Handler) byCarrier(w http.ResponseWriter, r *http.Request) {
	rows, err := h.svc.ByCarrier(r.Context(), r.URL.Query().Get("carrier"))
	respond(w, rows, err)
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	rows, err := h.svc.Dashboard(r.Context(), filterFrom(r))
	respond(w, rows, err)
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	rows, err := h.svc.Export(r.Context(), filterFrom(r))
	respond(w, rows, err)
}

func (h *Handler) heavy(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rows, err := h.svc.Heavy(r.Context(), q.Get("min"), q.Get("max"))
	respond(w, rows, err)
}

func (h *Handler) byOrigin(w http.ResponseWriter, r *http.Request) {
	rows, err := h.svc.ByOrigin(r.Context(), chi.URLParam(r, "origin"))
	respond(w, rows, err)
}

func (h *Handler) byDestination(w http.ResponseWriter, r *http.Request) {
	rows, err := h.svc.ByDestination(r.Context(), chi.URLParam(r, "dest"))
	respond(w, rows, err)
}

func (h *Handler) batch(w http.ResponseWriter, r *http.Request) {
	var body struct {
		IDs []int64 `json:"ids"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	rows, err := h.svc.Many(r.Context(), body.IDs)
	respond(w, rows, err)
}

func (h *Handler) track(w http.ResponseWriter, r *http.Request) {
	trackingNo := chi.URLParam(r, "trackingNo")
	q := "SELECT shipment_id, event, location, happened_at FROM tracking_events WHERE tracking_no = '" + trackingNo + "' ORDER BY happened_at"
	var events []TrackingEvent
	if err := h.db.Select(r.Context(), &events, q); err != nil { // expect: sql-injection
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, http.StatusOK, events)
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	s, err := h.svc.Get(r.Context(), id)
	if err == nil && s == nil {
		writeError(w, http.StatusNotFound, errors.New("shipment not found"))
		return
	}
	respond(w, s, err)
}

func (h *Handler) updateStatus(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Status string `json:"status"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	n, err := h.db.Exec(r.Context(), "UPDATE shipments SET status = $1 WHERE id = $2", body.Status, chi.URLParam(r, "id"))
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int64{"updated": n})
}
