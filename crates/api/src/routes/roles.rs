//! Permissions, built-in roles and custom role templates.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Serialize};
use switchboard_core::{Permission, Role};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dto::CustomRoleDto;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authed, Authorized, perm};
use crate::state::AppState;

/// A permission.
#[derive(Serialize, ToSchema)]
pub struct PermissionDto {
    /// Name, e.g. `agents:write`.
    pub name: String,
    /// What it allows.
    pub description: String,
    /// Area, for grouping.
    pub group: String,
}

/// Every permission there is.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])),
    responses((status = 200, body = Vec<PermissionDto>), (status = "4XX", body = ErrorBody)))]
#[get("/permissions")]
pub async fn list_permissions(_who: Authed) -> web::Json<Vec<PermissionDto>> {
    web::Json(
        Permission::ALL
            .iter()
            .map(|p| PermissionDto {
                name: p.name().into(),
                description: p.description().into(),
                group: p.group().into(),
            })
            .collect(),
    )
}

/// A built-in role.
#[derive(Serialize, ToSchema)]
pub struct BuiltinRoleDto {
    /// Name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Permissions.
    pub permissions: Vec<String>,
    /// Whether it can be given in the acting tenant.
    pub assignable: bool,
}

/// Built-in and custom roles.
#[derive(Serialize, ToSchema)]
pub struct RolesDto {
    /// Built-in roles.
    pub builtin: Vec<BuiltinRoleDto>,
    /// The acting tenant's custom roles.
    pub custom: Vec<CustomRoleDto>,
}

/// Built-in roles and the acting tenant's custom roles.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])),
    responses((status = 200, body = RolesDto), (status = "4XX", body = ErrorBody)))]
#[get("/roles")]
pub async fn list_roles(
    state: web::Data<AppState>,
    a: Authorized<perm::RolesRead>,
) -> Result<web::Json<RolesDto>, ApiError> {
    let assignable = switchboard_auth::roles::assignable(a.ctx.tenant_kind);
    let builtin = Role::ALL
        .iter()
        .map(|r| BuiltinRoleDto {
            name: r.name().into(),
            description: r.description().into(),
            permissions: r
                .permissions()
                .iter()
                .map(|p| p.name().to_string())
                .collect(),
            assignable: assignable.contains(r),
        })
        .collect();
    let custom = state
        .auth
        .list_roles(&a.ctx)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(web::Json(RolesDto { builtin, custom }))
}

/// A custom role.
#[derive(Deserialize, ToSchema)]
pub struct CreateRole {
    /// Name, unique in the tenant.
    pub name: String,
    /// Permission names; only ones you hold.
    pub permissions: Vec<String>,
}

/// Creates a custom role template.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])), request_body = CreateRole,
    responses((status = 201, body = CustomRoleDto), (status = "4XX", body = ErrorBody)))]
#[post("/roles")]
pub async fn create_role(
    state: web::Data<AppState>,
    a: Authorized<perm::RolesWrite>,
    body: web::Json<CreateRole>,
) -> Result<HttpResponse, ApiError> {
    let r = state
        .auth
        .create_role(&a.ctx, &body.name, &body.permissions)
        .await?;
    Ok(HttpResponse::Created().json(CustomRoleDto::from(r)))
}

/// One custom role.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Role id")),
    responses((status = 200, body = CustomRoleDto), (status = "4XX", body = ErrorBody)))]
#[get("/roles/{id}")]
pub async fn get_role(
    state: web::Data<AppState>,
    a: Authorized<perm::RolesRead>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CustomRoleDto>, ApiError> {
    Ok(web::Json(state.auth.get_role(&a.ctx, *id).await?.into()))
}

/// A change to a custom role.
#[derive(Deserialize, ToSchema, Default)]
pub struct UpdateRole {
    /// New name.
    pub name: Option<String>,
    /// New permission names (replaces the list).
    pub permissions: Option<Vec<String>>,
}

/// Renames a custom role or replaces its permissions; members holding it change at once.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Role id")),
    request_body = UpdateRole, responses((status = 200, body = CustomRoleDto), (status = "4XX", body = ErrorBody)))]
#[patch("/roles/{id}")]
pub async fn update_role(
    state: web::Data<AppState>,
    a: Authorized<perm::RolesWrite>,
    id: web::Path<Uuid>,
    body: web::Json<UpdateRole>,
) -> Result<web::Json<CustomRoleDto>, ApiError> {
    let r = state
        .auth
        .update_role(
            &a.ctx,
            *id,
            body.name.as_deref(),
            body.permissions.as_deref(),
        )
        .await?;
    Ok(web::Json(r.into()))
}

/// Deletes a custom role nobody holds.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Role id")),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[delete("/roles/{id}")]
pub async fn delete_role(
    state: web::Data<AppState>,
    a: Authorized<perm::RolesWrite>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    state.auth.delete_role(&a.ctx, *id).await?;
    Ok(super::no_content())
}
