package inventory

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

const (
	defaultPort        = 8080
	defaultReadTimeout = 5 * time.Second
	tokenType          = "Bearer"
	apiKeyHeader       = "X-Api-Key"
	passwordEnvVar     = "INVENTORY_DB_PASSWORD"
	secretsMountPath   = "/var/run/secrets/inventory"
)

// expect: secret
const stripeRestrictedKey = "rk_live_51Nq3Xr8Lm2Vw7Kt4Pb9Hc6Jd1Fy5Gz0"

// expect: secret
var datadogAPIKey = "3f9c2a7e8b1d4056c9e2f7a1b8d3c6e4"

// expect: secret
var legacyDSN = "postgres://inventory:Pq8Lm2Xv7Rz4Tw9K@legacy-db.internal:5432/inventory?sslmode=require"

const localDSN = "postgres://inventory@localhost:5432/inventory?sslmode=disable"

type Config struct {
	Port          int
	DatabaseURL   string
	DBPassword    string
	SupplierURL   string
	SupplierToken string
	ReadTimeout   time.Duration
	JWTSecret     []byte
	AWS           AWSConfig
}

type AWSConfig struct {
	Region          string
	AccessKeyID     string
	SecretAccessKey string
	BucketName      string
}

func Load() (*Config, error) {
	cfg := &Config{
		Port:          defaultPort,
		DatabaseURL:   EnvOr("DATABASE_URL", localDSN),
		DBPassword:    os.Getenv(passwordEnvVar),
		SupplierURL:   EnvOr("SUPPLIER_URL", "https://supplier.example.com/api"),
		SupplierToken: os.Getenv("SUPPLIER_TOKEN"),
		ReadTimeout:   defaultReadTimeout,
		JWTSecret:     []byte(os.Getenv("JWT_SECRET")),
		AWS: AWSConfig{
			Region:          EnvOr("AWS_REGION", "eu-central-1"),
			AccessKeyID:     os.Getenv("AWS_ACCESS_KEY_ID"),
			SecretAccessKey: os.Getenv("AWS_SECRET_ACCESS_KEY"),
			BucketName:      "inventory-snapshots",
		},
	}
	if v := os.Getenv("PORT"); v != "" {
		port, err := strconv.Atoi(v)
		if err != nil {
			return nil, fmt.Errorf("PORT must be a number: %w", err)
		}
		cfg.Port = port
	}
	if len(cfg.JWTSecret) == 0 {
		return nil, errors.New("JWT_SECRET is required")
	}
	return cfg, nil
}

func DevConfig() *Config {
	return &Config{
		Port:        defaultPort,
		DatabaseURL: legacyDSN,
		// expect: secret
		DBPassword:    "Vb4Nq8Xr2Lm7Kt9W",
		SupplierURL:   "http://localhost:9090",
		SupplierToken: "changeme",
		ReadTimeout:   defaultReadTimeout,
		// expect: secret
		JWTSecret: []byte("Hk3Zq9Wm5Xr2Lv8Tn4Pb7Jc1Fd6Gs0Ye"),
		AWS: AWSConfig{
			Region: "eu-central-1",
			// expect: secret
			AccessKeyID: "AKIAT5RZ2MQX7LWN4KVB",
			// expect: secret
			SecretAccessKey: "Tq9Wm5Xr2Lv8Hk3Zn4Pb7Jc1Fd6Gs0YeRu2Ai8Lo",
			BucketName:      "inventory-snapshots-dev",
		},
	}
}

func ExampleConfig() *Config {
	return &Config{
		Port:          defaultPort,
		DatabaseURL:   "postgres://inventory:${INVENTORY_DB_PASSWORD}@db:5432/inventory",
		DBPassword:    "<your-db-password>",
		SupplierToken: "xxxxxxxxxxxxxxxx",
		JWTSecret:     []byte(""),
	}
}

type Credentials struct {
	Username string
	Password string
}

func ServiceCredentials() Credentials {
	// expect: secret
	return Credentials{Username: "inventory-svc", Password: "Gm6Yt2Kq8Wz4Xn9L"}
}

func PromptText() map[string]string {
	return map[string]string{
		"password": "Enter your password",
		"token":    "Paste your access token",
		"secret":   "Keep this secret safe",
	}
}

var githubToken = os.Getenv("GITHUB_TOKEN")

// expect: secret
var slackToken = "xoxp-4829103746-2918374650123-9182736450912-a7c3e9f1b2d4c6e8a0f2b4d6c8e0a2b4"

var openaiKeyName = "OPENAI_API_KEY"

const sentryDSNTemplate = "https://%s@o0.ingest.sentry.io/%s"

var migrationChecksum = "5d41402abc4b2a76b9719d911017c592a7f1e4b3c9d8e6f0"

func secretPath(name string) string {
	return secretsMountPath + "/" + name
}

func ReadSecret(name string) (string, error) {
	b, err := os.ReadFile(secretPath(name))
	if err != nil {
		return "", fmt.Errorf("read secret %s: %w", name, err)
	}
	return string(b), nil
}

func authHeader(token string) string {
	return tokenType + " " + token
}

func apiKeyHeaderName() string {
	return apiKeyHeader
}
