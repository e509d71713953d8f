//! Provider connections of the acting tenant (ElevenLabs): keys stored encrypted, shown masked.

use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use switchboard_db::entity::job;
use switchboard_platform::{jobs, tenant_secrets};
use switchboard_telephony::elevenlabs_sync::{self, SyncJob, SyncProgress, Trigger};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dto::PageQuery;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// One ElevenLabs sync run (a background job) with its progress.
#[derive(Serialize, ToSchema)]
pub struct SyncRun {
    /// Id.
    pub id: Uuid,
    /// Why it ran.
    pub trigger: Trigger,
    /// `queued`, `running`, `succeeded` or `failed`.
    pub status: String,
    /// Attempts so far (failed attempts are retried with back-off).
    pub attempts: i32,
    /// Attempts before it gives up.
    pub max_attempts: i32,
    /// Only conversations started after this time (none: the whole history).
    pub since: Option<DateTime<Utc>>,
    /// Counts so far.
    pub progress: SyncProgress,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was asked for.
    pub created_at: DateTime<Utc>,
    /// When the (next) attempt may start.
    pub run_at: DateTime<Utc>,
    /// When the last attempt started.
    pub started_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<job::Model> for SyncRun {
    fn from(j: job::Model) -> Self {
        let input: Option<SyncJob> = serde_json::from_str(&j.payload).ok();
        Self {
            id: j.id,
            trigger: input.as_ref().map(|i| i.trigger).unwrap_or(Trigger::Manual),
            since: input
                .and_then(|i| i.after_unix)
                .and_then(|t| DateTime::from_timestamp(t, 0)),
            status: j.status,
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            progress: j
                .progress
                .and_then(|p| serde_json::from_str(&p).ok())
                .unwrap_or_default(),
            last_error: j.last_error,
            created_at: j.created_at,
            run_at: j.run_at,
            started_at: j.started_at,
            finished_at: j.finished_at,
        }
    }
}

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
    /// Whether a key from above (the agency's or the platform's) is used when the tenant has none.
    pub platform_key_available: bool,
    /// Whose key requests use now (none: no key anywhere).
    pub key_source: Option<switchboard_agents::elevenlabs::KeySource>,
    /// The latest sync run.
    pub last_sync: Option<SyncRun>,
}

async fn current(
    state: &AppState,
    tenant_id: uuid::Uuid,
) -> Result<ElevenLabsIntegration, ApiError> {
    let s = tenant_secrets::status(&state.db, tenant_id, "elevenlabs").await?;
    let base = state.cfg.public_url.trim_end_matches('/');
    let key_source = state
        .elevenlabs
        .key_for(&state.db, tenant_id)
        .await
        .map_err(ApiError::internal)?
        .map(|(_, source)| source);
    // What the tenant would fall back to without its own key.
    let inherited = match tenants_parent(state, tenant_id).await? {
        Some(parent) => state
            .elevenlabs
            .key_for(&state.db, parent)
            .await
            .map_err(ApiError::internal)?,
        None => state
            .elevenlabs
            .platform_key
            .clone()
            .map(|k| (k, switchboard_agents::elevenlabs::KeySource::Platform)),
    };
    let last = jobs::list(
        &state.db,
        tenant_id,
        elevenlabs_sync::JOB_KIND,
        &switchboard_core::PageParams {
            limit: 1,
            after: None,
        },
    )
    .await?;
    Ok(ElevenLabsIntegration {
        configured: s.is_some(),
        key_hint: s.as_ref().map(|s| s.hint.clone()),
        updated_at: s.map(|s| s.updated_at),
        post_call_webhook_url: format!("{base}/webhooks/elevenlabs"),
        initiation_webhook_url: format!("{base}/webhooks/elevenlabs/initiation"),
        webhooks_enabled: state.elevenlabs_webhook_secret.is_some(),
        platform_key_available: inherited.is_some(),
        key_source,
        last_sync: last.items.into_iter().next().map(SyncRun::from),
    })
}

async fn tenants_parent(state: &AppState, tenant_id: Uuid) -> Result<Option<Uuid>, ApiError> {
    Ok(switchboard_tenancy::tenants::by_id(&state.db, tenant_id)
        .await?
        .parent_id)
}

