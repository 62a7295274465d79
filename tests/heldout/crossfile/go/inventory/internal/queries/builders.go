// Package queries builds SQL statements for the inventory service.
package queries

import (
	"strconv"
	"strings"
)

const itemColumns = "id, sku, name, quantity"

// SearchItems returns a query matching items whose name contains term.
func SearchItems(term string) string {
	return "SELECT " + itemColumns + " FROM items WHERE name ILIKE '%" + term + "%'"
}

// ItemBySKU returns a query selecting one item by SKU; bind the SKU as $1.
func ItemBySKU() string {
	return "SELECT " + itemColumns + " FROM items WHERE sku = $1"
}

// Placeholders returns "$start, $start+1, ..." for n bound parameters.
func Placeholders(n, start int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = "$" + strconv.Itoa(start+i)
	}
	return strings.Join(parts, ", ")
}

// ItemsByIDs returns a query selecting items whose id is one of n bound ids.
func ItemsByIDs(n int) string {
	return "SELECT " + itemColumns + " FROM items WHERE id IN (" + Placeholders(n, 1) + ")"
}
