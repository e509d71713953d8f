//! API keys of the acting tenant.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dto::{ApiKeyDto, ApiKeyPage, PageQuery};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// The acting tenant's API keys.
#[utoipa::path(tag = "api_keys", security(("session" = []), ("api_key" = [])), params(PageQuery),
    responses((status = 200, body = ApiKeyPage), (status = "4XX", body = ErrorBody)))]
#[get("/api-keys")]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    a: Authorized<perm::ApiKeysRead>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<ApiKeyPage>, ApiError> {
    Ok(web::Json(
        state
            .auth
            .list_api_keys(&a.ctx, &page.params()?)
            .await?
            .into(),
    ))
}

/// A key to create.
#[derive(Deserialize, ToSchema)]
pub struct CreateApiKey {
    /// Label.
    pub name: String,
    /// Permission names the key holds (only ones you hold).
    pub scopes: Vec<String>,
    /// Optional expiry (UTC, RFC 3339).
    pub expires_at: Option<DateTime<Utc>>,
}

/// A new key with its secret.
#[derive(Serialize, ToSchema)]
pub struct CreatedApiKey {
    /// The key.
    pub api_key: ApiKeyDto,
    /// The full key: send as `Authorization: Bearer <secret>`. Shown only now.
    pub secret: String,
}

/// Creates a key; its secret is in this answer only.
#[utoipa::path(tag = "api_keys", security(("session" = []), ("api_key" = [])), request_body = CreateApiKey,
    responses((status = 201, body = CreatedApiKey), (status = "4XX", body = ErrorBody)))]
#[post("/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    a: Authorized<perm::ApiKeysWrite>,
    body: web::Json<CreateApiKey>,
) -> Result<HttpResponse, ApiError> {
    let (key, secret) = state
        .auth
        .create_api_key(&a.ctx, &body.name, &body.scopes, body.expires_at)
        .await?;
    Ok(HttpResponse::Created().json(CreatedApiKey {
        api_key: key.into(),
        secret,
    }))
}

/// One key.
#[utoipa::path(tag = "api_keys", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Key id")),
    responses((status = 200, body = ApiKeyDto), (status = "4XX", body = ErrorBody)))]
#[get("/api-keys/{id}")]
pub async fn get_api_key(
    state: web::Data<AppState>,
    a: Authorized<perm::ApiKeysRead>,
    id: web::Path<Uuid>,
) -> Result<web::Json<ApiKeyDto>, ApiError> {
    Ok(web::Json(state.auth.get_api_key(&a.ctx, *id).await?.into()))
}

/// Revokes a key; it stops working at once.
#[utoipa::path(tag = "api_keys", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Key id")),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[delete("/api-keys/{id}")]
pub async fn delete_api_key(
    state: web::Data<AppState>,
    a: Authorized<perm::ApiKeysWrite>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    state.auth.revoke_api_key(&a.ctx, *id).await?;
    Ok(super::no_content())
}
