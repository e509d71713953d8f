//! Credits: balance, ledger, and adjustments by platform staff.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use switchboard_billing::ledger;
use switchboard_core::TenantKind;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dto::PageQuery;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// The acting tenant's credits.
#[derive(Serialize, ToSchema)]
pub struct CreditsDto {
    /// Credits left (1 credit = one started call minute). May go below zero when a finished call
    /// costs more than was left; new calls are refused at zero.
    pub balance: i64,
    /// True below the low-balance threshold.
    pub low_balance: bool,
    /// The threshold.
    pub low_balance_threshold: i64,
}

/// Balance and low-balance flag.
#[utoipa::path(tag = "billing", security(("session" = []), ("api_key" = [])),
    responses((status = 200, body = CreditsDto), (status = "4XX", body = ErrorBody)))]
#[get("/credits")]
pub async fn get_credits(
    state: web::Data<AppState>,
    a: Authorized<perm::BillingRead>,
) -> Result<web::Json<CreditsDto>, ApiError> {
    let balance = ledger::balance(&state.db, a.ctx.tenant_id).await?;
    Ok(web::Json(CreditsDto {
        balance,
        low_balance: balance < ledger::LOW_BALANCE,
        low_balance_threshold: ledger::LOW_BALANCE,
    }))
}

/// A ledger entry.
#[derive(Serialize, ToSchema)]
pub struct LedgerEntryDto {
    /// Id.
    pub id: Uuid,
    /// `bonus`, `purchase`, `usage`, `adjustment` or `refund`.
    pub entry_type: String,
    /// Credits added (negative: spent).
    pub amount: i64,
    /// Balance after this entry.
    pub balance_after: i64,
    /// What caused it (`signup:…`, `call:…`, `adjustment:…`); each source applies once.
    pub source_ref: String,
    /// Description or reason.
    pub description: String,
    /// Who made it (adjustments).
    pub created_by: Option<Uuid>,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<ledger::Entry> for LedgerEntryDto {
    fn from(e: ledger::Entry) -> Self {
        Self {
            id: e.id,
            entry_type: e.entry_type,
            amount: e.amount,
            balance_after: e.balance_after,
            source_ref: e.source_ref,
            description: e.description,
            created_by: e.created_by,
            created_at: e.created_at,
        }
    }
}

/// A page of ledger entries.
#[derive(Serialize, ToSchema)]
pub struct LedgerPage {
    /// Entries, newest first.
    pub items: Vec<LedgerEntryDto>,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
}

/// The acting tenant's credit ledger, newest first.
#[utoipa::path(tag = "billing", security(("session" = []), ("api_key" = [])), params(PageQuery),
    responses((status = 200, body = LedgerPage), (status = "4XX", body = ErrorBody)))]
#[get("/credits/ledger")]
pub async fn list_credit_ledger(
    state: web::Data<AppState>,
    a: Authorized<perm::BillingRead>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<LedgerPage>, ApiError> {
    let p = ledger::list(&state.db, &a.ctx, &page.params()?).await?;
    Ok(web::Json(LedgerPage {
        items: p.items.into_iter().map(Into::into).collect(),
        next_cursor: p.next_cursor,
    }))
}

/// A manual correction.
#[derive(Deserialize, ToSchema)]
pub struct CreditAdjustment {
    /// Tenant to adjust.
    pub tenant_id: Uuid,
    /// Credits to add (negative to remove).
    pub amount: i64,
    /// Why; shown in the tenant's ledger and the audit log.
    pub reason: String,
}

/// The adjustment's outcome.
#[derive(Serialize, ToSchema)]
pub struct AdjustmentResult {
    /// The ledger entry.
    pub entry: LedgerEntryDto,
    /// False when this Idempotency-Key was applied before (nothing changed).
    pub created: bool,
}

/// Adds or removes credits on a tenant with a reason (platform staff). Send an `Idempotency-Key`
/// header: a retried request with the same key applies once.
#[utoipa::path(tag = "billing", security(("session" = []), ("api_key" = [])), request_body = CreditAdjustment,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries apply once")),
    responses((status = 201, body = AdjustmentResult), (status = 200, body = AdjustmentResult, description = "Already applied"), (status = "4XX", body = ErrorBody)))]
#[post("/admin/credit-adjustments")]
pub async fn create_credit_adjustment(
    req: HttpRequest,
    state: web::Data<AppState>,
    a: Authorized<perm::SystemWrite>,
    body: web::Json<CreditAdjustment>,
) -> Result<HttpResponse, ApiError> {
    if a.ctx.tenant_kind != TenantKind::Platform {
        return Err(ApiError::forbidden(
            "switch to the platform tenant to adjust credits",
        ));
    }
    switchboard_tenancy::tenants::get_visible(&state.db, &a.ctx, body.tenant_id).await?;
    let key = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| !k.is_empty() && k.len() <= 200);
    let key = key
        .map(String::from)
        .unwrap_or_else(|| switchboard_core::new_id().to_string());
    let applied = ledger::adjust(
        &state.db,
        &a.ctx,
        body.tenant_id,
        body.amount,
        &body.reason,
        &format!("{}:{key}", body.tenant_id),
    )
    .await?;
    let status = if applied.created {
        actix_web::http::StatusCode::CREATED
    } else {
        actix_web::http::StatusCode::OK
    };
    Ok(HttpResponse::build(status).json(AdjustmentResult {
        entry: applied.entry.into(),
        created: applied.created,
    }))
}
