//! Twilio: the REST client (numbers and calls, form-encoded, Basic auth with the account SID and
//! auth token) and webhook signature checks.

pub mod signature;

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::carrier::{
    AvailableNumber, Carrier, CarrierCall, CarrierError, NewCall, NumberSearch, OwnedNumber,
    VoiceHooks,
};

const NAME: &str = "twilio";

/// One Twilio account.
#[derive(Clone)]
pub struct TwilioClient {
    base_url: String,
    account_sid: String,
    auth_token: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for TwilioClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TwilioClient")
            .field("base_url", &self.base_url)
            .field("account_sid", &self.account_sid)
            .field("auth_token", &"***")
            .finish()
    }
}

/// Twilio's error body: `{"code":21452,"message":"...","more_info":"...","status":400}`.
#[derive(Deserialize)]
struct TwilioErrorBody {
    code: Option<i64>,
    message: Option<String>,
}

impl TwilioClient {
    /// A client for `base_url` (`https://api.twilio.com`), connect 5 s / total 15 s.
    pub fn new(base_url: &str, account_sid: &str, auth_token: &str) -> Result<Self, CarrierError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| CarrierError::Unreachable(NAME, e.to_string()))?;
        Ok(Self {
            base_url: base_url.trim_end_matches('/').to_string(),
            account_sid: account_sid.to_string(),
            auth_token: auth_token.to_string(),
            http,
        })
    }

    fn url(&self, rest: &str) -> String {
        format!(
            "{}/2010-04-01/Accounts/{}/{rest}",
            self.base_url,
            safe(&self.account_sid)
        )
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Result<Value, CarrierError> {
        let res = req
            .basic_auth(&self.account_sid, Some(&self.auth_token))
            .send()
            .await
            .map_err(|e| CarrierError::Unreachable(NAME, e.to_string()))?;
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        if !(200..300).contains(&status) {
            let body: Option<TwilioErrorBody> = serde_json::from_str(&text).ok();
            return Err(CarrierError::Refused {
                carrier: NAME,
                status,
                code: body.as_ref().and_then(|b| b.code).unwrap_or(0),
                message: body
                    .and_then(|b| b.message)
                    .unwrap_or_else(|| text.chars().take(300).collect()),
            });
        }
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| CarrierError::Protocol(NAME, e.to_string()))
    }
}

/// Keeps ids from changing the path they are put in.
fn safe(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

fn hook_form(hooks: &VoiceHooks) -> Vec<(&'static str, String)> {
    vec![
        ("VoiceUrl", hooks.voice_url.clone()),
        ("VoiceMethod", "POST".into()),
        ("StatusCallback", hooks.status_url.clone()),
        ("StatusCallbackMethod", "POST".into()),
    ]
}

fn text(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(String::from)
}

#[async_trait::async_trait]
impl Carrier for TwilioClient {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn search_numbers(&self, q: &NumberSearch) -> Result<Vec<AvailableNumber>, CarrierError> {
        let mut query: Vec<(&str, String)> = vec![("VoiceEnabled", "true".into())];
        if let Some(a) = q.area_code.as_deref().filter(|a| !a.is_empty()) {
            query.push(("AreaCode", a.to_string()));
        }
        if let Some(c) = q.contains.as_deref().filter(|c| !c.is_empty()) {
            query.push(("Contains", c.to_string()));
        }
        let country = safe(&q.country.to_ascii_uppercase());
        let v = self
            .send(
                self.http
                    .get(self.url(&format!("AvailablePhoneNumbers/{country}/Local.json")))
                    .query(&query),
            )
            .await?;
        let limit = q.limit.unwrap_or(20).clamp(1, 50) as usize;
        Ok(v["available_phone_numbers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| {
                Some(AvailableNumber {
                    phone_number: text(n, "phone_number")?,
                    friendly_name: text(n, "friendly_name").unwrap_or_default(),
                    locality: text(n, "locality"),
                    region: text(n, "region"),
                    country: text(n, "iso_country").unwrap_or_else(|| country.clone()),
                })
            })
            .take(limit)
            .collect())
    }

    async fn buy_number(
        &self,
        e164: &str,
        hooks: &VoiceHooks,
    ) -> Result<OwnedNumber, CarrierError> {
        let mut form = hook_form(hooks);
        form.push(("PhoneNumber", e164.to_string()));
        let v = self
            .send(
                self.http
                    .post(self.url("IncomingPhoneNumbers.json"))
                    .form(&form),
            )
            .await?;
        Ok(OwnedNumber {
            sid: text(&v, "sid").ok_or(CarrierError::Protocol(NAME, "no sid".into()))?,
            phone_number: text(&v, "phone_number").unwrap_or_else(|| e164.to_string()),
        })
    }

    async fn configure_number(&self, sid: &str, hooks: &VoiceHooks) -> Result<(), CarrierError> {
        self.send(
            self.http
                .post(self.url(&format!("IncomingPhoneNumbers/{}.json", safe(sid))))
                .form(&hook_form(hooks)),
        )
        .await
        .map(|_| ())
    }

    async fn release_number(&self, sid: &str) -> Result<(), CarrierError> {
        match self
            .send(
                self.http
                    .delete(self.url(&format!("IncomingPhoneNumbers/{}.json", safe(sid)))),
            )
            .await
        {
            Ok(_) | Err(CarrierError::Refused { status: 404, .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn create_call(&self, call: &NewCall) -> Result<String, CarrierError> {
        let form: Vec<(&str, String)> = vec![
            ("To", call.to.clone()),
            ("From", call.from.clone()),
            ("Url", call.answer_url.clone()),
            ("Method", "POST".into()),
            ("StatusCallback", call.status_url.clone()),
            ("StatusCallbackMethod", "POST".into()),
            // Repeated keys: Twilio's wire format for arrays.
            ("StatusCallbackEvent", "initiated".into()),
            ("StatusCallbackEvent", "ringing".into()),
            ("StatusCallbackEvent", "answered".into()),
            ("StatusCallbackEvent", "completed".into()),
            ("Timeout", call.ring_timeout_secs.to_string()),
            ("TimeLimit", call.time_limit_secs.to_string()),
        ];
        let v = self
            .send(self.http.post(self.url("Calls.json")).form(&form))
            .await?;
        text(&v, "sid").ok_or(CarrierError::Protocol(NAME, "no sid".into()))
    }

    async fn hangup_call(&self, sid: &str) -> Result<(), CarrierError> {
        self.send(
            self.http
                .post(self.url(&format!("Calls/{}.json", safe(sid))))
                .form(&[("Status", "completed")]),
        )
        .await
        .map(|_| ())
    }

    async fn fetch_call(&self, sid: &str) -> Result<CarrierCall, CarrierError> {
        let v = self
            .send(
                self.http
                    .get(self.url(&format!("Calls/{}.json", safe(sid)))),
            )
            .await?;
        Ok(CarrierCall {
            sid: text(&v, "sid").unwrap_or_else(|| sid.to_string()),
            status: text(&v, "status").unwrap_or_default(),
            duration_secs: text(&v, "duration").and_then(|d| d.parse().ok()),
        })
    }
}
