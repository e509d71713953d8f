//! Calls: list with filters, detail, transcript, recording (with ranges), CSV export; and the
//! ElevenLabs post-call webhook.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use switchboard_telephony::calls::{self, Call, Filter, Segment};
use switchboard_telephony::elevenlabs::{self, Outcome};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::dto::PageQuery;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// A call.
#[derive(Serialize, ToSchema)]
pub struct CallDto {
    /// Id.
    pub id: Uuid,
    /// Agent that handled it.
    pub agent_id: Option<Uuid>,
    /// Agent version that handled it (0 = draft).
    pub agent_version: i32,
    /// `inbound` or `outbound`.
    pub direction: String,
    /// Caller number.
    pub from_number: Option<String>,
    /// Called number.
    pub to_number: Option<String>,
    /// `builtin` or `elevenlabs`.
    pub runtime: String,
    /// Who carried the call (`elevenlabs`, `twilio`, `simulator`).
    pub provider: String,
    /// The provider's id for the call.
    pub provider_call_id: String,
    /// `queued`, `ringing`, `in_progress`, `completed` or `failed`.
    pub status: String,
    /// Start.
    pub started_at: Option<DateTime<Utc>>,
    /// Answered.
    pub answered_at: Option<DateTime<Utc>>,
    /// End.
    pub ended_at: Option<DateTime<Utc>>,
    /// Length in seconds.
    pub duration_secs: i32,
    /// Why it ended.
    pub end_reason: Option<String>,
    /// Credits charged (one per started minute).
    pub cost_credits: i64,
    /// The provider's own cost as reported.
    pub provider_cost: Option<i64>,
    /// Summary from the analysis.
    pub summary: Option<String>,
    /// Whether the call reached its goal.
    pub successful: Option<bool>,
    /// The provider's analysis as given.
    #[schema(value_type = Option<Object>)]
    pub analysis: Option<serde_json::Value>,
    /// Data collected during the call.
    #[schema(value_type = Option<Object>)]
    pub data_collected: Option<serde_json::Value>,
    /// Whether a recording can be fetched.
    pub has_recording: bool,
    /// Per-turn latency of calls run by the built-in runtime (empty otherwise).
    pub turn_timings: Vec<switchboard_telephony::media::session::TurnTiming>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<Call> for CallDto {
    fn from(c: Call) -> Self {
        Self {
            id: c.id,
            agent_id: c.agent_id,
            agent_version: c.agent_version,
            direction: c.direction,
            from_number: c.from_number,
            to_number: c.to_number,
            runtime: c.runtime,
            provider: c.provider,
            provider_call_id: c.provider_call_id,
            status: c.status,
            started_at: c.started_at,
            answered_at: c.answered_at,
            ended_at: c.ended_at,
            duration_secs: c.duration_secs,
            end_reason: c.end_reason,
            cost_credits: c.cost_credits,
            provider_cost: c.provider_cost,
            summary: c.summary,
            successful: c.successful,
            analysis: c.analysis.and_then(|a| serde_json::from_str(&a).ok()),
            data_collected: c.data_collected.and_then(|a| serde_json::from_str(&a).ok()),
            has_recording: c.recording_key.is_some(),
            turn_timings: c
                .turn_timings
                .as_deref()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_default(),
            created_at: c.created_at,
        }
    }
}

/// A page of calls.
#[derive(Serialize, ToSchema)]
pub struct CallPage {
    /// Calls, newest first.
    pub items: Vec<CallDto>,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
}

/// Call filters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallFilter {
    /// Agent.
    pub agent_id: Option<Uuid>,
    /// Status.
    pub status: Option<String>,
    /// `inbound` or `outbound`.
    pub direction: Option<String>,
    /// Part of the caller's or called number.
    pub number: Option<String>,
    /// Created at or after (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Created before (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Text in the transcript.
    pub q: Option<String>,
}

