package querybuilder

import (
	"fmt"
	"strings"
)

const ShipmentColumns = "id, tracking_no, carrier, origin, destination, region, status, weight_grams, created_at"

// Filter holds the optional dashboard filters.
type Filter struct {
	Carrier string
	Region  string
	Status  string
}

func CarrierSearch(carrier string) string {
	return fmt.Sprintf("SELECT %s FROM shipments WHERE carrier ILIKE '%%%s%%' ORDER BY created_at DESC", ShipmentColumns, carrier)
}

// FilterQuery builds the dashboard query.
func FilterQuery(f Filter) string {
	var sb strings.Builder
	sb.WriteString("SELECT " + ShipmentColumns + " FROM shipments WHERE 1=1")
	if f.Carrier != "" {
		sb.WriteString(fmt.Sprintf(" AND carrier = '%s'", f.Carrier))
	}
	if f.Region != "" {
		sb.WriteString(" AND region = '")
		sb.WriteString(f.Region)
		sb.WriteString("'")
	}
	if f.Status != "" {
		fmt.Fprintf(&sb, " AND status = '%s'", f.Status)
	}
	return sb.String()
}

// FilterQueryArgs is the parameterised variant used by the CSV export.
func FilterQueryArgs(f Filter) (string, []interface{}) {
	var sb strings.Builder
	args := []interface{}{}
	sb.WriteString("SELECT " + ShipmentColumns + " FROM shipments WHERE 1=1")
	for _, kv := range [][2]string{{"carrier", f.Carrier}, {"region", f.Region}, {"status", f.Status}} {
		if kv[1] != "" {
			args = append(args, kv[1])
			fmt.Fprintf(&sb, " AND %s = $%d", kv[0], len(args))
		}
	}
	return sb.String(), args
}

// Placeholders returns "$1, $2, ..., $n".
func Placeholders(n int) string {
	var sb strings.Builder
	for i := 1; i <= n; i++ {
		if i > 1 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "$%d", i)
	}
	return sb.String()
}
