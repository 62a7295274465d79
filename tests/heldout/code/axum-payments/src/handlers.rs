use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::{db, psp, AppState};

pub enum ApiError {
    Db(sqlx::Error),
    Upstream(reqwest::Error),
    BadRequest(&'static str),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Db(e) => {
                tracing::error!(error = %e, "database error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
            }
            ApiError::Upstream(e) => {
                tracing::error!(error = %e, "psp error");
                (StatusCode::BAD_GATEWAY, "payment provider unavailable").into_response()
            }
            ApiError::BadRequest(msg) => (StatusCode::BAD_REQUEST, msg).into_response(),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Db(e)
    }
}

#[derive(Deserialize)]
pub struct ListParams {
    merchant_id: String,
    status: Option<String>,
    sort: Option<String>,
    limit: Option<i64>,
}

pub async fn list_payments(State(st): State<Arc<AppState>>, Query(p): Query<ListParams>) -> Result<Json<Vec<db::Payment>>, ApiError> {
    let rows = match p.status.as_deref() {
        Some(status) => db::by_status(&st.pool, &p.merchant_id, status).await?,
        None => db::list(&st.pool, &p.merchant_id, db::SortKey::parse(p.sort.as_deref()), p.limit.unwrap_or(50)).await?,
    };
    Ok(Json(rows))
}

#[derive(Deserialize)]
pub struct CreatePayment {
    merchant_id: String,
    amount_minor: i64,
    currency: String,
}

pub async fn create_payment(State(st): State<Arc<AppState>>, Json(body): Json<CreatePayment>) -> Result<impl IntoResponse, ApiError> {
    if body.amount_minor <= 0 {
        return Err(ApiError::BadRequest("amount must be positive"));
    }
    let id = db::insert(&st.pool, &body.merchant_id, body.amount_minor, &body.currency).await?;
    let intent = st.psp.create_intent(id, body.amount_minor, &body.currency).await.map_err(ApiError::Upstream)?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id, "client_secret": intent.client_secret }))))
}

pub async fn refund_payment(State(st): State<Arc<AppState>>, Path(id): Path<Uuid>) -> Result<StatusCode, ApiError> {
    let refund = st.psp.refund(id).await.map_err(ApiError::Upstream)?;
    let _ = db::mark_refunded(&st.pool, id, &refund.id).await; // expect: error-handling
    st.psp.notify_merchant(id, "refunded").await;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize)]
pub struct ReportParams {
    group_by: Option<String>,
    from: Option<String>,
}

pub async fn merchant_report(
    State(st): State<Arc<AppState>>,
    Path(merchant_id): Path<String>,
    Query(p): Query<ReportParams>,
) -> Result<Json<Vec<(String, i64)>>, ApiError> {
    let group_by = p.group_by.unwrap_or_else(|| "currency".into());
    let from = p.from.unwrap_or_else(|| "1970-01-01".into());
    Ok(Json(db::report(&st.pool, &merchant_id, &group_by, &from).await?))
}

pub async fn psp_webhook(State(st): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers.get("psp-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !psp::verify_signature(&st.webhook_secret, &body, signature) {
        return StatusCode::UNAUTHORIZED;
    }
    let event: psp::Event = match serde_json::from_slice(&body) {
        Ok(ev) => ev,
        Err(_) => return StatusCode::BAD_REQUEST,
    };
    match db::record_webhook(&st.pool, &event.id, &event.kind, &event.data).await {
        Ok(()) => {}
        Err(_) => {} // expect: error-handling
    }
    StatusCode::OK
}
