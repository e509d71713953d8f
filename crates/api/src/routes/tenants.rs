//! Sub-tenants: agencies and customers below the acting tenant.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use switchboard_core::TenantKind;
use switchboard_tenancy::tenants::{self, Filter, NewTenant};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::dto::{PageQuery, TenantDto, TenantPage};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// Filters for the tenant list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TenantFilter {
    /// Name contains (case-insensitive).
    pub q: Option<String>,
    /// `agency` or `customer`.
    pub kind: Option<String>,
    /// `active` or `suspended`.
    pub status: Option<String>,
    /// Direct children of this tenant.
    pub parent_id: Option<Uuid>,
}

/// Tenants below the acting one (all of them for the platform).
#[utoipa::path(tag = "tenants", security(("session" = []), ("api_key" = [])), params(TenantFilter, PageQuery),
    responses((status = 200, body = TenantPage), (status = "4XX", body = ErrorBody)))]
#[get("/tenants")]
pub async fn list_tenants(
    state: web::Data<AppState>,
    a: Authorized<perm::TenantsRead>,
    f: web::Query<TenantFilter>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<TenantPage>, ApiError> {
    let kind = match f.kind.as_deref() {
        None | Some("") => None,
        Some(k) => Some(
            TenantKind::parse(k)
                .ok_or_else(|| ApiError::field("kind", "must be platform, agency or customer"))?,
        ),
    };
    let filter = Filter {
        q: f.q.clone(),
        kind,
        status: f.status.clone(),
        parent_id: f.parent_id,
    };
    Ok(web::Json(
        tenants::list(&state.db, &a.ctx, &filter, &page.params()?)
            .await?
            .into(),
    ))
}

/// A tenant to create.
#[derive(Deserialize, ToSchema)]
pub struct CreateTenant {
    /// Display name.
    pub name: String,
    /// `agency` (platform only) or `customer`.
    pub kind: String,
    /// Owner: the acting tenant by default; the platform may name one of its agencies.
    pub parent_id: Option<Uuid>,
    /// Plan code (default `starter`).
    pub plan_code: Option<String>,
}

/// Creates an agency or a customer below the acting tenant.
#[utoipa::path(tag = "tenants", security(("session" = []), ("api_key" = [])), request_body = CreateTenant,
    responses((status = 201, body = TenantDto), (status = "4XX", body = ErrorBody)))]
#[post("/tenants")]
pub async fn create_tenant(
    state: web::Data<AppState>,
    a: Authorized<perm::TenantsWrite>,
    body: web::Json<CreateTenant>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let kind = TenantKind::parse(&b.kind)
        .ok_or_else(|| ApiError::field("kind", "must be agency or customer"))?;
    let t = tenants::create(
        &state.db,
        &a.ctx,
        NewTenant {
            name: b.name,
            kind,
            parent_id: b.parent_id,
            plan_code: b.plan_code,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(TenantDto::from(t)))
}

/// One tenant (itself or below).
#[utoipa::path(tag = "tenants", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Tenant id")),
    responses((status = 200, body = TenantDto), (status = "4XX", body = ErrorBody)))]
#[get("/tenants/{id}")]
pub async fn get_tenant(
    state: web::Data<AppState>,
    a: Authorized<perm::TenantsRead>,
    id: web::Path<Uuid>,
) -> Result<web::Json<TenantDto>, ApiError> {
    Ok(web::Json(
        tenants::get_visible(&state.db, &a.ctx, *id).await?.into(),
    ))
}

/// A change to a tenant.
#[derive(Deserialize, ToSchema, Default)]
pub struct UpdateTenant {
    /// New name.
    pub name: Option<String>,
    /// New plan code.
    pub plan_code: Option<String>,
}

/// Renames a tenant below the acting one or changes its plan.
#[utoipa::path(tag = "tenants", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Tenant id")),
    request_body = UpdateTenant, responses((status = 200, body = TenantDto), (status = "4XX", body = ErrorBody)))]
#[patch("/tenants/{id}")]
pub async fn update_tenant(
    state: web::Data<AppState>,
    a: Authorized<perm::TenantsWrite>,
    id: web::Path<Uuid>,
    body: web::Json<UpdateTenant>,
) -> Result<web::Json<TenantDto>, ApiError> {
    let t = tenants::update(
        &state.db,
        &a.ctx,
        *id,
        body.name.as_deref(),
        body.plan_code.as_deref(),
    )
    .await?;
    Ok(web::Json(t.into()))
}

/// Suspends a tenant: its members' sessions end and its keys stop working.
#[utoipa::path(tag = "tenants", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Tenant id")),
    responses((status = 200, body = TenantDto), (status = "4XX", body = ErrorBody)))]
#[post("/tenants/{id}/suspend")]
pub async fn suspend_tenant(
    state: web::Data<AppState>,
    a: Authorized<perm::TenantsWrite>,
    id: web::Path<Uuid>,
) -> Result<web::Json<TenantDto>, ApiError> {
    Ok(web::Json(
        state
            .auth
            .set_tenant_status(&a.ctx, *id, tenants::SUSPENDED)
            .await?
            .into(),
    ))
}

/// Reactivates a suspended tenant.
#[utoipa::path(tag = "tenants", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Tenant id")),
    responses((status = 200, body = TenantDto), (status = "4XX", body = ErrorBody)))]
#[post("/tenants/{id}/reactivate")]
pub async fn reactivate_tenant(
    state: web::Data<AppState>,
    a: Authorized<perm::TenantsWrite>,
    id: web::Path<Uuid>,
) -> Result<web::Json<TenantDto>, ApiError> {
    Ok(web::Json(
        state
            .auth
            .set_tenant_status(&a.ctx, *id, tenants::ACTIVE)
            .await?
            .into(),
    ))
}

/// Deletes a tenant (soft: data is kept, the tenant disappears and its sessions end).
#[utoipa::path(tag = "tenants", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Tenant id")),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[delete("/tenants/{id}")]
pub async fn delete_tenant(
    state: web::Data<AppState>,
    a: Authorized<perm::TenantsWrite>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    state
        .auth
        .set_tenant_status(&a.ctx, *id, tenants::DELETED)
        .await?;
    Ok(super::no_content())
}
