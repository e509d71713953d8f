//! The audit log, per tenant and platform-wide.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use switchboard_core::TenantKind;
use switchboard_platform::audit::{self, Filter};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::dto::{AuditPage, PageQuery};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// Audit filters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Exact action (`user.invited`) or a prefix ending in a dot (`user.`).
    pub action: Option<String>,
    /// Resource type (`user`, `api_key`, `tenant`, ...).
    pub resource_type: Option<String>,
    /// Actor (user or key) id.
    pub actor_id: Option<Uuid>,
    /// From (inclusive), RFC 3339.
    pub from: Option<DateTime<Utc>>,
    /// To (exclusive), RFC 3339.
    pub to: Option<DateTime<Utc>>,
    /// Platform-wide log only: one tenant.
    pub tenant_id: Option<Uuid>,
}

impl AuditFilter {
    fn to_filter(&self, tenant_id: Option<Uuid>) -> Filter {
        Filter {
            tenant_id,
            action: self.action.clone(),
            resource_type: self.resource_type.clone(),
            actor_id: self.actor_id,
            from: self.from,
            to: self.to,
        }
    }
}

/// The acting tenant's audit log, newest first.
#[utoipa::path(tag = "audit", security(("session" = []), ("api_key" = [])), params(AuditFilter, PageQuery),
    responses((status = 200, body = AuditPage), (status = "4XX", body = ErrorBody)))]
#[get("/audit-log")]
pub async fn list_audit_log(
    state: web::Data<AppState>,
    a: Authorized<perm::AuditRead>,
    f: web::Query<AuditFilter>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<AuditPage>, ApiError> {
    let filter = f.to_filter(Some(a.ctx.tenant_id));
    Ok(web::Json(
        audit::list(&state.db, &filter, &page.params()?)
            .await?
            .into(),
    ))
}

/// The whole platform's audit log (platform staff on the platform tenant).
#[utoipa::path(tag = "audit", security(("session" = []), ("api_key" = [])), params(AuditFilter, PageQuery),
    responses((status = 200, body = AuditPage), (status = "4XX", body = ErrorBody)))]
#[get("/admin/audit-log")]
pub async fn list_platform_audit_log(
    state: web::Data<AppState>,
    a: Authorized<perm::SystemRead>,
    f: web::Query<AuditFilter>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<AuditPage>, ApiError> {
    if a.ctx.tenant_kind != TenantKind::Platform {
        return Err(ApiError::forbidden(
            "switch to the platform tenant to read the platform-wide log",
        ));
    }
    let filter = f.to_filter(f.tenant_id);
    Ok(web::Json(
        audit::list(&state.db, &filter, &page.params()?)
            .await?
            .into(),
    ))
}
