use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{FromRow, PgPool};
use uuid::Uuid;

const PAYMENTS_TABLE: &str = "payments";
const MAX_PAGE: i64 = 200;

#[derive(Debug, Serialize, FromRow)]
pub struct Payment {
    pub id: Uuid,
    pub merchant_id: String,
    pub amount_minor: i64,
    pub currency: String,
    pub status: String,
    pub psp_reference: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy)]
pub enum SortKey {
    Created,
    Amount,
}

impl SortKey {
    pub fn parse(raw: Option<&str>) -> Self {
        match raw {
            Some("amount") => SortKey::Amount,
            _ => SortKey::Created,
        }
    }

    fn column(self) -> &'static str {
        match self {
            SortKey::Created => "created_at",
            SortKey::Amount => "amount_minor",
        }
    }
}

pub async fn list(pool: &PgPool, merchant_id: &str, sort: SortKey, limit: i64) -> sqlx::Result<Vec<Payment>> {
    let sql = format!(
        "SELECT * FROM {PAYMENTS_TABLE} WHERE merchant_id = $1 ORDER BY {} DESC LIMIT $2",
        sort.column()
    );
    sqlx::query_as::<_, Payment>(&sql)
        .bind(merchant_id)
        .bind(limit.clamp(1, MAX_PAGE))
        .fetch_all(pool)
        .await
}

pub async fn by_status(pool: &PgPool, merchant_id: &str, status: &str) -> sqlx::Result<Vec<Payment>> {
    sqlx::query_as::<_, Payment>(&format!("SELECT * FROM payments WHERE merchant_id = '{merchant_id}' AND status = '{status}'")) // expect: sql-injection
        .fetch_all(pool)
        .await
}

pub async fn insert(pool: &PgPool, merchant_id: &str, amount_minor: i64, currency: &str) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "INSERT INTO payments (id, merchant_id, amount_minor, currency, status) VALUES ($1, $2, $3, $4, 'pending') RETURNING id",
        Uuid::new_v4(),
        merchant_id,
        amount_minor,
        currency
    )
    .fetch_one(pool)
    .await
}

pub async fn mark_refunded(pool: &PgPool, id: Uuid, psp_reference: &str) -> sqlx::Result<u64> {
    let res = sqlx::query("UPDATE payments SET status = 'refunded', psp_reference = $2 WHERE id = $1")
        .bind(id)
        .bind(psp_reference)
        .execute(pool)
        .await?;
    Ok(res.rows_affected())
}

pub async fn report(pool: &PgPool, merchant_id: &str, group_by: &str, from: &str) -> sqlx::Result<Vec<(String, i64)>> {
    let sql = format!(
        "SELECT {group_by}::text, SUM(amount_minor)::bigint FROM payments WHERE merchant_id = $1 AND created_at >= '{from}' GROUP BY 1"
    );
    sqlx::query_as::<_, (String, i64)>(&sql).bind(merchant_id).fetch_all(pool).await // expect: sql-injection
}

pub async fn record_webhook(pool: &PgPool, event_id: &str, event_type: &str, payload: &serde_json::Value) -> sqlx::Result<()> {
    sqlx::query(&format!( // expect: sql-injection
        "INSERT INTO psp_events (event_id, event_type, payload) VALUES ('{}', '{}', $1) ON CONFLICT (event_id) DO NOTHING",
        event_id, event_type
    ))
    .bind(payload)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn recent(pool: &PgPool, merchant_ids: &[String], days: i64) -> sqlx::Result<Vec<Payment>> {
    let sql = format!(
        "SELECT * FROM {PAYMENTS_TABLE} WHERE merchant_id = ANY($1) AND created_at > now() - interval '{} days' ORDER BY created_at DESC",
        days.clamp(1, 90)
    );
    sqlx::query_as::<_, Payment>(&sql).bind(merchant_ids).fetch_all(pool).await
}

pub async fn find_by_reference(pool: &PgPool, reference: &str) -> sqlx::Result<Option<Payment>> {
    let query = format!("SELECT * FROM payments WHERE psp_reference LIKE '{}%' LIMIT 1", reference);
    sqlx::query_as(&query).fetch_optional(pool).await // expect: sql-injection
}

pub fn spawn_ledger_mirror(pool: PgPool, ledger: PgPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            let rows: Vec<Payment> = match sqlx::query_as("SELECT * FROM payments WHERE status = 'settled' AND mirrored_at IS NULL LIMIT 500").fetch_all(&pool).await {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!(error = %e, "ledger mirror: read failed, retrying next tick");
                    continue;
                }
            };
            for p in rows {
                let _ = sqlx::query("INSERT INTO ledger_entries (payment_id, amount_minor, currency) VALUES ($1, $2, $3)") // expect: error-handling
                    .bind(p.id).bind(p.amount_minor).bind(&p.currency)
                    .execute(&ledger)
                    .await;
                sqlx::query("UPDATE payments SET mirrored_at = now() WHERE id = $1").bind(p.id).execute(&pool).await.ok(); // expect: error-handling
            }
        }
    });
}
