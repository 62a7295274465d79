module github.com/acme/shipments

go 1.19

require (
	github.com/go-chi/chi/v5 v5.0.10
	github.com/jmoiron/sqlx v1.3.5
	github.com/lib/pq v1.10.9
)