/// The acting tenant's ElevenLabs connection. Customers without their own key use their agency's,
/// else the platform's (`key_source`); platform staff acting as the platform tenant store the
/// platform-wide key here.
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

/// Stores (or replaces) the acting tenant's ElevenLabs API key. When the tenant has agents on
/// ElevenLabs, a re-sync under the new key is queued: each agent is pushed (and re-created where
/// the new account does not know it) and the conversation history is pulled again.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])), request_body = ElevenLabsKey,
    responses((status = 200, body = ElevenLabsIntegration), (status = "4XX", body = ErrorBody)))]
#[put("/integrations/elevenlabs")]
pub async fn put_elevenlabs_integration(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsWrite>,
    body: web::Json<ElevenLabsKey>,
) -> Result<web::Json<ElevenLabsIntegration>, ApiError> {
    let key = body.api_key.trim();
    if key.len() < 8 || key.len() > 256 || key.chars().any(char::is_whitespace) {
        return Err(ApiError::field(
            "api_key",
            "an ElevenLabs API key is 8 to 256 characters without spaces",
        ));
    }
    let before = tenant_secrets::reveal(&state.db, &state.keyring, a.ctx.tenant_id, "elevenlabs")
        .await
        .ok()
        .flatten();
    tenant_secrets::put(&state.db, &state.keyring, &a.ctx, "elevenlabs", key).await?;
    if before.as_deref() != Some(key)
        && elevenlabs_sync::after_key_change(&state.db, a.ctx.tenant_id).await?
    {
        state.job_wake.notify_one();
    }
    Ok(web::Json(current(&state, a.ctx.tenant_id).await?))
}

/// Queues a sync of the acting tenant's ElevenLabs conversations (the whole history): calls and
/// recordings whose webhooks never arrived are filled in; nothing is applied twice. Joins a sync
/// already queued or running. Follow it with `GET .../sync-runs/{id}`.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])),
    responses((status = 202, body = SyncRun), (status = "4XX", body = ErrorBody)))]
#[post("/integrations/elevenlabs/sync")]
pub async fn sync_elevenlabs(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsWrite>,
) -> Result<HttpResponse, ApiError> {
    if let Err(why) = state
        .elevenlabs
        .client_for(&state.db, a.ctx.tenant_id)
        .await
    {
        return Err(ApiError::new(
            actix_web::http::StatusCode::CONFLICT,
            "not_configured",
            why,
        ));
    }
    let (job, _) =
        elevenlabs_sync::enqueue(&state.db, a.ctx.tenant_id, Trigger::Manual, None).await?;
    state.job_wake.notify_one();
    Ok(HttpResponse::Accepted().json(SyncRun::from(job)))
}

/// A page of sync runs.
#[derive(Serialize, ToSchema)]
pub struct SyncRunPage {
    /// Runs, newest first.
    pub items: Vec<SyncRun>,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
}

/// The acting tenant's ElevenLabs sync runs, newest first.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])), params(PageQuery),
    responses((status = 200, body = SyncRunPage), (status = "4XX", body = ErrorBody)))]
#[get("/integrations/elevenlabs/sync-runs")]
pub async fn list_elevenlabs_sync_runs(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsRead>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<SyncRunPage>, ApiError> {
    let p = jobs::list(
        &state.db,
        a.ctx.tenant_id,
        elevenlabs_sync::JOB_KIND,
        &page.params()?,
    )
    .await?;
    Ok(web::Json(SyncRunPage {
        items: p.items.into_iter().map(SyncRun::from).collect(),
        next_cursor: p.next_cursor,
    }))
}

/// One sync run with its progress.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])),
    responses((status = 200, body = SyncRun), (status = "4XX", body = ErrorBody)))]
