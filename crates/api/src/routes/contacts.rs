//! Who is calling: lookup by phone number (for providers' conversation-initiation and tool calls,
//! with an API key) and the tenant's caller defaults used while no contact matches.

use actix_web::{get, put, web};
use serde::Deserialize;
use switchboard_telephony::contacts::{self, CallerDefaults, ContactLookup};
use utoipa::IntoParams;

use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// Lookup input.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    /// The caller's number; E.164 (`+14155550123`), or national with `region`.
    pub phone: String,
    /// ISO country code for national numbers (`US`, `AT`).
    pub region: Option<String>,
}

/// Looks a caller up by phone number: the contact's name and prompt variables, or the tenant's
/// caller defaults when no contact has the number.
#[utoipa::path(tag = "contacts", security(("session" = []), ("api_key" = [])), params(LookupQuery),
    responses((status = 200, body = ContactLookup), (status = "4XX", body = ErrorBody)))]
#[get("/contacts/lookup")]
pub async fn lookup_contact(
    state: web::Data<AppState>,
    a: Authorized<perm::ContactsRead>,
    q: web::Query<LookupQuery>,
) -> Result<web::Json<ContactLookup>, ApiError> {
    let phone = contacts::to_e164("phone", &q.phone, q.region.as_deref())?;
    Ok(web::Json(
        contacts::lookup(&state.db, a.ctx.tenant_id, &phone).await?,
    ))
}

/// The acting tenant's caller defaults.
#[utoipa::path(tag = "contacts", security(("session" = []), ("api_key" = [])),
    responses((status = 200, body = CallerDefaults), (status = "4XX", body = ErrorBody)))]
#[get("/contacts/defaults")]
pub async fn get_caller_defaults(
    state: web::Data<AppState>,
    a: Authorized<perm::ContactsRead>,
) -> Result<web::Json<CallerDefaults>, ApiError> {
    Ok(web::Json(
        contacts::defaults(&state.db, a.ctx.tenant_id).await?,
    ))
}

/// Replaces the acting tenant's caller defaults (name and prompt variables for unknown callers).
#[utoipa::path(tag = "contacts", security(("session" = []), ("api_key" = [])), request_body = CallerDefaults,
    responses((status = 200, body = CallerDefaults), (status = "4XX", body = ErrorBody)))]
#[put("/contacts/defaults")]
pub async fn put_caller_defaults(
    state: web::Data<AppState>,
    a: Authorized<perm::ContactsWrite>,
    body: web::Json<CallerDefaults>,
) -> Result<web::Json<CallerDefaults>, ApiError> {
    Ok(web::Json(
        contacts::set_defaults(&state.db, &a.ctx, &body).await?,
    ))
}
