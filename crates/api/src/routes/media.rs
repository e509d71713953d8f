//! The media websocket: Twilio Media Streams (and the simulated caller) connect here. The upgrade
//! is refused unless it carries Twilio's signature header or a valid per-call token in the query
//! (the simulator); either way the stream's `start` must carry the call's token, or the session
//! closes before anything is read or stored.

use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::StreamExt;
use serde::Deserialize;
use switchboard_telephony::media::protocol::{self, Outbound};
use switchboard_telephony::voice::media_token_ok;
use tokio::sync::mpsc;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Upgrade parameters of simulated calls (Twilio passes the call through `<Parameter>`s).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MediaQuery {
    /// The call.
    pub call_id: Option<Uuid>,
    /// Its media token.
    pub token: Option<String>,
}

/// Twilio Media Streams websocket (bidirectional `<Connect><Stream>`): `connected`, `start`,
/// `media`, `mark`, `dtmf`, `stop` in; `media`, `mark`, `clear` out; μ-law 8 kHz.
#[utoipa::path(tag = "webhooks", params(MediaQuery),
    responses((status = 101, description = "Switching to the websocket protocol"), (status = "4XX", body = ErrorBody)))]
#[get("/media/twilio")]
pub async fn media_stream(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Payload,
    q: web::Query<MediaQuery>,
) -> Result<HttpResponse, ApiError> {
    let signed = req.headers().contains_key("x-twilio-signature");
    let token_ok = match (q.call_id, q.token.as_deref()) {
        (Some(id), Some(t)) => media_token_ok(&state.media.media_secret, id, t),
        _ => false,
    };
    if !signed && !token_ok {
        return Err(ApiError::new(
            actix_web::http::StatusCode::UNAUTHORIZED,
            "webhook_signature_invalid",
            "media streams need Twilio's signature or the call's token",
        ));
    }
    let (res, mut session, mut messages) = actix_ws::handle(&req, body).map_err(|e| {
        ApiError::new(
            actix_web::http::StatusCode::BAD_REQUEST,
            "bad_request",
            e.to_string(),
        )
    })?;
    let (in_tx, in_rx) = mpsc::channel(1024);
    let (out_tx, mut out_rx) = mpsc::channel::<Outbound>(1024);
    let stream_sid = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let rt = state.media.clone();
    // The call and the writing of its frames run on the media pool; only reading stays here.
    state.media.pool.spawn(async move {
        match switchboard_telephony::media::session::run(rt, in_rx, out_tx).await {
            Ok(r) => {
                tracing::info!(call = ?r.call_id, turns = r.turns, barge_ins = r.barge_ins, reason = %r.end_reason, "media session ended")
            }
            Err(e) => tracing::warn!(error = %e, "media session failed"),
        }
    });
    // Carrier → session.
    let sid = stream_sid.clone();
    let mut pong = session.clone();
    actix_web::rt::spawn(async move {
        while let Some(Ok(msg)) = messages.next().await {
            match msg {
                actix_ws::Message::Text(text) => {
                    if let Some(m) = protocol::parse(&text) {
                        if let protocol::Inbound::Start { stream_sid, .. } = &m
                            && let Ok(mut s) = sid.lock()
                        {
                            *s = stream_sid.clone();
                        }
                        if in_tx.send(m).await.is_err() {
                            break;
                        }
                    }
                }
                actix_ws::Message::Ping(b) => {
                    let _ = pong.pong(&b).await;
                }
                actix_ws::Message::Close(_) => break,
                _ => {}
            }
        }
    });
    // Session → carrier.
    state.media.pool.spawn(async move {
        while let Some(m) = out_rx.recv().await {
            let sid = stream_sid.lock().map(|s| s.clone()).unwrap_or_default();
            match m.to_json(&sid) {
                Some(text) => {
                    if session.text(text).await.is_err() {
                        break;
                    }
                }
                None => break,
            }
        }
        let _ = session.close(None).await;
    });
    Ok(res)
}
