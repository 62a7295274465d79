package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/acme/shipments/internal/db"
	"github.com/acme/shipments/internal/querybuilder"
)

type Shipment struct {
	ID          int64     `db:"id" json:"id"`
	TrackingNo  string    `db:"tracking_no" json:"trackingNo"`
	Carrier     string    `db:"carrier" json:"carrier"`
	Origin      string    `db:"origin" json:"origin"`
	Destination string    `db:"destination" json:"destination"`
	Region      string    `db:"region" json:"region"`
	Status      string    `db:"status" json:"status"`
	WeightGrams int       `db:"weight_grams" json:"weightGrams"`
	CreatedAt   time.Time `db:"created_at" json:"createdAt"`
}

type ShipmentRepo struct {
	db *db.DB
}

func NewShipmentRepo(d *db.DB) *ShipmentRepo {
	return &ShipmentRepo{db: d}
}

// Select is a thin pass-through used by the service for report queries.
func (r *ShipmentRepo) Select(ctx context.Context, query string, args ...interface{}) ([]Shipment, error) {
	var out []Shipment
	if err := r.db.Select(ctx, &out, query, args...); err != nil {
		return nil, fmt.Errorf("select shipments: %w", err)
	}
	return out, nil
}

func (r *ShipmentRepo) ByID(ctx context.Context, id int64) (*Shipment, error) {
	var s Shipment
	err := r.db.Get(ctx, &s, "SELECT "+querybuilder.ShipmentColumns+" FROM shipments WHERE id = $1", id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("shipment %d: %w", id, err)
	}
	return &s, nil
}

func (r *ShipmentRepo) ByDestination(ctx context.Context, destination string) ([]Shipment, error) {
	q := fmt.Sprintf("SELECT %s FROM shipments WHERE destination = '%s' ORDER BY created_at DESC", querybuilder.ShipmentColumns, destination)
	var out []Shipment
	if err := r.db.Select(ctx, &out, q); err != nil { // expect: sql-injection
		return nil, fmt.Errorf("shipments to %s: %w", destination, err)
	}
	return out, nil
}
