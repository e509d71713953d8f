//! The acting tenant's own settings: name, plan and usage, branding, custom domains.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use serde::{Deserialize, Serialize};
use switchboard_tenancy::{branding, domains, plans, tenants};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dto::{BrandingDto, DomainDto, DomainPage, PageQuery, PlanDto, TenantDto};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// Current usage against the plan.
#[derive(Serialize, ToSchema)]
pub struct UsageDto {
    /// Members plus pending invitations.
    pub seats: u64,
    /// Direct sub-tenants.
    pub sub_tenants: u64,
}

/// The acting tenant with its plan and usage.
#[derive(Serialize, ToSchema)]
pub struct TenantSettingsDto {
    /// The tenant.
    #[serde(flatten)]
    pub tenant: TenantDto,
    /// Its plan.
    pub plan: PlanDto,
    /// Usage against the plan's quotas.
    pub usage: UsageDto,
}

async fn settings(state: &AppState, tenant_id: Uuid) -> Result<TenantSettingsDto, ApiError> {
    let t = tenants::by_id(&state.db, tenant_id).await?;
    let plan = plans::get(&state.db, t.plan_id).await?;
    let usage = UsageDto {
        seats: switchboard_auth::members::seats_used(&state.db, t.id).await?,
        sub_tenants: tenants::child_count(&state.db, t.id).await?,
    };
    Ok(TenantSettingsDto {
        tenant: t.into(),
        plan: plan.into(),
        usage,
    })
}

/// The acting tenant, its plan and usage.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])),
    responses((status = 200, body = TenantSettingsDto), (status = "4XX", body = ErrorBody)))]
#[get("/tenant")]
pub async fn get_current_tenant(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsRead>,
) -> Result<web::Json<TenantSettingsDto>, ApiError> {
    Ok(web::Json(settings(&state, a.ctx.tenant_id).await?))
}

/// A rename.
#[derive(Deserialize, ToSchema)]
pub struct UpdateCurrentTenant {
    /// New display name.
    pub name: String,
}

/// Renames the acting tenant.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])), request_body = UpdateCurrentTenant,
    responses((status = 200, body = TenantSettingsDto), (status = "4XX", body = ErrorBody)))]
#[patch("/tenant")]
pub async fn update_current_tenant(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsWrite>,
    body: web::Json<UpdateCurrentTenant>,
) -> Result<web::Json<TenantSettingsDto>, ApiError> {
    tenants::update(&state.db, &a.ctx, a.ctx.tenant_id, Some(&body.name), None).await?;
    Ok(web::Json(settings(&state, a.ctx.tenant_id).await?))
}

/// The acting tenant's own branding (null fields inherit).
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])),
    responses((status = 200, body = BrandingDto), (status = "4XX", body = ErrorBody)))]
#[get("/tenant/branding")]
pub async fn get_tenant_branding(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsRead>,
) -> Result<web::Json<BrandingDto>, ApiError> {
    Ok(web::Json(
        branding::get(&state.db, a.ctx.tenant_id).await?.into(),
    ))
}

/// Replaces the acting tenant's branding.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])), request_body = BrandingDto,
    responses((status = 200, body = BrandingDto), (status = "4XX", body = ErrorBody)))]
#[put("/tenant/branding")]
pub async fn put_tenant_branding(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsWrite>,
    body: web::Json<BrandingDto>,
) -> Result<web::Json<BrandingDto>, ApiError> {
    Ok(web::Json(
        branding::put(&state.db, &a.ctx, &body.into_inner().into())
            .await?
            .into(),
    ))
}

/// The acting tenant's custom domains.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])), params(PageQuery),
    responses((status = 200, body = DomainPage), (status = "4XX", body = ErrorBody)))]
#[get("/tenant/domains")]
pub async fn list_domains(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsRead>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<DomainPage>, ApiError> {
    Ok(web::Json(
        domains::list(&state.db, &a.ctx, &page.params()?)
            .await?
            .into(),
    ))
}

/// A domain to add.
#[derive(Deserialize, ToSchema)]
pub struct CreateDomain {
    /// Host name, e.g. `voice.example.com`.
    pub domain: String,
}

/// Adds a custom domain (unverified until confirmed).
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])), request_body = CreateDomain,
    responses((status = 201, body = DomainDto), (status = "4XX", body = ErrorBody)))]
#[post("/tenant/domains")]
pub async fn create_domain(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsWrite>,
    body: web::Json<CreateDomain>,
) -> Result<HttpResponse, ApiError> {
    let d = domains::add(&state.db, &a.ctx, &body.domain).await?;
    Ok(HttpResponse::Created().json(DomainDto::from(d)))
}

/// Removes a custom domain.
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Domain id")),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[delete("/tenant/domains/{id}")]
pub async fn delete_domain(
    state: web::Data<AppState>,
    a: Authorized<perm::SettingsWrite>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    domains::remove(&state.db, &a.ctx, *id).await?;
    Ok(super::no_content())
}

/// Marks a domain verified after checking its TXT record (platform staff acting on the tenant).
#[utoipa::path(tag = "settings", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Domain id")),
    responses((status = 200, body = DomainDto), (status = "4XX", body = ErrorBody)))]
#[post("/tenant/domains/{id}/verify")]
pub async fn verify_domain(
    state: web::Data<AppState>,
    a: Authorized<perm::SystemWrite>,
    id: web::Path<Uuid>,
) -> Result<web::Json<DomainDto>, ApiError> {
    Ok(web::Json(
        domains::mark_verified(&state.db, &a.ctx, *id).await?.into(),
    ))
}