#[get("/integrations/elevenlabs/sync-runs/{id}")]
pub async fn get_elevenlabs_sync_run(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsRead>,
    id: web::Path<Uuid>,
) -> Result<web::Json<SyncRun>, ApiError> {
    let j = jobs::get(&state.db, a.ctx.tenant_id, *id).await?;
    if j.kind != elevenlabs_sync::JOB_KIND {
        return Err(ApiError::new(
            actix_web::http::StatusCode::NOT_FOUND,
            "not_found",
            "no such sync run",
        ));
    }
    Ok(web::Json(SyncRun::from(j)))
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

/// The Twilio connection.
#[derive(Serialize, ToSchema)]
pub struct TwilioIntegration {
    /// Whether this tenant stored its own account.
    pub configured: bool,
    /// The account SID in use (this tenant's own), shown in full.
    pub account_sid: Option<String>,
    /// The auth token, masked.
    pub token_hint: Option<String>,
    /// When it was last set.
    pub updated_at: Option<DateTime<Utc>>,
    /// Whose account numbers and calls use now (none: only the simulator is available).
    pub key_source: Option<switchboard_platform::tenant_secrets::KeySource>,
    /// Twilio numbers bought here are pointed at this voice webhook.
    pub voice_webhook_url: String,
    /// ... and this status callback.
    pub status_webhook_url: String,
}

async fn twilio_current(state: &AppState, tenant_id: Uuid) -> Result<TwilioIntegration, ApiError> {
    let s = tenant_secrets::status(&state.db, tenant_id, "twilio").await?;
    let own = if s.is_some() {
        tenant_secrets::reveal(&state.db, &state.keyring, tenant_id, "twilio")
            .await?
            .and_then(|v| v.split_once(':').map(|(sid, _)| sid.to_string()))
    } else {
        None
    };
    let source = state
        .carriers
        .twilio_credentials(&state.db, tenant_id)
        .await?
        .map(|(_, _, source)| source);
    let hooks = state.carriers.hooks();
    Ok(TwilioIntegration {
        configured: s.is_some(),
        account_sid: own,
        token_hint: s.as_ref().map(|s| s.hint.clone()),
        updated_at: s.map(|s| s.updated_at),
        key_source: source,
        voice_webhook_url: hooks.voice_url,
        status_webhook_url: hooks.status_url,
    })
}

/// The acting tenant's Twilio connection (its own account, else its agency's or the platform's).
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])),
    responses((status = 200, body = TwilioIntegration), (status = "4XX", body = ErrorBody)))]
#[get("/integrations/twilio")]
pub async fn get_twilio_integration(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsRead>,
) -> Result<web::Json<TwilioIntegration>, ApiError> {
    Ok(web::Json(twilio_current(&state, a.ctx.tenant_id).await?))
}

/// A Twilio account to store.
#[derive(Deserialize, ToSchema)]
pub struct TwilioCredentials {
    /// `AC` followed by 32 hexadecimal characters.
    pub account_sid: String,
    /// The account's auth token (stored encrypted, never shown again).
    pub auth_token: String,
}

/// Stores (or replaces) the acting tenant's Twilio account.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])), request_body = TwilioCredentials,
    responses((status = 200, body = TwilioIntegration), (status = "4XX", body = ErrorBody)))]
#[put("/integrations/twilio")]
pub async fn put_twilio_integration(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsWrite>,
    body: web::Json<TwilioCredentials>,
) -> Result<web::Json<TwilioIntegration>, ApiError> {
    let sid = body.account_sid.trim();
    if !(sid.len() == 34
        && sid.starts_with("AC")
        && sid[2..].chars().all(|c| c.is_ascii_hexdigit()))
    {
        return Err(ApiError::field(
            "account_sid",
            "a Twilio account SID is AC followed by 32 hexadecimal characters",
        ));
    }
    let token = body.auth_token.trim();
    if token.len() < 16 || token.len() > 128 || !token.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ApiError::field(
            "auth_token",
            "a Twilio auth token is 16 to 128 letters and digits",
        ));
    }
    tenant_secrets::put(
        &state.db,
        &state.keyring,
        &a.ctx,
        "twilio",
        &format!("{sid}:{token}"),
    )
    .await?;
    Ok(web::Json(twilio_current(&state, a.ctx.tenant_id).await?))
}

/// Removes the acting tenant's Twilio account.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[delete("/integrations/twilio")]
pub async fn delete_twilio_integration(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsWrite>,
) -> Result<HttpResponse, ApiError> {
    tenant_secrets::delete(&state.db, &a.ctx, "twilio").await?;
    Ok(super::no_content())
}
