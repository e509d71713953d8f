//! Platform administration: the email outbox.

use actix_web::{get, web};
use switchboard_platform::email;
use uuid::Uuid;

use crate::dto::{OutboxMessageDto, OutboxPage, PageQuery};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// Every email the platform sent or kept, newest first.
#[utoipa::path(tag = "admin", security(("session" = []), ("api_key" = [])), params(PageQuery),
    responses((status = 200, body = OutboxPage), (status = "4XX", body = ErrorBody)))]
#[get("/admin/outbox")]
pub async fn list_outbox(
    state: web::Data<AppState>,
    _a: Authorized<perm::SystemRead>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<OutboxPage>, ApiError> {
    Ok(web::Json(
        email::list(&state.db, &page.params()?).await?.into(),
    ))
}

/// One email with its body.
#[utoipa::path(tag = "admin", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Message id")),
    responses((status = 200, body = OutboxMessageDto), (status = "4XX", body = ErrorBody)))]
#[get("/admin/outbox/{id}")]
pub async fn get_outbox_message(
    state: web::Data<AppState>,
    _a: Authorized<perm::SystemRead>,
    id: web::Path<Uuid>,
) -> Result<web::Json<OutboxMessageDto>, ApiError> {
    Ok(web::Json(email::get(&state.db, *id).await?.into()))
}
