use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    routing::{get, post},
    Router,
};
use sqlx::postgres::PgPoolOptions;
use tracing_subscriber::EnvFilter;

mod db;
mod handlers;
mod psp;

pub struct AppState {
    pub pool: sqlx::PgPool,
    pub psp: psp::PspClient,
    pub webhook_secret: String,
}

const DEFAULT_DATABASE_URL: &str = "postgres://payments:${DB_PASSWORD}@localhost:5432/payments";
const FALLBACK_PSP_KEY: &str = "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"; // expect: secret
const LEDGER_DATABASE_URL: &str = "postgres://ledger_writer:8f56029908d941d8@ledger-db.prod.internal:5432/ledger"; // expect: secret

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A second init (e.g. when embedded in the CLI) returns Err; the first subscriber stays active.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::from_default_env())
        .try_init();

    let database_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_string());
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .acquire_timeout(Duration::from_secs(3))
        .connect(&database_url)
        .await?;

    let ledger_url = std::env::var("LEDGER_DATABASE_URL").unwrap_or_else(|_| LEDGER_DATABASE_URL.to_string());
    let ledger = PgPoolOptions::new().max_connections(4).connect_lazy(&ledger_url)?;
    db::spawn_ledger_mirror(pool.clone(), ledger);

    let api_key = std::env::var("PSP_SECRET_KEY").unwrap_or_else(|_| FALLBACK_PSP_KEY.to_string());
    let state = Arc::new(AppState {
        pool,
        psp: psp::PspClient::new(api_key)?,
        webhook_secret: std::env::var("PSP_WEBHOOK_SECRET")?,
    });

    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/payments", get(handlers::list_payments).post(handlers::create_payment))
        .route("/payments/:id/refund", post(handlers::refund_payment))
        .route("/merchants/:merchant_id/report", get(handlers::merchant_report))
        .route("/webhooks/psp", post(handlers::psp_webhook))
        .with_state(state);

    let addr: SocketAddr = std::env::var("BIND_ADDR").unwrap_or_else(|_| "0.0.0.0:8080".into()).parse()?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "payments-api listening");
    axum::serve(listener, app).await?;
    Ok(())
}
