//! Team members of the acting tenant.

use actix_web::{HttpResponse, delete, get, patch, web};
use serde::Deserialize;
use switchboard_auth::members::MemberChange;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dto::{MemberDto, MemberPage, PageQuery};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// Members of the acting tenant.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])), params(PageQuery),
    responses((status = 200, body = MemberPage), (status = "4XX", body = ErrorBody)))]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    a: Authorized<perm::UsersRead>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<MemberPage>, ApiError> {
    Ok(web::Json(
        state
            .auth
            .list_members(&a.ctx, &page.params()?)
            .await?
            .into(),
    ))
}

/// One member, by user id.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, body = MemberDto), (status = "4XX", body = ErrorBody)))]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    a: Authorized<perm::UsersRead>,
    id: web::Path<Uuid>,
) -> Result<web::Json<MemberDto>, ApiError> {
    Ok(web::Json(state.auth.get_member(&a.ctx, *id).await?.into()))
}

/// A change to a member.
#[derive(Deserialize, ToSchema, Default)]
pub struct UpdateMember {
    /// New built-in role (`customer_admin`, `customer_user`, `agency_admin`, `platform_admin`, `support`,
    /// as the tenant's kind allows).
    pub role: Option<String>,
    /// New custom role instead of a built-in one.
    pub custom_role_id: Option<Uuid>,
    /// `active` or `suspended`; suspension ends the member's sessions at once.
    pub status: Option<String>,
}

/// Changes a member's role or status.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "User id")),
    request_body = UpdateMember, responses((status = 200, body = MemberDto), (status = "4XX", body = ErrorBody)))]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    a: Authorized<perm::UsersWrite>,
    id: web::Path<Uuid>,
    body: web::Json<UpdateMember>,
) -> Result<web::Json<MemberDto>, ApiError> {
    let b = body.into_inner();
    let change = MemberChange {
        role: b.role,
        custom_role_id: b.custom_role_id,
        status: b.status,
    };
    Ok(web::Json(
        state.auth.update_member(&a.ctx, *id, change).await?.into(),
    ))
}

/// Removes a member from the acting tenant (the account stays).
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "User id")),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[delete("/users/{id}")]
pub async fn delete_user(
    state: web::Data<AppState>,
    a: Authorized<perm::UsersWrite>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    state.auth.remove_member(&a.ctx, *id).await?;
    Ok(super::no_content())
}
