package main

import (
	"log"
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/acme/shipments/internal/db"
	"github.com/acme/shipments/internal/handler"
	"github.com/acme/shipments/internal/repository"
	"github.com/acme/shipments/internal/service"
)

func main() {
	database, err := db.Open(os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer database.Close()

	repo := repository.NewShipmentRepo(database)
	svc := service.New(repo)
	h := handler.New(svc, database)

	r := chi.NewRouter()
	r.Use(middleware.RequestID, middleware.Logger, middleware.Recoverer)
	r.Mount("/shipments", h.Routes())

	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = ":8080"
	}
	log.Printf("listening on %s", addr)
	if err := http.ListenAndServe(addr, r); err != nil {
		log.Fatal(err)
	}
}
