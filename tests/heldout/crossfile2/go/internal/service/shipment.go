package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/acme/shipments/internal/querybuilder"
	"github.com/acme/shipments/internal/repository"
)

const maxPageSize = 500

var ErrBadLimit = errors.New("limit must be an integer between 1 and 500")

var sortColumns = map[string]string{
	"created": "created_at",
	"weight":  "weight_grams",
	"status":  "status",
	"carrier": "carrier",
}

type ShipmentService struct {
	repo *repository.ShipmentRepo
}

func New(repo *repository.ShipmentRepo) *ShipmentService {
	return &ShipmentService{repo: repo}
}

func (s *ShipmentService) Get(ctx context.Context, id int64) (*repository.Shipment, error) {
	return s.repo.ByID(ctx, id)
}

func (s *ShipmentService) ByCarrier(ctx context.Context, carrier string) ([]repository.Shipment, error) {
	return s.repo.Select(ctx, querybuilder.CarrierSearch(carrier)) // expect: sql-injection
}

func (s *ShipmentService) ByOrigin(ctx context.Context, origin string) ([]repository.Shipment, error) {
	query := "SELECT " + querybuilder.ShipmentColumns + " FROM shipments WHERE origin = '" + origin + "'"
	return s.repo.Select(ctx, query) // expect: sql-injection
}

func (s *ShipmentService) ByDestination(ctx context.Context, destination string) ([]repository.Shipment, error) {
	return s.repo.ByDestination(ctx, strings.TrimSpace(destination))
}

func (s *ShipmentService) Dashboard(ctx context.Context, f querybuilder.Filter) ([]repository.Shipment, error) {
	query := querybuilder.FilterQuery(f)
	return s.repo.Select(ctx, query) // expect: sql-injection
}

func (s *ShipmentService) Export(ctx context.Context, f querybuilder.Filter) ([]repository.Shipment, error) {
	query, args := querybuilder.FilterQueryArgs(f)
	return s.repo.Select(ctx, query, args...)
}

func (s *ShipmentService) Heavy(ctx context.Context, minWeight, maxWeight string) ([]repository.Shipment, error) {
	conds := []string{"status <> 'cancelled'"}
	if minWeight != "" {
		conds = append(conds, "weight_grams >= "+minWeight)
	}
	if maxWeight != "" {
		conds = append(conds, fmt.Sprintf("weight_grams <= %s", maxWeight))
	}
	query := "SELECT " + querybuilder.ShipmentColumns + " FROM shipments WHERE " + strings.Join(conds, " AND ")
	return s.repo.Select(ctx, query) // expect: sql-injection
}

func (s *ShipmentService) Recent(ctx context.Context, limitParam string) ([]repository.Shipment, error) {
	if limitParam == "" {
		limitParam = "50"
	}
	limit, err := strconv.Atoi(limitParam)
	if err != nil || limit < 1 || limit > maxPageSize {
		return nil, ErrBadLimit
	}
	return s.repo.Select(ctx, fmt.Sprintf("SELECT %s FROM shipments ORDER BY created_at DESC LIMIT %d", querybuilder.ShipmentColumns, limit))
}

func (s *ShipmentService) Sorted(ctx context.Context, sortKey string) ([]repository.Shipment, error) {
	col, ok := sortColumns[sortKey]
	if !ok {
		col = "created_at"
	}
	return s.repo.Select(ctx, "SELECT "+querybuilder.ShipmentColumns+" FROM shipments ORDER BY "+col+" DESC")
}

func (s *ShipmentService) Many(ctx context.Context, ids []int64) ([]repository.Shipment, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]interface{}, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	query := "SELECT " + querybuilder.ShipmentColumns + " FROM shipments WHERE id IN (" + querybuilder.Placeholders(len(ids)) + ")"
	return s.repo.Select(ctx, query, args...)
}
