//! Registration, sign-in and out, email verification, password reset and change.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use switchboard_auth::{sessions, users::SignedIn as SignedInUser};
use utoipa::ToSchema;
use uuid::Uuid;

use super::me::{MeDto, me_dto};
use crate::error::{ApiError, ErrorBody};
use crate::extract::SignedIn;
use crate::state::AppState;

/// Registration.
#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// Organisation name; becomes the customer tenant.
    pub company_name: String,
    /// Your name.
    pub name: String,
    /// Your email; a verification link is sent to it.
    pub email: String,
    /// Password (8–128 characters, not a common one).
    pub password: String,
}

/// A new account.
#[derive(Serialize, ToSchema)]
pub struct Registered {
    /// The user.
    pub user_id: Uuid,
    /// The new customer tenant.
    pub tenant_id: Uuid,
    /// Where the verification link was sent.
    pub email: String,
}

/// Creates a customer tenant and its administrator, and emails a verification link.
#[utoipa::path(tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = Registered), (status = "4XX", body = ErrorBody)))]
#[post("/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    body: web::Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let (user, tenant_id) = state
        .auth
        .register(switchboard_auth::users::Registration {
            company_name: b.company_name,
            name: b.name,
            email: b.email,
            password: b.password,
        })
        .await?;
    Ok(HttpResponse::Created().json(Registered {
        user_id: user.id,
        tenant_id,
        email: user.email,
    }))
}

/// A token from an emailed link.
#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    /// The `token` query value of the link.
    pub token: String,
}

/// The confirmed address.
#[derive(Serialize, ToSchema)]
pub struct Verified {
    /// The address now confirmed.
    pub email: String,
}

/// Confirms an email address from the emailed link (single use).
#[utoipa::path(tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = Verified), (status = "4XX", body = ErrorBody)))]
#[post("/auth/verify-email")]
pub async fn verify_email(
    state: web::Data<AppState>,
    body: web::Json<TokenRequest>,
) -> Result<web::Json<Verified>, ApiError> {
    let user = state.auth.verify_email(&body.token).await?;
    Ok(web::Json(Verified { email: user.email }))
}

/// An email address.
#[derive(Deserialize, ToSchema)]
pub struct EmailRequest {
    /// The address.
    pub email: String,
}

/// Sends a new verification link (answers 202 whether or not the account exists).
#[utoipa::path(tag = "auth", request_body = EmailRequest, responses((status = 202), (status = "4XX", body = ErrorBody)))]
#[post("/auth/resend-verification")]
pub async fn resend_verification(
    state: web::Data<AppState>,
    body: web::Json<EmailRequest>,
) -> Result<HttpResponse, ApiError> {
    state.auth.resend_verification(&body.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sign-in.
#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    /// Email.
    pub email: String,
    /// Password.
    pub password: String,
}

/// Starts a fresh session (new id, new CSRF token) for a signed-in user.
pub(crate) async fn start_session(
    state: &AppState,
    session: &Session,
    signed: &SignedInUser,
) -> Result<MeDto, ApiError> {
    session.renew();
    let csrf = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    let put = |k: &str, v: serde_json::Value| session.insert(k, v).map_err(ApiError::internal);
    put(sessions::USER_KEY, serde_json::json!(signed.user.id))?;
    put(sessions::TENANT_KEY, serde_json::json!(signed.tenant_id))?;
    put(
        sessions::SIGNED_IN_KEY,
        serde_json::json!(switchboard_core::now().timestamp()),
    )?;
    put(sessions::CSRF_KEY, serde_json::json!(csrf))?;
    let ctx = state
        .auth
        .ctx_for_user(signed.user.id, Some(signed.tenant_id), None, None)
        .await?;
    me_dto(state, &ctx, Some(csrf)).await
}

/// Signs in with email and password; sets the session cookie. Throttled per account and IP.
#[utoipa::path(tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = MeDto), (status = "4XX", body = ErrorBody)))]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<LoginRequest>,
) -> Result<web::Json<MeDto>, ApiError> {
    let ip = if state.cfg.trust_proxy {
        req.connection_info().realip_remote_addr().map(String::from)
    } else {
        req.peer_addr().map(|a| a.ip().to_string())
    };
    let signed = state
        .auth
        .login(&body.email, &body.password, ip.as_deref())
        .await?;
    let mut ctx_for_audit = state
        .auth
        .ctx_for_user(signed.user.id, Some(signed.tenant_id), ip, None)
        .await?;
    ctx_for_audit.user_agent = req
        .headers()
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    switchboard_platform::audit::record(
        &state.db,
        &ctx_for_audit,
        "user.signed_in",
        "user",
        Some(signed.user.id.to_string()),
        None,
    )
    .await?;
    Ok(web::Json(start_session(&state, &session, &signed).await?))
}

