//! Plans and their quotas.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use switchboard_tenancy::plans;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dto::{PlanDto, QuotasDto};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// Every plan.
#[utoipa::path(tag = "tenants", security(("session" = []), ("api_key" = [])),
    responses((status = 200, body = Vec<PlanDto>), (status = "4XX", body = ErrorBody)))]
#[get("/plans")]
pub async fn list_plans(
    state: web::Data<AppState>,
    _a: Authorized<perm::PlansRead>,
) -> Result<web::Json<Vec<PlanDto>>, ApiError> {
    Ok(web::Json(
        plans::list(&state.db)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// A plan to create.
#[derive(Deserialize, ToSchema)]
pub struct CreatePlan {
    /// Stable code: 2–40 of a-z, 0-9, `_`, `-`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Limits; -1 for unlimited.
    pub quotas: QuotasDto,
}

/// Creates a custom plan (platform).
#[utoipa::path(tag = "tenants", security(("session" = []), ("api_key" = [])), request_body = CreatePlan,
    responses((status = 201, body = PlanDto), (status = "4XX", body = ErrorBody)))]
#[post("/plans")]
pub async fn create_plan(
    state: web::Data<AppState>,
    a: Authorized<perm::PlansWrite>,
    body: web::Json<CreatePlan>,
) -> Result<HttpResponse, ApiError> {
    let p = plans::create(
        &state.db,
        &a.ctx,
        &body.code,
        &body.name,
        body.quotas.into(),
    )
    .await?;
    Ok(HttpResponse::Created().json(PlanDto::from(p)))
}

/// A change to a plan.
#[derive(Deserialize, ToSchema)]
pub struct UpdatePlan {
    /// New name.
    pub name: Option<String>,
    /// New limits (all of them).
    pub quotas: Option<QuotasDto>,
}

/// Changes a plan's name or limits (platform); tenants on it follow at once.
#[utoipa::path(tag = "tenants", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Plan id")),
    request_body = UpdatePlan, responses((status = 200, body = PlanDto), (status = "4XX", body = ErrorBody)))]
#[patch("/plans/{id}")]
pub async fn update_plan(
    state: web::Data<AppState>,
    a: Authorized<perm::PlansWrite>,
    id: web::Path<Uuid>,
    body: web::Json<UpdatePlan>,
) -> Result<web::Json<PlanDto>, ApiError> {
    let p = plans::update(
        &state.db,
        &a.ctx,
        *id,
        body.name.as_deref(),
        body.quotas.map(Into::into),
    )
    .await?;
    Ok(web::Json(p.into()))
}