impl CallFilter {
    fn filter(&self) -> Filter {
        Filter {
            agent_id: self.agent_id,
            status: self.status.clone(),
            direction: self.direction.clone(),
            number: self.number.clone(),
            from: self.from,
            to: self.to,
            q: self.q.clone(),
        }
    }
}

/// Calls of the acting tenant.
#[utoipa::path(tag = "calls", security(("session" = []), ("api_key" = [])), params(CallFilter, PageQuery),
    responses((status = 200, body = CallPage), (status = "4XX", body = ErrorBody)))]
#[get("/calls")]
pub async fn list_calls(
    state: web::Data<AppState>,
    a: Authorized<perm::CallsRead>,
    f: web::Query<CallFilter>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<CallPage>, ApiError> {
    let p = calls::list(&state.db, &a.ctx, &f.filter(), &page.params()?).await?;
    Ok(web::Json(CallPage {
        items: p.items.into_iter().map(Into::into).collect(),
        next_cursor: p.next_cursor,
    }))
}

/// The filtered calls as CSV (newest first, at most 100,000 rows).
#[utoipa::path(tag = "calls", security(("session" = []), ("api_key" = [])), params(CallFilter),
    responses((status = 200, content_type = "text/csv", body = String), (status = "4XX", body = ErrorBody)))]
#[get("/calls/export")]
pub async fn export_calls(
    state: web::Data<AppState>,
    a: Authorized<perm::CallsRead>,
    f: web::Query<CallFilter>,
) -> Result<HttpResponse, ApiError> {
    let csv = calls::export_csv(&state.db, &a.ctx, &f.filter()).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"calls.csv\"",
        ))
        .body(csv))
}

/// One call.
#[utoipa::path(tag = "calls", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Call id")),
    responses((status = 200, body = CallDto), (status = "4XX", body = ErrorBody)))]
#[get("/calls/{id}")]
pub async fn get_call(
    state: web::Data<AppState>,
    a: Authorized<perm::CallsRead>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CallDto>, ApiError> {
    Ok(web::Json(calls::get(&state.db, &a.ctx, *id).await?.into()))
}

/// A transcript segment.
#[derive(Serialize, ToSchema)]
pub struct SegmentDto {
    /// `agent` or `caller`.
    pub speaker: String,
    /// What was said.
    pub text: String,
    /// Offset from the start of the call, in milliseconds.
    pub start_ms: i32,
    /// End offset, when known.
    pub end_ms: Option<i32>,
}

impl From<Segment> for SegmentDto {
    fn from(s: Segment) -> Self {
        Self {
            speaker: s.speaker,
            text: s.text,
            start_ms: s.start_ms,
            end_ms: s.end_ms,
        }
    }
}

/// A call's transcript, speaker-labelled, in order.
#[utoipa::path(tag = "calls", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Call id")),
    responses((status = 200, body = Vec<SegmentDto>), (status = "4XX", body = ErrorBody)))]
