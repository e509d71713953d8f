//! Twilio's webhooks: the voice URL (answers TwiML), call status callbacks and media-stream status
//! callbacks. Each is verified with `X-Twilio-Signature` over the public URL Twilio called (the
//! configured public URL, so it holds behind proxies) before anything is read or changed.

use actix_web::{HttpRequest, HttpResponse, post, web};
use switchboard_telephony::voice::{self, Delivery};

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

const MAX_BODY: usize = 64 * 1024;

fn delivery(state: &AppState, req: &HttpRequest, body: &[u8]) -> Result<Delivery, ApiError> {
    if body.len() > MAX_BODY {
        return Err(ApiError::new(
            actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the webhook body is too large",
        ));
    }
    let json = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    Ok(Delivery {
        url: format!("{}{path}", state.cfg.public_url.trim_end_matches('/')),
        params: if json {
            vec![]
        } else {
            url::form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        },
        body: body.to_vec(),
        json,
        signature: req
            .headers()
            .get("x-twilio-signature")
            .and_then(|v| v.to_str().ok())
            .map(String::from),
    })
}

/// Twilio voice webhook of our numbers (inbound calls, and outbound calls we placed). Answers
/// TwiML: `<Connect><Stream>` to the media endpoint with a per-call token, or a spoken refusal
/// and hang-up when the account is suspended, out of credits or at its concurrent-call quota, or
/// the number has no agent.
#[utoipa::path(tag = "webhooks", request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "Twilio's voice request (CallSid, From, To, Direction, ...)"),
    responses((status = 200, content_type = "text/xml", body = String, description = "TwiML"), (status = "4XX", body = ErrorBody)))]
#[post("/webhooks/twilio/voice")]
pub async fn twilio_voice(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let d = delivery(&state, &req, &body)?;
    let twiml = voice::answer(&state.db, &state.carriers, &state.cfg.cookie_secret, &d).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/xml; charset=utf-8")
        .body(twiml))
}

/// Twilio call status callback: applied once per `CallSid` + `SequenceNumber`; a call only moves
/// forward; a completed call is charged once.
#[utoipa::path(tag = "webhooks", request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "Twilio's status callback (CallSid, CallStatus, SequenceNumber, CallDuration, ...)"),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[post("/webhooks/twilio/status")]
pub async fn twilio_status(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let d = delivery(&state, &req, &body)?;
    let outcome = voice::status_callback(&state.db, &state.carriers, &d).await?;
    voice::announce(&state.bus, &outcome);
    Ok(super::no_content())
}

/// Twilio media-stream status callback (`stream-started`, `stream-stopped`, `stream-error`),
/// recorded once.
#[utoipa::path(tag = "webhooks", request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "Twilio's stream status (StreamSid, CallSid, StreamEvent, ...)"),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[post("/webhooks/twilio/stream-status")]
pub async fn twilio_stream_status(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let d = delivery(&state, &req, &body)?;
    voice::stream_status(&state.db, &state.carriers, &d).await?;
    Ok(super::no_content())
}
