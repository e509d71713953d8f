//! Turning a session's user or an API key into the [`TenantCtx`] every domain function takes.

use std::collections::BTreeSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use switchboard_core::{Actor, Permission, Role, TenantCtx, TenantKind};
use switchboard_db::entity::{custom_role, membership};
use switchboard_tenancy::tenants::{self, Tenant};
use uuid::Uuid;

use crate::{Auth, AuthError, roles::parse_permissions, users};

/// A membership's effective role: a built-in role or a custom one.
#[derive(Debug, Clone)]
pub struct EffectiveRole {
    /// Built-in role, if any.
    pub role: Option<Role>,
    /// Display name (`customer_admin`, or the custom role's name).
    pub label: String,
    /// Permissions.
    pub permissions: BTreeSet<Permission>,
}

impl Auth {
    /// Resolves a membership's role into permissions.
    pub async fn effective_role(&self, m: &membership::Model) -> Result<EffectiveRole, AuthError> {
        if let Some(id) = m.custom_role_id {
            let r = custom_role::Entity::find_by_id(id)
                .one(&self.db)
                .await?
                .ok_or(AuthError::RoleNotFound)?;
            return Ok(EffectiveRole {
                role: None,
                label: r.name,
                permissions: parse_permissions(&r.permissions),
            });
        }
        let role = m
            .role
            .as_deref()
            .and_then(Role::parse)
            .ok_or(AuthError::Unauthenticated)?;
        Ok(EffectiveRole {
            role: Some(role),
            label: role.name().to_string(),
            permissions: role.permissions().into_iter().collect(),
        })
    }

    /// Active memberships of a user with their tenants, oldest first.
    pub async fn memberships(
        &self,
        user_id: Uuid,
    ) -> Result<Vec<(membership::Model, Tenant)>, AuthError> {
        let rows = membership::Entity::find()
            .filter(membership::Column::UserId.eq(user_id))
            .filter(membership::Column::Status.eq(crate::members::ACTIVE))
            .order_by_asc(membership::Column::Id)
            .all(&self.db)
            .await?;
        // Their tenants in one query (not one per membership); deleted tenants drop out.
        let ids: Vec<Uuid> = rows.iter().map(|m| m.tenant_id).collect();
        let found = tenants::by_ids(&self.db, ids).await?;
        Ok(rows
            .into_iter()
            .filter_map(|m| found.get(&m.tenant_id).cloned().map(|t| (m, t)))
            .collect())
    }

    /// Builds the context of a signed-in user acting on `acting` (default: their first tenant).
    /// Fails when the user, membership or tenant is suspended, or the tenant is out of reach.
    pub async fn ctx_for_user(
        &self,
        user_id: Uuid,
        acting: Option<Uuid>,
        ip: Option<String>,
        user_agent: Option<String>,
    ) -> Result<TenantCtx, AuthError> {
        let user = users::by_id(&self.db, user_id)
            .await
            .map_err(|_| AuthError::Unauthenticated)?;
        if user.status != users::ACTIVE {
            return Err(AuthError::AccountSuspended);
        }
        let memberships = self.memberships(user_id).await?;
        if memberships.is_empty() {
            return Err(AuthError::Unauthenticated);
        }
        let (home, target) = match acting {
            None => {
                // Prefer a tenant that is not suspended.
                let (m, t) = memberships
                    .iter()
                    .find(|(_, t)| t.status == tenants::ACTIVE)
                    .or(memberships.first())
                    .cloned()
                    .ok_or(AuthError::Unauthenticated)?;
                (m, t)
            }
            Some(id) => {
                // Usually one of the user's own tenants, already loaded.
                let target = match memberships.iter().find(|(_, t)| t.id == id) {
                    Some((_, t)) => t.clone(),
                    None => tenants::by_id(&self.db, id).await.map_err(|_| {
                        AuthError::Tenancy(switchboard_tenancy::TenancyError::TenantNotFound)
                    })?,
                };
                let direct = memberships.iter().find(|(m, _)| m.tenant_id == id).cloned();
                let found = match direct {
                    Some(d) => Some(d),
                    None => {
                        let mut below = None;
                        for (m, t) in &memberships {
                            let role = self.effective_role(m).await?;
                            if role.role.is_some_and(Role::acts_below)
                                && tenants::may_act_on(t, &target)
                            {
                                below = Some((m.clone(), t.clone()));
                                break;
                            }
                        }
                        below
                    }
                };
                let (m, home) = found.ok_or(AuthError::Tenancy(
                    switchboard_tenancy::TenancyError::TenantNotFound,
                ))?;
                let _ = home;
                (m, target)
            }
        };
        let home_tenant = memberships
            .iter()
            .find(|(m, _)| m.id == home.id)
            .map(|(_, t)| t.clone())
            .ok_or(AuthError::Unauthenticated)?;
        if home_tenant.status != tenants::ACTIVE {
            return Err(AuthError::TenantSuspended);
        }
        let role = self.effective_role(&home).await?;
        // Members of a suspended tenant are shut out; staff above it can still act on it (to
        // reactivate it or to help).
        if target.status != tenants::ACTIVE && target.id == home_tenant.id {
            return Err(AuthError::TenantSuspended);
        }
        Ok(TenantCtx {
            tenant_id: target.id,
            tenant_kind: tenants::kind(&target),
            home_tenant_id: home_tenant.id,
            actor: Actor::User {
                id: user.id,
                email: user.email,
            },
            role: role.role,
            permissions: role.permissions,
            ip,
            user_agent,
        })
    }

    /// Whether the user may switch tenants (holds a role that acts below its tenant).
    pub async fn can_switch(&self, user_id: Uuid) -> Result<bool, AuthError> {
        let memberships = self.memberships(user_id).await?;
        if memberships.len() > 1 {
            return Ok(true);
        }
        for (m, t) in &memberships {
            let r = self.effective_role(m).await?;
            if r.role.is_some_and(Role::acts_below) && tenants::kind(t) != TenantKind::Customer {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The label of the role the context acts with (for `/me`).
    pub async fn role_label(&self, ctx: &TenantCtx) -> Result<String, AuthError> {
        if let Some(r) = ctx.role {
            return Ok(r.name().to_string());
        }
        match &ctx.actor {
            Actor::User { id, .. } => {
                let m = membership::Entity::find()
                    .filter(membership::Column::UserId.eq(*id))
                    .filter(membership::Column::TenantId.eq(ctx.home_tenant_id))
                    .one(&self.db)
                    .await?
                    .ok_or(AuthError::Unauthenticated)?;
                Ok(self.effective_role(&m).await?.label)
            }
            Actor::ApiKey { .. } => Ok("api_key".into()),
            Actor::System => Ok("system".into()),
        }
    }
}

/// What `/me` shows about the principal.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The user.
    pub user: users::User,
    /// The acted-on tenant.
    pub tenant: Tenant,
    /// Role label.
    pub role_label: String,
    /// Whether a tenant switcher applies.
    pub can_switch: bool,
}

impl Auth {
    /// The signed-in user's profile in the acting tenant.
    pub async fn profile(&self, ctx: &TenantCtx) -> Result<Profile, AuthError> {
        let uid = ctx.user_id().ok_or(AuthError::Unauthenticated)?;
        Ok(Profile {
            user: users::by_id(&self.db, uid).await?,
            tenant: tenants::by_id(&self.db, ctx.tenant_id).await?,
            role_label: self.role_label(ctx).await?,
            can_switch: self.can_switch(uid).await?,
        })
    }
}
