//! Health endpoints for load balancers and operators.

use actix_web::{HttpRequest, get, web};
use serde::Serialize;
use switchboard_core::Permission;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::extract::Authed;
use crate::state::AppState;

/// Liveness.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the process answers.
    pub status: String,
}

/// Readiness and process facts.
#[derive(Serialize, ToSchema)]
pub struct DetailedHealth {
    /// `ok` or `degraded`.
    pub status: String,
    /// `ok` or the failure.
    pub database: String,
    /// `sqlite` or `postgres`.
    pub database_backend: String,
    /// Database round-trip in milliseconds.
    pub database_latency_ms: f64,
    /// Build version.
    pub version: String,
    /// Seconds since start.
    pub uptime_seconds: u64,
    /// Resident memory of the process in bytes (Linux), if known.
    pub memory_rss_bytes: Option<u64>,
    /// Whether email is delivered over SMTP (else kept in the outbox).
    pub email_delivery: bool,
}

/// Liveness for load balancers (public).
#[utoipa::path(tag = "health", responses((status = 200, body = Health)))]
#[get("/health")]
pub async fn health() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".into(),
    })
}

fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Detailed health: platform admins, or `Authorization: Bearer <internal token>`.
#[utoipa::path(tag = "health", security(("session" = []), ("internal_token" = [])),
    responses((status = 200, body = DetailedHealth), (status = "4XX", body = crate::error::ErrorBody)))]
#[get("/health/detailed")]
pub async fn health_detailed(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Option<Authed>,
) -> Result<web::Json<DetailedHealth>, ApiError> {
    let token_ok = state.cfg.internal_token.as_deref().is_some_and(|t| {
        req.headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            == Some(format!("Bearer {t}").as_str())
    });
    let admin_ok = who
        .as_ref()
        .is_some_and(|w| w.ctx.can(Permission::SystemRead));
    if !token_ok && !admin_ok {
        return Err(if who.is_some() {
            ApiError::forbidden("this needs the system:read permission")
        } else {
            ApiError::unauthenticated()
        });
    }
    let started = std::time::Instant::now();
    let db = state.db.ping().await;
    let latency = started.elapsed().as_secs_f64() * 1000.0;
    Ok(web::Json(DetailedHealth {
        status: if db.is_ok() { "ok" } else { "degraded" }.into(),
        database: db
            .map(|_| "ok".to_string())
            .unwrap_or_else(|e| e.to_string()),
        database_backend: format!("{:?}", switchboard_db::backend(&state.db)).to_lowercase(),
        database_latency_ms: (latency * 100.0).round() / 100.0,
        version: env!("CARGO_PKG_VERSION").into(),
        uptime_seconds: state.started.elapsed().as_secs(),
        memory_rss_bytes: rss_bytes(),
        email_delivery: state.auth.mailer.delivers(),
    }))
}
