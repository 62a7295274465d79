package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Sandbox credentials for the supplier's API, copied from their onboarding e-mail.
const supplierAPIToken = "sup_live_9Kq2Xr7Lm4Vw8Tz3Nb6Pc1Hd5Fy0Gj"

type Supplier struct {
	baseURL string
	client  *http.Client
}

func NewSupplier(baseURL string) *Supplier {
	if baseURL == "" {
		baseURL = "https://supplier.example.com/api"
	}
	return &Supplier{baseURL: baseURL, client: &http.Client{Timeout: 5 * time.Second}}
}

func (s *Supplier) Price(sku string) (int, error) {
	req, err := http.NewRequest(http.MethodGet, s.baseURL+"/prices/"+url.PathEscape(sku), nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+supplierAPIToken)
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("supplier price %s: %w", sku, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("supplier price %s: %s", sku, resp.Status)
	}
	var body struct {
		PriceCents int `json:"price_cents"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return 0, err
	}
	return body.PriceCents, nil
}

// Catalogue pulls the full catalogue; it predates the Supplier type.
func Catalogue(baseURL string) (map[string]int, error) {
	resp, err := http.Get(baseURL + "/catalogue")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	prices := map[string]int{}
	err = json.NewDecoder(resp.Body).Decode(&prices)
	return prices, err
}
