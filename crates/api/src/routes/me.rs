//! The signed-in principal: profile, reachable tenants, tenant switching.

use actix_session::Session;
use actix_web::{get, post, web};
use serde::{Deserialize, Serialize};
use switchboard_auth::sessions;
use switchboard_core::TenantCtx;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::dto::{PageQuery, TenantDto, TenantPage};
use crate::error::{ApiError, ErrorBody};
use crate::extract::SignedIn;
use crate::state::AppState;

/// The user part of `/me`.
#[derive(Serialize, ToSchema)]
pub struct MeUser {
    /// Id.
    pub id: Uuid,
    /// Email.
    pub email: String,
    /// Name.
    pub name: String,
    /// Whether the address is confirmed.
    pub email_verified: bool,
}

/// Who is signed in, acting on which tenant, with which rights.
#[derive(Serialize, ToSchema)]
pub struct MeDto {
    /// The person.
    pub user: MeUser,
    /// The tenant acted on.
    pub tenant: TenantDto,
    /// The tenant the person belongs to (differs while acting on a tenant below it).
    pub home_tenant_id: Uuid,
    /// Built-in role name or custom role name.
    pub role: String,
    /// Permission names held.
    pub permissions: Vec<String>,
    /// Send as `x-csrf-token` with every cookie-authenticated write.
    pub csrf_token: String,
    /// Whether the tenant switcher applies (platform staff, agency admins, several memberships).
    pub can_switch_tenant: bool,
    /// The acting tenant's effective branding (its own, else its agency's, else the platform's).
    pub branding: crate::dto::PublicBrandingDto,
}

pub(crate) async fn me_dto(
    state: &AppState,
    ctx: &TenantCtx,
    csrf: Option<String>,
) -> Result<MeDto, ApiError> {
    let p = state.auth.profile(ctx).await?;
    let branding = switchboard_tenancy::branding::effective(&state.db, ctx.tenant_id).await?;
    Ok(MeDto {
        user: MeUser {
            id: p.user.id,
            email: p.user.email,
            name: p.user.name,
            email_verified: p.user.email_verified_at.is_some(),
        },
        tenant: p.tenant.into(),
        home_tenant_id: ctx.home_tenant_id,
        role: p.role_label,
        permissions: ctx
            .permissions
            .iter()
            .map(|p| p.name().to_string())
            .collect(),
        csrf_token: csrf.unwrap_or_default(),
        can_switch_tenant: p.can_switch,
        branding: branding.into(),
    })
}

/// The signed-in user, tenant, role, permissions and CSRF token.
#[utoipa::path(tag = "me", security(("session" = [])), responses((status = 200, body = MeDto), (status = "4XX", body = ErrorBody)))]
#[get("/me")]
pub async fn get_me(
    state: web::Data<AppState>,
    who: SignedIn,
    session: Session,
) -> Result<web::Json<MeDto>, ApiError> {
    let csrf = session.get::<String>(sessions::CSRF_KEY).ok().flatten();
    Ok(web::Json(me_dto(&state, &who.ctx, csrf).await?))
}

/// Search over reachable tenants.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TenantSearch {
    /// Name contains.
    pub q: Option<String>,
}

/// Tenants the signed-in user may switch to.
#[utoipa::path(tag = "me", security(("session" = [])), params(TenantSearch, PageQuery),
    responses((status = 200, body = TenantPage), (status = "4XX", body = ErrorBody)))]
#[get("/me/tenants")]
pub async fn list_my_tenants(
    state: web::Data<AppState>,
    who: SignedIn,
    search: web::Query<TenantSearch>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<TenantPage>, ApiError> {
    let home = switchboard_tenancy::tenants::by_id(&state.db, who.ctx.home_tenant_id).await?;
    let can_below = who.ctx.role.is_some_and(switchboard_core::Role::acts_below);
    let page = if can_below {
        switchboard_tenancy::tenants::switchable(
            &state.db,
            &home,
            search.q.as_deref(),
            &page.params()?,
        )
        .await?
    } else {
        switchboard_core::Page {
            items: vec![home],
            next_cursor: None,
        }
    };
    Ok(web::Json(page.into()))
}

/// Which tenant to act on.
#[derive(Deserialize, ToSchema)]
pub struct SwitchTenant {
    /// Target tenant: your own, or one below it.
    pub tenant_id: Uuid,
}

/// Switches the session to another reachable tenant.
#[utoipa::path(tag = "me", security(("session" = [])), request_body = SwitchTenant,
    responses((status = 200, body = MeDto), (status = "4XX", body = ErrorBody)))]
#[post("/me/tenant")]
pub async fn switch_tenant(
    state: web::Data<AppState>,
    who: SignedIn,
    session: Session,
    body: web::Json<SwitchTenant>,
) -> Result<web::Json<MeDto>, ApiError> {
    let uid = who.ctx.user_id().ok_or_else(ApiError::unauthenticated)?;
    let ctx = state
        .auth
        .ctx_for_user(
            uid,
            Some(body.tenant_id),
            who.ctx.ip.clone(),
            who.ctx.user_agent.clone(),
        )
        .await?;
    session
        .insert(sessions::TENANT_KEY, ctx.tenant_id)
        .map_err(ApiError::internal)?;
    switchboard_platform::audit::record(
        &state.db,
        &ctx,
        "session.tenant_switched",
        "tenant",
        Some(ctx.tenant_id.to_string()),
        None,
    )
    .await?;
    let csrf = session.get::<String>(sessions::CSRF_KEY).ok().flatten();
    Ok(web::Json(me_dto(&state, &ctx, csrf).await?))
}
