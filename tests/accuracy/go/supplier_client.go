package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

type SupplierClient struct {
	baseURL string
	apiKey  string
	http    *http.Client
}

func NewSupplierClient(baseURL string) *SupplierClient {
	return &SupplierClient{
		baseURL: baseURL,
		apiKey:  os.Getenv("SUPPLIER_API_KEY"),
		http: &http.Client{
			Timeout: 10 * time.Second,
			Transport: &http.Transport{
				DialContext:         (&net.Dialer{Timeout: 3 * time.Second}).DialContext,
				TLSHandshakeTimeout: 3 * time.Second,
			},
		},
	}
}

type Quote struct {
	SKU        string `json:"sku"`
	PriceCents int    `json:"price_cents"`
	LeadDays   int    `json:"lead_days"`
}

func (c *SupplierClient) Quote(ctx context.Context, sku string) (*Quote, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL+"/quotes/"+sku, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("quote %s: %w", sku, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("quote %s: supplier answered %s", sku, resp.Status)
	}
	var q Quote
	if err := json.NewDecoder(resp.Body).Decode(&q); err != nil {
		return nil, fmt.Errorf("decode quote: %w", err)
	}
	return &q, nil
}

func (c *SupplierClient) PlaceOrder(ctx context.Context, sku string, qty int) error {
	body, err := json.Marshal(map[string]any{"sku": sku, "quantity": qty})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL+"/orders", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// expect: error-handling
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("place order: %s", resp.Status)
	}
	return nil
}

func FetchCatalog(url string) ([]byte, error) {
	// expect: error-handling
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func PostStockLevels(url string, levels map[string]int) error {
	payload, err := json.Marshal(levels)
	if err != nil {
		return err
	}
	// expect: error-handling
	resp, err := http.Post(url, "application/json", bytes.NewReader(payload))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

var legacyClient = &http.Client{Timeout: 30 * time.Second}

// expect: error-handling
var webhookClient = &http.Client{}

func NotifyWebhook(url string, event any) error {
	payload, err := json.Marshal(event)
	if err != nil {
		return err
	}
	resp, err := webhookClient.Post(url, "application/json", bytes.NewReader(payload))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return nil
}

func LegacyPrices(url string) (map[string]int, error) {
	resp, err := legacyClient.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	prices := map[string]int{}
	if err := json.NewDecoder(resp.Body).Decode(&prices); err != nil {
		return nil, err
	}
	return prices, nil
}

func probe(url string) bool {
	// expect: error-handling
	client := http.Client{}
	resp, err := client.Get(url)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func ProbeAll(urls []string) map[string]bool {
	out := make(map[string]bool, len(urls))
	for _, u := range urls {
		out[u] = probe(u)
	}
	return out
}

func RefreshQuotes(ctx context.Context, c *SupplierClient, skus []string) {
	results := make(chan *Quote, len(skus))
	for _, sku := range skus {
		go func(sku string) {
			q, err := c.Quote(ctx, sku)
			if err != nil {
				log.Printf("quote %s: %v", sku, err)
				results <- nil
				return
			}
			results <- q
		}(sku)
	}
	for range skus {
		if q := <-results; q != nil {
			fmt.Printf("%s costs %d\n", q.SKU, q.PriceCents)
		}
	}
}
