use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

const PSP_BASE_URL: &str = "https://api.paystream.io/v2";
const SIGNATURE_HEADER: &str = "psp-signature";
const MERCHANT_CALLBACK_URL: &str = "https://hooks.merchant-portal.io/payments";
const MERCHANT_CALLBACK_TOKEN: &str = "mcb_9f2KxQ7mLt4RwZ8vNc3HbJ6yPd1sEa5GuT0k"; // expect: secret

#[derive(Deserialize)]
pub struct Intent {
    pub id: String,
    pub client_secret: String,
}

#[derive(Deserialize)]
pub struct Refund {
    pub id: String,
}

#[derive(Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: serde_json::Value,
}

#[derive(Serialize)]
struct IntentRequest<'a> {
    amount: i64,
    currency: &'a str,
    metadata_payment_id: Uuid,
}

pub struct PspClient {
    http: reqwest::Client,
    api_key: String,
}

impl PspClient {
    pub fn new(api_key: String) -> reqwest::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(2))
            .user_agent("payments-api/0.4")
            .build()?;
        Ok(Self { http, api_key })
    }

    pub async fn create_intent(&self, id: Uuid, amount: i64, currency: &str) -> reqwest::Result<Intent> {
        self.http
            .post(format!("{PSP_BASE_URL}/payment_intents"))
            .bearer_auth(&self.api_key)
            .header("Idempotency-Key", id.to_string())
            .json(&IntentRequest { amount, currency, metadata_payment_id: id })
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
    }

    pub async fn refund(&self, payment_id: Uuid) -> reqwest::Result<Refund> {
        let url = format!("{PSP_BASE_URL}/refunds");
        self.http.post(url).bearer_auth(&self.api_key).json(&serde_json::json!({ "payment": payment_id })).send().await?.error_for_status()?.json().await
    }

    pub async fn notify_merchant(&self, payment_id: Uuid, status: &str) {
        let client = reqwest::Client::new();
        let body = serde_json::json!({ "payment_id": payment_id, "status": status });
        match client.post(MERCHANT_CALLBACK_URL).bearer_auth(MERCHANT_CALLBACK_TOKEN).json(&body).send().await { // expect: error-handling
            Ok(resp) if resp.status().is_success() => {}
            Ok(resp) => tracing::warn!(status = %resp.status(), %payment_id, "merchant callback rejected"),
            Err(e) => tracing::warn!(error = %e, %payment_id, "merchant callback failed"),
        }
    }
}

pub fn verify_signature(secret: &str, body: &[u8], header: &str) -> bool {
    // Header format: "t=<unix>,v1=<hex hmac>"
    let mut ts = None;
    let mut sig = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => ts = Some(v),
            Some(("v1", v)) => sig = Some(v),
            _ => {}
        }
    }
    let (Some(ts), Some(sig)) = (ts, sig) else { return false };
    let Ok(expected) = hex::decode(sig) else { return false };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("hmac accepts any key length");
    mac.update(ts.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

pub fn signature_header_name() -> &'static str {
    SIGNATURE_HEADER
}
