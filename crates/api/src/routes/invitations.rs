//! Invitations to the acting tenant, and the public accept flow.

use actix_session::Session;
use actix_web::{HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::auth::start_session;
use super::me::MeDto;
use crate::dto::{InvitationDto, InvitationPage, PageQuery};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// Invitations of the acting tenant.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])), params(PageQuery),
    responses((status = 200, body = InvitationPage), (status = "4XX", body = ErrorBody)))]
#[get("/invitations")]
pub async fn list_invitations(
    state: web::Data<AppState>,
    a: Authorized<perm::InvitationsRead>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<InvitationPage>, ApiError> {
    Ok(web::Json(
        state
            .auth
            .list_invitations(&a.ctx, &page.params()?)
            .await?
            .into(),
    ))
}

/// An invitation to send.
#[derive(Deserialize, ToSchema)]
pub struct CreateInvitation {
    /// Address to invite.
    pub email: String,
    /// Built-in role to give.
    pub role: Option<String>,
    /// Custom role to give instead.
    pub custom_role_id: Option<Uuid>,
}

/// Invites someone by email; counts against the plan's seats.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])), request_body = CreateInvitation,
    responses((status = 201, body = InvitationDto), (status = "4XX", body = ErrorBody)))]
#[post("/invitations")]
pub async fn create_invitation(
    state: web::Data<AppState>,
    a: Authorized<perm::InvitationsWrite>,
    body: web::Json<CreateInvitation>,
) -> Result<HttpResponse, ApiError> {
    let inv = state
        .auth
        .invite(
            &a.ctx,
            &body.email,
            body.role.as_deref(),
            body.custom_role_id,
        )
        .await?;
    Ok(HttpResponse::Created().json(InvitationDto::from(inv)))
}

/// Revokes an open invitation.
#[utoipa::path(tag = "team", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Invitation id")),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[delete("/invitations/{id}")]
pub async fn delete_invitation(
    state: web::Data<AppState>,
    a: Authorized<perm::InvitationsWrite>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    state.auth.revoke_invitation(&a.ctx, *id).await?;
    Ok(super::no_content())
}

/// The invitation token.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvitationToken {
    /// The `token` of the invitation link.
    pub token: String,
}

/// What the accept page shows.
#[derive(Serialize, ToSchema)]
pub struct InvitationLookup {
    /// Inviting tenant.
    pub tenant_name: String,
    /// Invited address.
    pub email: String,
    /// Role given on acceptance.
    pub role: String,
    /// Whether an account exists for the address (then its password is asked instead of a new one).
    pub user_exists: bool,
}

/// Looks up an invitation by its token (public).
#[utoipa::path(tag = "team", params(InvitationToken),
    responses((status = 200, body = InvitationLookup), (status = "4XX", body = ErrorBody)))]
#[get("/invitations/lookup")]
pub async fn lookup_invitation(
    state: web::Data<AppState>,
    q: web::Query<InvitationToken>,
) -> Result<web::Json<InvitationLookup>, ApiError> {
    let l = state.auth.lookup_invitation(&q.token).await?;
    Ok(web::Json(InvitationLookup {
        tenant_name: l.tenant_name,
        email: l.invitation.email,
        role: l.role_label,
        user_exists: l.user_exists,
    }))
}

/// Acceptance.
#[derive(Deserialize, ToSchema)]
pub struct AcceptInvitation {
    /// The `token` of the invitation link.
    pub token: String,
    /// Your name (new accounts).
    pub name: Option<String>,
    /// A new password, or your existing account's password.
    pub password: String,
}

/// Accepts an invitation (public): creates or links the account and signs in.
#[utoipa::path(tag = "team", request_body = AcceptInvitation,
    responses((status = 200, body = MeDto), (status = "4XX", body = ErrorBody)))]
#[post("/invitations/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<AcceptInvitation>,
) -> Result<web::Json<MeDto>, ApiError> {
    let signed = state
        .auth
        .accept_invitation(&body.token, body.name.as_deref(), &body.password)
        .await?;
    Ok(web::Json(start_session(&state, &session, &signed).await?))
}
