//! Simulated calls: a scripted caller rings one of the tenant's simulator numbers and talks to its
//! agent through the same media path, runtime, billing and finalisation as Twilio calls.

use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use switchboard_telephony::media::caller::{self, Step};
use switchboard_telephony::simulator;
use switchboard_telephony::voice::media_token;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::routes::calls::CallDto;
use crate::state::AppState;

/// A simulated inbound call.
#[derive(Deserialize, ToSchema)]
pub struct SimulatedCall {
    /// One of the tenant's active simulator numbers.
    pub number_id: Uuid,
    /// The caller's number (default +15555550100).
    pub from: Option<String>,
    /// What the caller does, in order; the call ends after the last step.
    pub script: Vec<Step>,
}

/// Starts a simulated call and answers at once with the call (`in_progress`, or `failed` with the
/// refusal on record). Watch it on `/calls/live`; find it afterwards like any call.
#[utoipa::path(tag = "calls", security(("session" = []), ("api_key" = [])), request_body = SimulatedCall,
    responses((status = 201, body = CallDto), (status = "4XX", body = ErrorBody)))]
#[post("/simulator/calls")]
pub async fn start_simulated_call(
    state: web::Data<AppState>,
    a: Authorized<perm::CallsWrite>,
    body: web::Json<SimulatedCall>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    caller::validate(&body.script).map_err(|m| ApiError::field("script", m))?;
    let (call, refused) =
        simulator::start_call(&state.db, &a.ctx, body.number_id, body.from.as_deref()).await?;
    if refused.is_none() {
        spawn_caller(&state, &call, body.script);
    }
    state.bus.publish(call.tenant_id, "call.updated", call.id);
    Ok(HttpResponse::Created().json(CallDto::from(call)))
}

/// Places an outbound call from one of the tenant's numbers; its agent talks. Send an
/// `Idempotency-Key` so a retry returns the call already placed (200) instead of dialling again.
/// On a simulator number a simulated callee answers (`simulator_script`, default: says hello,
/// then goodbye). Refused over the concurrent-call quota (`quota_exceeded`), without credits
/// (`insufficient_credits`) or for a suspended account; the refused call stays on record.
#[utoipa::path(tag = "calls", security(("session" = []), ("api_key" = [])), request_body = switchboard_telephony::outbound::PlaceCall,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries place the call once")),
    responses((status = 201, body = CallDto), (status = 200, body = CallDto, description = "Placed before under this Idempotency-Key"), (status = "4XX", body = ErrorBody)))]
#[post("/calls")]
pub async fn place_call(
    state: web::Data<AppState>,
    a: Authorized<perm::CallsWrite>,
    req: actix_web::HttpRequest,
    body: web::Json<switchboard_telephony::outbound::PlaceCall>,
) -> Result<HttpResponse, ApiError> {
    let key = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .map(String::from);
    let placed = switchboard_telephony::outbound::place(
        &state.db,
        &state.carriers,
        &a.ctx,
        &body,
        key.as_deref(),
    )
    .await?;
    if let Some(script) = placed.simulate {
        spawn_caller(&state, &placed.call, script);
    }
    state
        .bus
        .publish(placed.call.tenant_id, "call.updated", placed.call.id);
    let dto = CallDto::from(placed.call);
    Ok(if placed.created {
        HttpResponse::Created().json(dto)
    } else {
        HttpResponse::Ok().json(dto)
    })
}

fn spawn_caller(state: &AppState, call: &switchboard_telephony::calls::Call, script: Vec<Step>) {
    let base = state
        .local_url
        .get()
        .cloned()
        .unwrap_or_else(|| state.cfg.public_url.clone());
    let token = media_token(&state.media.media_secret, call.id);
    let ws = format!(
        "{}/media/twilio?call_id={}&token={token}",
        base.replacen("http", "ws", 1),
        call.id
    );
    let sid = call.provider_call_id.clone();
    let id = call.id;
    // The simulated carrier runs beside the calls, off the web workers.
    state.media.pool.spawn(async move {
        match caller::run(&ws, &sid, id, &token, script).await {
            Ok(r) => {
                tracing::info!(call = %id, sent = r.frames_sent, received = r.frames_received, clears = r.clears, "simulated caller done")
            }
            Err(e) => tracing::warn!(call = %id, error = %e, "simulated caller failed"),
        }
    });
}