#[get("/calls/{id}/transcript")]
pub async fn get_call_transcript(
    state: web::Data<AppState>,
    a: Authorized<perm::CallsRead>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<SegmentDto>>, ApiError> {
    Ok(web::Json(
        calls::transcript(&state.db, &a.ctx, *id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// Parses a single `bytes=a-b` range against `size`.
fn parse_range(h: &str, size: u64) -> Option<std::ops::Range<u64>> {
    let spec = h.strip_prefix("bytes=")?;
    if spec.contains(',') || size == 0 {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", suffix) => {
            let n: u64 = suffix.parse().ok()?;
            (size.saturating_sub(n), size - 1)
        }
        (s, "") => (s.parse().ok()?, size - 1),
        (s, e) => (s.parse().ok()?, e.parse::<u64>().ok()?.min(size - 1)),
    };
    (start <= end && start < size).then_some(start..end + 1)
}

/// The call's recording (MP3), with `Range` support for seeking.
#[utoipa::path(tag = "calls", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Call id")),
    responses((status = 200, content_type = "audio/mpeg", body = Vec<u8>), (status = 206, content_type = "audio/mpeg", body = Vec<u8>, description = "A byte range"), (status = "4XX", body = ErrorBody)))]
#[get("/calls/{id}/recording")]
pub async fn get_call_recording(
    req: HttpRequest,
    state: web::Data<AppState>,
    a: Authorized<perm::CallsRead>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let call = calls::get(&state.db, &a.ctx, *id).await?;
    let key = call
        .recording_key
        .ok_or_else(|| ApiError::from(switchboard_telephony::TelephonyError::RecordingNotFound))?;
    let size = state.recordings.size(&key).await?;
    let range = req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok());
    let (status, r) = match range {
        None => (actix_web::http::StatusCode::OK, 0..size),
        Some(h) => match parse_range(h, size) {
            Some(r) => (actix_web::http::StatusCode::PARTIAL_CONTENT, r),
            None => {
                let mut e = ApiError::new(
                    actix_web::http::StatusCode::RANGE_NOT_SATISFIABLE,
                    "range_not_satisfiable",
                    "the requested range is outside the recording",
                );
                e.details = Some(serde_json::json!({ "size": size }));
                return Err(e);
            }
        },
    };
    let bytes = state.recordings.read(&key, r.clone()).await?;
    let mut res = HttpResponse::build(status);
    res.content_type("audio/mpeg")
        .insert_header((header::ACCEPT_RANGES, "bytes"));
    if status == actix_web::http::StatusCode::PARTIAL_CONTENT {
        res.insert_header((
            header::CONTENT_RANGE,
            format!("bytes {}-{}/{size}", r.start, r.end - 1),
        ));
    }
    Ok(res.body(bytes))
}

/// Live updates of the acting tenant's calls as server-sent events: `call` events carry the
/// changed call (`CallDto`), `credits_low` events the tenant id; a comment line every 15 s keeps
/// proxies from closing the stream.
#[utoipa::path(tag = "calls", security(("session" = []), ("api_key" = [])),
    responses((status = 200, content_type = "text/event-stream", description = "Server-sent events: call, credits_low"), (status = "4XX", body = ErrorBody)))]
#[get("/calls/live")]
pub async fn live_calls(
    state: web::Data<AppState>,
    a: Authorized<perm::CallsRead>,
) -> HttpResponse {
    let rx = state.bus.subscribe();
    let tick = tokio::time::interval(std::time::Duration::from_secs(15));
    let ctx = a.ctx;
    let st = state.clone();
    let stream = futures_util::stream::unfold(
        (rx, tick, ctx, st),
        |(mut rx, mut tick, ctx, st)| async move {
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        return Some((Ok::<_, actix_web::Error>(web::Bytes::from_static(b": keep-alive\n\n")), (rx, tick, ctx, st)));
                    }
                    ev = rx.recv() => match ev {
                        Ok(ev) if ev.tenant_id == ctx.tenant_id => {
                            let frame = match ev.kind.as_str() {
                                "call.updated" => match calls::get(&st.db, &ctx, ev.resource_id).await {
                                    Ok(c) => format!("event: call\ndata: {}\n\n", serde_json::to_string(&CallDto::from(c)).unwrap_or_default()),
                                    Err(_) => continue,
                                },
                                "credits.low" => format!("event: credits_low\ndata: {{\"tenant_id\":\"{}\"}}\n\n", ev.tenant_id),
                                _ => continue,
                            };
                            return Some((Ok(web::Bytes::from(frame)), (rx, tick, ctx, st)));
                        }
                        Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                    }
                }
            }
        },
    );
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("cache-control", "no-cache"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(stream)
}

/// Largest webhook body accepted (post-call audio arrives base64-encoded in JSON).
const MAX_WEBHOOK_BYTES: usize = 64 * 1024 * 1024;

/// What the webhook did.
#[derive(Serialize, ToSchema)]
pub struct WebhookAck {
    /// `applied`, `duplicate` (seen before; nothing changed) or `ignored` (event type not used).
    pub status: String,
}

