//! Public endpoints read before sign-in: branding for the host, and first-run set-up.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::dto::PublicBrandingDto;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Branding for the host this request was sent to (subdomain or verified custom domain).
#[utoipa::path(tag = "public", responses((status = 200, body = PublicBrandingDto)))]
#[get("/branding")]
pub async fn get_branding(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<web::Json<PublicBrandingDto>, ApiError> {
    let host = req.connection_info().host().to_string();
    let b = switchboard_tenancy::branding::for_host(
        &state.db,
        &host,
        state.cfg.base_domain.as_deref(),
        state.platform_id,
    )
    .await?;
    Ok(web::Json(b.into()))
}

/// Whether first-run set-up is still needed.
#[derive(Serialize, ToSchema)]
pub struct SetupStatus {
    /// True until the first platform administrator exists.
    pub needs_setup: bool,
}

/// Reports whether the installation still needs its first administrator.
#[utoipa::path(tag = "public", responses((status = 200, body = SetupStatus)))]
#[get("/setup")]
pub async fn get_setup_status(
    state: web::Data<AppState>,
) -> Result<web::Json<SetupStatus>, ApiError> {
    Ok(web::Json(SetupStatus {
        needs_setup: !state.auth.has_platform_admin().await?,
    }))
}

/// The first administrator.
#[derive(Deserialize, ToSchema)]
pub struct SetupRequest {
    /// The one-time token from the set-up link printed at start.
    pub token: String,
    /// Administrator's email.
    pub email: String,
    /// Administrator's name.
    pub name: String,
    /// Password (8–128 characters, not a common one).
    pub password: String,
}

/// Creates the first platform administrator with the one-time set-up token.
#[utoipa::path(tag = "public", request_body = SetupRequest,
    responses((status = 201, description = "Administrator created; sign in next"), (status = "4XX", body = ErrorBody)))]
#[post("/setup")]
pub async fn complete_setup(
    state: web::Data<AppState>,
    body: web::Json<SetupRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .auth
        .complete_setup(&body.token, &body.email, &body.name, &body.password)
        .await?;
    Ok(HttpResponse::Created().finish())
}
