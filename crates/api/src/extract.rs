//! Extractors: the authenticated principal, and permission-typed access so that a handler
//! declares the permission it needs in its signature and cannot forget it.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use switchboard_core::{Permission, TenantCtx};

use crate::error::ApiError;
use crate::middleware::{PrincipalSlot, Via};
use crate::state::AppState;

/// A permission known at compile time.
pub trait Perm {
    /// The permission.
    const P: Permission;
}

/// Permission marker types, one per permission.
pub mod perm {
    use super::{Perm, Permission};
    macro_rules! markers {
        ($($name:ident),+) => {$(
            #[doc = concat!("Marker for `Permission::", stringify!($name), "`.")]
            pub struct $name;
            impl Perm for $name { const P: Permission = Permission::$name; }
        )+};
    }
    markers!(
        TenantsRead,
        TenantsWrite,
        PlansRead,
        PlansWrite,
        SettingsRead,
        SettingsWrite,
        UsersRead,
        UsersWrite,
        RolesRead,
        RolesWrite,
        InvitationsRead,
        InvitationsWrite,
        ApiKeysRead,
        ApiKeysWrite,
        AuditRead,
        SystemRead,
        SystemWrite,
        AgentsRead,
        AgentsWrite,
        BillingRead,
        CallsRead,
        CallsWrite,
        ContactsRead,
        ContactsWrite,
        NumbersRead,
        NumbersWrite
    );
}

fn slot(req: &HttpRequest) -> Result<(TenantCtx, Via), ApiError> {
    match req.extensions().get::<PrincipalSlot>() {
        Some(PrincipalSlot(r)) => r.clone(),
        None => Err(ApiError::unauthenticated()),
    }
}

/// Any authenticated principal (session or API key), whatever its permissions.
pub struct Authed {
    /// The context.
    pub ctx: TenantCtx,
    /// How it authenticated.
    pub via: Via,
}

impl FromRequest for Authed {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(slot(req).map(|(ctx, via)| Authed { ctx, via }))
    }
}

/// A signed-in person (session only): for endpoints about one's own account.
pub struct SignedIn {
    /// The context.
    pub ctx: TenantCtx,
}

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(slot(req).and_then(|(ctx, via)| match via {
            Via::Session => Ok(SignedIn { ctx }),
            Via::ApiKey => Err(ApiError::forbidden(
                "this endpoint is for signed-in people, not API keys",
            )),
        }))
    }
}

/// A principal holding permission `P`. Support staff reading another tenant is audited here.
pub struct Authorized<P: Perm> {
    /// The context.
    pub ctx: TenantCtx,
    _p: PhantomData<P>,
}

impl<P: Perm> FromRequest for Authorized<P> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let checked = slot(req).and_then(|(ctx, _)| {
            if ctx.can(P::P) {
                Ok(ctx)
            } else {
                Err(ApiError::forbidden(format!(
                    "this needs the {} permission",
                    P::P.name()
                )))
            }
        });
        let audit = match &checked {
            Ok(ctx) if ctx.is_support() && ctx.acting_below() => req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .map(|s| (s, format!("{} {}", req.method(), req.path()))),
            _ => None,
        };
        Box::pin(async move {
            let ctx = checked?;
            if let Some((state, what)) = audit {
                switchboard_platform::audit::record(
                    &state.db,
                    &ctx,
                    "support.read",
                    "request",
                    None,
                    Some(serde_json::json!({ "request": what })),
                )
                .await
                .map_err(ApiError::from)?;
            }
            Ok(Authorized {
                ctx,
                _p: PhantomData,
            })
        })
    }
}
