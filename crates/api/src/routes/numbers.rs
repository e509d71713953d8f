//! Phone numbers of the acting tenant: search a carrier, buy (a background job the UI follows),
//! assign to an agent, release.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use switchboard_telephony::carrier::{AvailableNumber, NumberSearch};
use switchboard_telephony::numbers::{self, NewNumber, Number};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::dto::PageQuery;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// A phone number.
#[derive(Serialize, ToSchema)]
pub struct NumberDto {
    /// Id.
    pub id: Uuid,
    /// `simulator` or `twilio`.
    pub carrier: String,
    /// E.164.
    pub phone_number: String,
    /// Label.
    pub friendly_name: String,
    /// ISO country.
    pub country: String,
    /// `provisioning`, `active`, `failed`, `releasing` or `released`.
    pub status: String,
    /// The agent answering its calls.
    pub agent_id: Option<Uuid>,
    /// Why buying (or releasing) failed.
    pub last_error: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Released.
    pub released_at: Option<DateTime<Utc>>,
}

impl From<Number> for NumberDto {
    fn from(n: Number) -> Self {
        Self {
            id: n.id,
            carrier: n.carrier,
            phone_number: n.e164,
            friendly_name: n.friendly_name,
            country: n.country,
            status: n.status,
            agent_id: n.agent_id,
            last_error: n.last_error,
            created_at: n.created_at,
            updated_at: n.updated_at,
            released_at: n.released_at,
        }
    }
}

/// Search input.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AvailableQuery {
    /// `simulator` (default) or `twilio`.
    pub carrier: Option<String>,
    /// ISO country code (default `US`).
    pub country: Option<String>,
    /// Area code.
    pub area_code: Option<String>,
    /// Digits the number contains.
    pub contains: Option<String>,
    /// At most this many (1–50, default 20).
    pub limit: Option<u32>,
}

/// Numbers for sale.
#[derive(Serialize, ToSchema)]
pub struct AvailableNumbers {
    /// Matches.
    pub items: Vec<AvailableNumber>,
}

/// Numbers a carrier offers.
#[utoipa::path(tag = "numbers", security(("session" = []), ("api_key" = [])), params(AvailableQuery),
    responses((status = 200, body = AvailableNumbers), (status = "4XX", body = ErrorBody)))]
#[get("/numbers/available")]
pub async fn search_numbers(
    state: web::Data<AppState>,
    a: Authorized<perm::NumbersWrite>,
    q: web::Query<AvailableQuery>,
) -> Result<web::Json<AvailableNumbers>, ApiError> {
    let q = q.into_inner();
    let carrier = q.carrier.unwrap_or_else(|| "simulator".into());
    let items = numbers::search(
        &state.db,
        &state.carriers,
        a.ctx.tenant_id,
        &carrier,
        &NumberSearch {
            country: q.country.unwrap_or_else(|| "US".into()),
            area_code: q.area_code.filter(|s| !s.trim().is_empty()),
            contains: q.contains.filter(|s| !s.trim().is_empty()),
            limit: q.limit,
        },
    )
    .await?;
    Ok(web::Json(AvailableNumbers { items }))
}

/// List filters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NumberFilter {
    /// Include released numbers.
    #[serde(default)]
    pub include_released: bool,
}

/// A page of numbers.
#[derive(Serialize, ToSchema)]
pub struct NumberPage {
    /// Numbers, newest first.
    pub items: Vec<NumberDto>,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
}

/// The acting tenant's numbers.
#[utoipa::path(tag = "numbers", security(("session" = []), ("api_key" = [])), params(NumberFilter, PageQuery),
    responses((status = 200, body = NumberPage), (status = "4XX", body = ErrorBody)))]
#[get("/numbers")]
pub async fn list_numbers(
    state: web::Data<AppState>,
    a: Authorized<perm::NumbersRead>,
    f: web::Query<NumberFilter>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<NumberPage>, ApiError> {
    let p = numbers::list(&state.db, &a.ctx, f.include_released, &page.params()?).await?;
    Ok(web::Json(NumberPage {
        items: p.items.into_iter().map(NumberDto::from).collect(),
        next_cursor: p.next_cursor,
    }))
}

/// Buys a number: answered at once with status `provisioning`; a background job buys it at the
/// carrier and routes it here (`active`), or records why it failed (`failed`, nothing held).
/// Follow it with `GET /numbers/{id}`.
#[utoipa::path(tag = "numbers", security(("session" = []), ("api_key" = [])), request_body = NewNumber,
    responses((status = 202, body = NumberDto), (status = "4XX", body = ErrorBody)))]
#[post("/numbers")]
pub async fn create_number(
    state: web::Data<AppState>,
    a: Authorized<perm::NumbersWrite>,
    body: web::Json<NewNumber>,
) -> Result<HttpResponse, ApiError> {
    let n = numbers::request(&state.db, &a.ctx, &body).await?;
    state.job_wake.notify_one();
    Ok(HttpResponse::Accepted().json(NumberDto::from(n)))
}

/// One number.
#[utoipa::path(tag = "numbers", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Number id")),
    responses((status = 200, body = NumberDto), (status = "4XX", body = ErrorBody)))]
#[get("/numbers/{id}")]
pub async fn get_number(
    state: web::Data<AppState>,
    a: Authorized<perm::NumbersRead>,
    id: web::Path<Uuid>,
) -> Result<web::Json<NumberDto>, ApiError> {
    Ok(web::Json(
        numbers::get(&state.db, &a.ctx, *id).await?.into(),
    ))
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Uuid>>, D::Error> {
    Option::<Uuid>::deserialize(d).map(Some)
}

/// A change to a number.
#[derive(Deserialize, ToSchema)]
pub struct NumberChange {
    /// The agent answering its calls; `null` unassigns; absent keeps it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    pub agent_id: Option<Option<Uuid>>,
    /// A new label.
    pub friendly_name: Option<String>,
}

/// Assigns the number to an agent (inbound calls go to it), reassigns, unassigns, or renames it.
#[utoipa::path(tag = "numbers", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Number id")),
    request_body = NumberChange, responses((status = 200, body = NumberDto), (status = "4XX", body = ErrorBody)))]
#[patch("/numbers/{id}")]
pub async fn update_number(
    state: web::Data<AppState>,
    a: Authorized<perm::NumbersWrite>,
    id: web::Path<Uuid>,
    body: web::Json<NumberChange>,
) -> Result<web::Json<NumberDto>, ApiError> {
    let body = body.into_inner();
    Ok(web::Json(
        numbers::update(&state.db, &a.ctx, *id, body.agent_id, body.friendly_name)
            .await?
            .into(),
    ))
}

/// Releases the number: an active one is given back to the carrier by a background job
/// (`releasing`, then `released`); a failed one is closed at once.
#[utoipa::path(tag = "numbers", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Number id")),
    responses((status = 202, body = NumberDto), (status = "4XX", body = ErrorBody)))]
#[delete("/numbers/{id}")]
pub async fn release_number(
    state: web::Data<AppState>,
    a: Authorized<perm::NumbersWrite>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let n = numbers::release(&state.db, &a.ctx, *id).await?;
    state.job_wake.notify_one();
    Ok(HttpResponse::Accepted().json(NumberDto::from(n)))
}
