//! Invitations to join a tenant with a role. The emailed link carries a random token (stored
//! hashed); accepting creates the account or links an existing one.

use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter,
};
use switchboard_core::{Actor, Page, PageParams, Role, TenantCtx, new_id, now};
use switchboard_db::entity::invitation::{self, Column, Entity};
use switchboard_db::scoped;
use switchboard_platform::{audit, email::Email};
use switchboard_tenancy::{quota, tenants};
use uuid::Uuid;

use crate::{
    Auth, AuthError, normalize_email, password::check_policy, random_token, sha256_hex, users,
};

/// An invitation row.
pub type Invitation = invitation::Model;

/// Display status of an invitation.
pub fn status(i: &Invitation) -> &'static str {
    if i.accepted_at.is_some() {
        "accepted"
    } else if i.revoked_at.is_some() {
        "revoked"
    } else if i.expires_at <= now() {
        "expired"
    } else {
        "pending"
    }
}

/// Pending (open, unexpired) invitations of a tenant.
pub async fn pending_count(db: &impl ConnectionTrait, tenant_id: Uuid) -> Result<u64, AuthError> {
    Ok(scoped::<Entity>(tenant_id)
        .filter(Column::AcceptedAt.is_null())
        .filter(Column::RevokedAt.is_null())
        .filter(Column::ExpiresAt.gt(now()))
        .count(db)
        .await?)
}

/// What the accept page shows before the person signs up.
#[derive(Debug, Clone)]
pub struct Lookup {
    /// The invitation.
    pub invitation: Invitation,
    /// The inviting tenant's name.
    pub tenant_name: String,
    /// Whether an account with the address exists (then its password is asked).
    pub user_exists: bool,
    /// Role label.
    pub role_label: String,
}