/// Ends this session.
#[utoipa::path(tag = "auth", security(("session" = [])), responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[post("/auth/logout")]
pub async fn logout(session: Session) -> HttpResponse {
    session.purge();
    super::no_content()
}

/// Ends every session of the signed-in user, on every device.
#[utoipa::path(tag = "auth", security(("session" = [])), responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[post("/auth/logout-all")]
pub async fn logout_all(
    state: web::Data<AppState>,
    who: SignedIn,
    session: Session,
) -> Result<HttpResponse, ApiError> {
    let uid = who.ctx.user_id().ok_or_else(ApiError::unauthenticated)?;
    sessions::revoke_user(&state.db, uid).await?;
    switchboard_platform::audit::record(
        &state.db,
        &who.ctx,
        "user.signed_out_everywhere",
        "user",
        Some(uid.to_string()),
        None,
    )
    .await?;
    session.purge();
    Ok(super::no_content())
}

/// Emails a password-reset link (answers 202 whether or not the account exists).
#[utoipa::path(tag = "auth", request_body = EmailRequest, responses((status = 202), (status = "4XX", body = ErrorBody)))]
#[post("/auth/forgot-password")]
pub async fn forgot_password(
    state: web::Data<AppState>,
    body: web::Json<EmailRequest>,
) -> Result<HttpResponse, ApiError> {
    state.auth.forgot_password(&body.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// A new password with the emailed token.
#[derive(Deserialize, ToSchema)]
pub struct ResetRequest {
    /// The `token` of the reset link.
    pub token: String,
    /// New password.
    pub password: String,
}

/// Sets a new password from the emailed link (single use); ends every session of the account.
#[utoipa::path(tag = "auth", request_body = ResetRequest, responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[post("/auth/reset-password")]
pub async fn reset_password(
    state: web::Data<AppState>,
    body: web::Json<ResetRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .auth
        .reset_password(&body.token, &body.password)
        .await?;
    Ok(super::no_content())
}

/// A password change.
#[derive(Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    /// The current password.
    pub current_password: String,
    /// The new password.
    pub new_password: String,
}

/// Changes the signed-in user's password; other sessions end, this one continues.
#[utoipa::path(tag = "auth", security(("session" = [])), request_body = ChangePasswordRequest,
    responses((status = 200, body = MeDto), (status = "4XX", body = ErrorBody)))]
#[post("/auth/change-password")]
pub async fn change_password(
    state: web::Data<AppState>,
    who: SignedIn,
    session: Session,
    body: web::Json<ChangePasswordRequest>,
) -> Result<web::Json<MeDto>, ApiError> {
    state
        .auth
        .change_password(&who.ctx, &body.current_password, &body.new_password)
        .await?;
    let uid = who.ctx.user_id().ok_or_else(ApiError::unauthenticated)?;
    let user = switchboard_auth::users::by_id(&state.db, uid).await?;
    Ok(web::Json(
        start_session(
            &state,
            &session,
            &SignedInUser {
                user,
                tenant_id: who.ctx.tenant_id,
            },
        )
        .await?,
    ))
}
