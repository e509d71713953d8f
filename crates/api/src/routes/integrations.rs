//! Provider connections of the acting tenant (ElevenLabs): keys stored encrypted, shown masked.

use actix_web::{HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use switchboard_platform::tenant_secrets;
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// The ElevenLabs connection.
#[derive(Serialize, ToSchema)]
pub struct ElevenLabsIntegration {
    /// Whether this tenant stored its own API key (else the platform's is used, if any).
    pub configured: bool,
    /// The key, masked (`••••••••1a2b`).
    pub key_hint: Option<String>,
    /// When the key was last set.
    pub updated_at: Option<DateTime<Utc>>,
    /// Configure this URL as the post-call webhook in ElevenLabs (HMAC authentication).
    pub post_call_webhook_url: String,
    /// Configure this URL as the conversation-initiation webhook (Bearer secret header).
    pub initiation_webhook_url: String,
    /// Whether the installation verifies ElevenLabs webhooks (its secret is set).
    pub webhooks_enabled: bool,
}

async fn current(
    state: &AppState,
    tenant_id: uuid::Uuid,
) -> Result<ElevenLabsIntegration, ApiError> {
    let s = tenant_secrets::status(&state.db, tenant_id, "elevenlabs").await?;
    let base = state.cfg.public_url.trim_end_matches('/');
    Ok(ElevenLabsIntegration {
        configured: s.is_some(),
        key_hint: s.as_ref().map(|s| s.hint.clone()),
        updated_at: s.map(|s| s.updated_at),
        post_call_webhook_url: format!("{base}/webhooks/elevenlabs"),
        initiation_webhook_url: format!("{base}/webhooks/elevenlabs/initiation"),
        webhooks_enabled: state.elevenlabs_webhook_secret.is_some(),
    })
}

/// The acting tenant's ElevenLabs connection.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])),
    responses((status = 200, body = ElevenLabsIntegration), (status = "4XX", body = ErrorBody)))]
#[get("/integrations/elevenlabs")]
pub async fn get_elevenlabs_integration(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsRead>,
) -> Result<web::Json<ElevenLabsIntegration>, ApiError> {
    Ok(web::Json(current(&state, a.ctx.tenant_id).await?))
}

/// A key to store.
#[derive(Deserialize, ToSchema)]
pub struct ElevenLabsKey {
    /// The ElevenLabs API key (`xi-api-key`); stored encrypted, never shown again.
    pub api_key: String,
}

/// Stores (or replaces) the acting tenant's ElevenLabs API key.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])), request_body = ElevenLabsKey,
    responses((status = 200, body = ElevenLabsIntegration), (status = "4XX", body = ErrorBody)))]
#[put("/integrations/elevenlabs")]
pub async fn put_elevenlabs_integration(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsWrite>,
    body: web::Json<ElevenLabsKey>,
) -> Result<web::Json<ElevenLabsIntegration>, ApiError> {
    tenant_secrets::put(
        &state.db,
        &state.keyring,
        &a.ctx,
        "elevenlabs",
        &body.api_key,
    )
    .await?;
    Ok(web::Json(current(&state, a.ctx.tenant_id).await?))
}

/// Removes the acting tenant's ElevenLabs key.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[delete("/integrations/elevenlabs")]
pub async fn delete_elevenlabs_integration(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsWrite>,
) -> Result<HttpResponse, ApiError> {
    tenant_secrets::delete(&state.db, &a.ctx, "elevenlabs").await?;
    Ok(super::no_content())
}