impl Auth {
    /// Invites someone to the acting tenant; counts against the seat quota.
    pub async fn invite(
        &self,
        ctx: &TenantCtx,
        email: &str,
        role: Option<&str>,
        custom_role_id: Option<Uuid>,
    ) -> Result<Invitation, AuthError> {
        let email = normalize_email("email", email)?;
        let (role, custom) = self.check_assignment(ctx, role, custom_role_id).await?;
        if let Some(u) = users::by_email(&self.db, &email).await?
            && self.get_member(ctx, u.id).await.is_ok()
        {
            return Err(AuthError::AlreadyMember);
        }
        let used = crate::members::seats_used(&self.db, ctx.tenant_id).await?;
        quota::ensure_room(&self.db, ctx.tenant_id, quota::Limit::Seats, used).await?;
        let token = random_token(32);
        let row = invitation::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(ctx.tenant_id),
            email: Set(email.clone()),
            role: Set(role.map(|r| r.name().to_string())),
            custom_role_id: Set(custom),
            token_hash: Set(sha256_hex(&token)),
            invited_by: Set(ctx.user_id()),
            expires_at: Set(now() + Duration::hours(self.cfg.invitation_ttl_hours)),
            accepted_at: Set(None),
            revoked_at: Set(None),
            created_at: Set(now()),
        };
        let inv = Entity::insert(row).exec_with_returning(&self.db).await?;
        let tenant = tenants::by_id(&self.db, ctx.tenant_id).await?;
        let link = self.link(&format!("/accept-invitation?token={token}"));
        let inviter = ctx.actor.label();
        self.mailer
            .send(&self.db, Email {
                tenant_id: Some(ctx.tenant_id),
                to: email.clone(),
                subject: format!("You are invited to {}", tenant.name),
                body_text: format!(
                    "Hello,\n\n{inviter} invited you to join {} on Switchboard.\n\nAccept the invitation:\n\n{link}\n\nThe link is valid for {} days.\n",
                    tenant.name,
                    self.cfg.invitation_ttl_hours / 24
                ),
                body_html: None,
                kind: "invitation",
            })
            .await?;
        audit::record(
            &self.db,
            ctx,
            "user.invited",
            "invitation",
            Some(inv.id.to_string()),
            Some(serde_json::json!({ "email": email, "role": inv.role, "custom_role_id": custom })),
        )
        .await?;
        Ok(inv)
    }

    /// The acting tenant's invitations, newest first.
    pub async fn list_invitations(
        &self,
        ctx: &TenantCtx,
        page: &PageParams,
    ) -> Result<Page<Invitation>, AuthError> {
        let rows = switchboard_db::paged(scoped::<Entity>(ctx.tenant_id), Column::Id, page)
            .all(&self.db)
            .await?;
        Ok(Page::from_rows(rows, page.limit, |r| r.id))
    }

    /// One of the acting tenant's invitations.
    pub async fn get_invitation(&self, ctx: &TenantCtx, id: Uuid) -> Result<Invitation, AuthError> {
        scoped::<Entity>(ctx.tenant_id)
            .filter(Column::Id.eq(id))
            .one(&self.db)
            .await?
            .ok_or(AuthError::InvitationNotFound)
    }

    /// Revokes an open invitation.
    pub async fn revoke_invitation(&self, ctx: &TenantCtx, id: Uuid) -> Result<(), AuthError> {
        let inv = self.get_invitation(ctx, id).await?;
        if inv.accepted_at.is_some() {
            return Err(AuthError::invalid(
                "id",
                "the invitation was already accepted",
            ));
        }
        let mut active = inv.into_active_model();
        active.revoked_at = Set(Some(now()));
        let inv = active.update(&self.db).await?;
        audit::record(
            &self.db,
            ctx,
            "invitation.revoked",
            "invitation",
            Some(inv.id.to_string()),
            Some(serde_json::json!({ "email": inv.email })),
        )
        .await?;
        Ok(())
    }

    async fn open_invitation(
        &self,
        db: &impl ConnectionTrait,
        token: &str,
    ) -> Result<Invitation, AuthError> {
        let inv = Entity::find()
            .filter(Column::TokenHash.eq(sha256_hex(token.trim())))
            .one(db)
            .await?
            .ok_or(AuthError::TokenInvalid)?;
        match status(&inv) {
            "pending" => Ok(inv),
            "expired" => Err(AuthError::TokenExpired),
            "accepted" => Err(AuthError::TokenUsed),
            _ => Err(AuthError::TokenInvalid),
        }
    }

    /// What the accept page needs to know.
    pub async fn lookup_invitation(&self, token: &str) -> Result<Lookup, AuthError> {
        let inv = self.open_invitation(&self.db, token).await?;
        let tenant = tenants::by_id(&self.db, inv.tenant_id).await?;
        let user_exists = users::by_email(&self.db, &inv.email).await?.is_some();
        let role_label = match (&inv.role, inv.custom_role_id) {
            (Some(r), _) => r.clone(),
            (None, Some(id)) => {
                crate::roles::CustomRole::clone(
                    &switchboard_db::entity::custom_role::Entity::find_by_id(id)
                        .one(&self.db)
                        .await?
                        .ok_or(AuthError::RoleNotFound)?,
                )
                .name
            }
            _ => String::new(),
        };
        Ok(Lookup {
            invitation: inv,
            tenant_name: tenant.name,
            user_exists,
            role_label,
        })
    }

    /// Accepts an invitation: creates the account (the emailed link proves the address) or, for
    /// an existing account, checks its password; then adds the membership. Single use.
    pub async fn accept_invitation(
        &self,
        token: &str,
        name: Option<&str>,
        password: &str,
    ) -> Result<users::SignedIn, AuthError> {
        let inv = self.open_invitation(&self.db, token).await?;
        let existing = users::by_email(&self.db, &inv.email).await?;
        let new_hash = match &existing {
            Some(u) => {
                if !self.verify_password(password, &u.password_hash).await? {
                    return Err(AuthError::InvalidCredentials);
                }
                None
            }
            None => {
                check_policy(password, Some(&inv.email))?;
                Some(self.hash_password(password).await?)
            }
        };
        let txn = switchboard_db::write_txn(&self.db).await?;
        // Claim the invitation first: a concurrent second accept matches no row and fails.
        let claimed = Entity::update_many()
            .col_expr(Column::AcceptedAt, Some(now()).into())
            .filter(Column::Id.eq(inv.id))
            .filter(Column::AcceptedAt.is_null())
            .filter(Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 0 {
            return Err(AuthError::TokenUsed);
        }
        let user = match (existing, new_hash) {
            (Some(u), _) => u,
            (None, Some(hash)) => {
                let name = users::clean_person_name(name.unwrap_or_default())?;
                users::insert_user(&txn, &inv.email, &name, hash, true).await?
            }
            (None, None) => return Err(AuthError::Internal("no password hash".into())),
        };
        let role = inv.role.as_deref().and_then(Role::parse);
        users::insert_membership(&txn, inv.tenant_id, user.id, role, inv.custom_role_id).await?;
        let tenant = tenants::by_id(&txn, inv.tenant_id).await?;
        let mut ctx = TenantCtx::system(tenant.id, tenants::kind(&tenant));
        ctx.actor = Actor::User {
            id: user.id,
            email: user.email.clone(),
        };
        audit::record(
            &txn,
            &ctx,
            "invitation.accepted",
            "invitation",
            Some(inv.id.to_string()),
            Some(serde_json::json!({ "email": user.email })),
        )
        .await?;
        txn.commit().await?;
        if user.status != users::ACTIVE {
            return Err(AuthError::AccountSuspended);
        }
        Ok(users::SignedIn {
            user,
            tenant_id: inv.tenant_id,
        })
    }
}