/// ElevenLabs post-call webhook (`post_call_transcription`, `post_call_audio`,
/// `call_initiation_failure`), verified by `ElevenLabs-Signature`. Answers 200 only once the event
/// is stored; a redelivery answers 200 and changes nothing.
#[utoipa::path(tag = "webhooks", params(("ElevenLabs-Signature" = String, Header, description = "t=<unix>,v0=<hex HMAC-SHA256>")),
    responses((status = 200, body = WebhookAck), (status = "4XX", body = ErrorBody), (status = 503, body = ErrorBody, description = "Webhook secret not configured")))]
#[post("/webhooks/elevenlabs")]
pub async fn elevenlabs_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    mut payload: web::Payload,
) -> Result<web::Json<WebhookAck>, ApiError> {
    let secret = state
        .elevenlabs_webhook_secret
        .clone()
        .ok_or_else(|| ApiError::from(switchboard_telephony::TelephonyError::NotConfigured))?;
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::new(
                actix_web::http::StatusCode::BAD_REQUEST,
                "bad_request",
                "the body could not be read",
            )
        })?;
        if body.len() + chunk.len() > MAX_WEBHOOK_BYTES {
            return Err(ApiError::new(
                actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "the webhook body is too large",
            ));
        }
        body.extend_from_slice(&chunk);
    }
    let sig = req
        .headers()
        .get("elevenlabs-signature")
        .and_then(|v| v.to_str().ok());
    elevenlabs::verify(&secret, sig, &body, switchboard_core::now().timestamp())?;
    let outcome = elevenlabs::handle(&state.db, &state.recordings, &body).await?;
    elevenlabs::announce(&state.db, &state.bus, &outcome).await?;
    let status = match outcome {
        Outcome::Applied { .. } => "applied",
        Outcome::Duplicate => "duplicate",
        Outcome::Ignored => "ignored",
    };
    Ok(web::Json(WebhookAck {
        status: status.into(),
    }))
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn byte_ranges_are_parsed_like_browsers_send_them() {
        assert_eq!(parse_range("bytes=0-99", 1000), Some(0..100));
        assert_eq!(parse_range("bytes=900-", 1000), Some(900..1000));
        assert_eq!(parse_range("bytes=-100", 1000), Some(900..1000));
        assert_eq!(parse_range("bytes=0-5000", 1000), Some(0..1000));
        assert_eq!(parse_range("bytes=1000-", 1000), None);
        assert_eq!(parse_range("bytes=0-1,5-6", 1000), None);
    }
}

/// ElevenLabs conversation-initiation webhook for incoming phone calls (configure it in ElevenLabs
/// with the header `Authorization: Bearer <elevenlabs.webhook_secret>`). Answers the agent's prompt
/// variables and the caller's number; answers 402 `insufficient_credits` when the tenant has no
/// credits, which makes ElevenLabs refuse the call.
#[utoipa::path(tag = "webhooks", request_body(content = Object, description = "{ caller_id, agent_id, called_number, call_sid }"),
    responses((status = 200, body = Object, description = "{ type: conversation_initiation_client_data, dynamic_variables }"), (status = "4XX", body = ErrorBody)))]
#[post("/webhooks/elevenlabs/initiation")]
pub async fn elevenlabs_initiation(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let secret = state
        .elevenlabs_webhook_secret
        .clone()
        .ok_or_else(|| ApiError::from(switchboard_telephony::TelephonyError::NotConfigured))?;
    elevenlabs::check_bearer(
        &secret,
        req.headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok()),
    )?;
    match elevenlabs::initiation(&state.db, &body).await {
        Ok(v) => Ok(HttpResponse::Ok().json(v)),
        Err(switchboard_telephony::TelephonyError::Billing(b)) => {
            let mut e = ApiError::from(b);
            e.status = actix_web::http::StatusCode::PAYMENT_REQUIRED;
            Err(e)
        }
        Err(e) => Err(e.into()),
    }
}
