//! Accounts: registration with email verification, sign-in with throttling, password reset and
//! change.

use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use switchboard_core::{Role, TenantCtx, TenantKind, new_id, now};
use switchboard_db::entity::{membership, user};
use switchboard_platform::{audit, email::Email};
use switchboard_tenancy::tenants;
use uuid::Uuid;

use crate::{Auth, AuthError, normalize_email, password::check_policy, tokens::Purpose};

/// A user row.
pub type User = user::Model;

/// `active` or `suspended` (platform-wide; per-tenant suspension lives on the membership).
pub const ACTIVE: &str = "active";

/// Registration input.
#[derive(Debug, Clone)]
pub struct Registration {
    /// Organisation name (becomes the tenant).
    pub company_name: String,
    /// Person's name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Password.
    pub password: String,
}

pub(crate) fn clean_person_name(name: &str) -> Result<String, AuthError> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 100 {
        return Err(AuthError::invalid("name", "must be 1 to 100 characters"));
    }
    Ok(n.to_string())
}

/// Finds a user by normalised email.
pub async fn by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<User>, AuthError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// Finds a user by id.
pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<User, AuthError> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AuthError::UserNotFound)
}

pub(crate) async fn insert_user(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
    password_hash: String,
    verified: bool,
) -> Result<User, AuthError> {
    let row = user::ActiveModel {
        id: Set(new_id()),
        email: Set(email.to_string()),
        name: Set(name.to_string()),
        password_hash: Set(password_hash),
        email_verified_at: Set(verified.then(now)),
        status: Set(ACTIVE.to_string()),
        password_changed_at: Set(now()),
        created_at: Set(now()),
        updated_at: Set(now()),
    };
    user::Entity::insert(row)
        .exec_with_returning(db)
        .await
        .map_err(|e| {
            if switchboard_db::is_unique_violation(&e) {
                AuthError::EmailTaken
            } else {
                e.into()
            }
        })
}

pub(crate) async fn insert_membership(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    user_id: Uuid,
    role: Option<Role>,
    custom_role_id: Option<Uuid>,
) -> Result<membership::Model, AuthError> {
    let row = membership::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id),
        user_id: Set(user_id),
        role: Set(role.map(|r| r.name().to_string())),
        custom_role_id: Set(custom_role_id),
        status: Set(crate::members::ACTIVE.to_string()),
        created_at: Set(now()),
    };
    membership::Entity::insert(row)
        .exec_with_returning(db)
        .await
        .map_err(|e| {
            if switchboard_db::is_unique_violation(&e) {
                AuthError::AlreadyMember
            } else {
                e.into()
            }
        })
}

/// Records an event a person caused about their own account (no acting tenant) in the audit
/// log of every tenant they belong to.
pub(crate) async fn audit_user(
    db: &impl ConnectionTrait,
    user: &User,
    action: &str,
) -> Result<(), AuthError> {
    let memberships = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user.id))
        .all(db)
        .await?;
    for m in memberships {
        let mut ctx = TenantCtx::system(m.tenant_id, TenantKind::Customer);
        ctx.actor = switchboard_core::Actor::User {
            id: user.id,
            email: user.email.clone(),
        };
        audit::record(db, &ctx, action, "user", Some(user.id.to_string()), None).await?;
    }
    Ok(())
}

/// Result of a successful sign-in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The user.
    pub user: User,
    /// The tenant the session starts on.
    pub tenant_id: Uuid,
}

impl Auth {
    /// Creates a customer tenant, its admin (unverified) and sends the verification link.
    pub async fn register(&self, r: Registration) -> Result<(User, Uuid), AuthError> {
        let email = normalize_email("email", &r.email)?;
        let name = clean_person_name(&r.name)?;
        check_policy(&r.password, Some(&email))?;
        if by_email(&self.db, &email).await?.is_some() {
            return Err(AuthError::EmailTaken);
        }
        let hash = self.hash_password(&r.password).await?;
        let txn = switchboard_db::write_txn(&self.db).await?;
        let tenant = tenants::create_self_service(&txn, &r.company_name).await?;
        let user = insert_user(&txn, &email, &name, hash, false).await?;
        insert_membership(&txn, tenant.id, user.id, Some(Role::CustomerAdmin), None).await?;
        switchboard_billing::ledger::grant_signup_bonus(&txn, tenant.id).await?;
        let mut ctx = TenantCtx::system(tenant.id, TenantKind::Customer);
        ctx.actor = switchboard_core::Actor::User {
            id: user.id,
            email: email.clone(),
        };
        audit::record(
            &txn,
            &ctx,
            "tenant.registered",
            "tenant",
            Some(tenant.id.to_string()),
            None,
        )
        .await?;
        txn.commit().await?;
        self.send_verification(&user, Some(tenant.id)).await?;
        Ok((user, tenant.id))
    }

    async fn send_verification(
        &self,
        user: &User,
        tenant_id: Option<Uuid>,
    ) -> Result<(), AuthError> {
        let token = self.issue_token(
            Purpose::VerifyEmail,
            &user.id.to_string(),
            &user.email,
            Duration::hours(48),
        )?;
        let link = self.link(&format!("/verify-email?token={token}"));
        self.mailer
            .send(&self.db, Email {
                tenant_id,
                to: user.email.clone(),
                subject: "Confirm your email address".into(),
                body_text: format!(
                    "Hello {},\n\nconfirm your email address to start using Switchboard:\n\n{link}\n\nThe link is valid for 48 hours.\n",
                    user.name
                ),
                body_html: None,
                kind: "verify_email",
            })
            .await?;
        Ok(())
    }

    /// Sends a new verification link when the address exists and is unverified; silent otherwise
    /// so the endpoint does not reveal which addresses have accounts.
    pub async fn resend_verification(&self, email: &str) -> Result<(), AuthError> {
        let email = normalize_email("email", email)?;
        if let Some(u) = by_email(&self.db, &email).await?
            && u.email_verified_at.is_none()
        {
            self.send_verification(&u, None).await?;
        }
        Ok(())
    }

    /// Confirms an address from a verification link (single use).
    pub async fn verify_email(&self, token: &str) -> Result<User, AuthError> {
        let claims = self.verify_token(Purpose::VerifyEmail, token)?;
        let id: Uuid = claims.sub.parse().map_err(|_| AuthError::TokenInvalid)?;
        let txn = switchboard_db::write_txn(&self.db).await?;
        let user = by_id(&txn, id).await.map_err(|_| AuthError::TokenInvalid)?;
        if user.email != claims.ctx {
            return Err(AuthError::TokenInvalid);
        }
        self.consume(&txn, Purpose::VerifyEmail, &claims).await?;
        let mut active = user.into_active_model();
        active.email_verified_at = Set(Some(now()));
        active.updated_at = Set(now());
        let user = active.update(&txn).await?;
        audit_user(&txn, &user, "user.email_verified").await?;
        txn.commit().await?;
        Ok(user)
    }

    /// Signs in: throttled per account and IP; refuses unverified and suspended accounts.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        ip: Option<&str>,
    ) -> Result<SignedIn, AuthError> {
        let email = normalize_email("email", email).map_err(|_| AuthError::InvalidCredentials)?;
        let acct_key = format!("acct:{email}");
        let ip_key = ip.map(|i| format!("ip:{i}"));
        self.check_throttle(&self.db, &acct_key, self.cfg.max_failures_per_account)
            .await?;
        if let Some(k) = &ip_key {
            self.check_throttle(&self.db, k, self.cfg.max_failures_per_ip)
                .await?;
        }
        let user = by_email(&self.db, &email).await?;
        let ok = match &user {
            Some(u) => self.verify_password(password, &u.password_hash).await?,
            None => {
                self.dummy_verify(password).await;
                false
            }
        };
        let Some(user) = user.filter(|_| ok) else {
            self.record_failure(&self.db, &acct_key).await?;
            if let Some(k) = &ip_key {
                self.record_failure(&self.db, k).await?;
            }
            return Err(AuthError::InvalidCredentials);
        };
        self.clear_failures(&self.db, &acct_key).await?;
        if user.status != ACTIVE {
            return Err(AuthError::AccountSuspended);
        }
        if user.email_verified_at.is_none() {
            return Err(AuthError::EmailNotVerified);
        }
        let ctx = self.ctx_for_user(user.id, None, None, None).await?;
        Ok(SignedIn {
            user,
            tenant_id: ctx.tenant_id,
        })
    }

    /// Emails a reset link when the account exists; always succeeds (no account enumeration).
    pub async fn forgot_password(&self, email: &str) -> Result<(), AuthError> {
        let Ok(email) = normalize_email("email", email) else {
            return Ok(());
        };
        let Some(user) = by_email(&self.db, &email).await? else {
            return Ok(());
        };
        let token = self.issue_token(
            Purpose::ResetPassword,
            &user.id.to_string(),
            &user.password_changed_at.timestamp_micros().to_string(),
            Duration::hours(1),
        )?;
        let link = self.link(&format!("/reset-password?token={token}"));
        self.mailer
            .send(&self.db, Email {
                tenant_id: None,
                to: user.email.clone(),
                subject: "Reset your password".into(),
                body_text: format!(
                    "Hello {},\n\nsomeone asked to reset your password. If it was you, open:\n\n{link}\n\nThe link is valid for one hour and works once. If it was not you, ignore this email.\n",
                    user.name
                ),
                body_html: None,
                kind: "password_reset",
            })
            .await?;
        Ok(())
    }

    /// Sets a new password from a reset link (single use; void once the password changed) and
    /// ends every session of the account.
    pub async fn reset_password(&self, token: &str, new_password: &str) -> Result<(), AuthError> {
        let claims = self.verify_token(Purpose::ResetPassword, token)?;
        let id: Uuid = claims.sub.parse().map_err(|_| AuthError::TokenInvalid)?;
        let user = by_id(&self.db, id)
            .await
            .map_err(|_| AuthError::TokenInvalid)?;
        if user.password_changed_at.timestamp_micros().to_string() != claims.ctx {
            return Err(AuthError::TokenUsed);
        }
        check_policy(new_password, Some(&user.email))?;
        let hash = self.hash_password(new_password).await?;
        let txn = switchboard_db::write_txn(&self.db).await?;
        self.consume(&txn, Purpose::ResetPassword, &claims).await?;
        audit_user(&txn, &user, "user.password_reset").await?;
        self.set_password(&txn, user, hash).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Changes the signed-in user's password after checking the current one; other sessions end.
    pub async fn change_password(
        &self,
        ctx: &TenantCtx,
        current: &str,
        new_password: &str,
    ) -> Result<(), AuthError> {
        let uid = ctx
            .user_id()
            .ok_or_else(|| AuthError::Forbidden("only people have passwords".into()))?;
        let user = by_id(&self.db, uid).await?;
        if !self.verify_password(current, &user.password_hash).await? {
            return Err(AuthError::invalid("current_password", "is wrong"));
        }
        check_policy(new_password, Some(&user.email))?;
        let hash = self.hash_password(new_password).await?;
        let txn = switchboard_db::write_txn(&self.db).await?;
        self.set_password(&txn, user, hash).await?;
        audit::record(
            &txn,
            ctx,
            "user.password_changed",
            "user",
            Some(uid.to_string()),
            None,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    async fn set_password(
        &self,
        db: &impl ConnectionTrait,
        user: User,
        hash: String,
    ) -> Result<(), AuthError> {
        let id = user.id;
        let mut active = user.into_active_model();
        active.password_hash = Set(hash);
        active.password_changed_at = Set(now());
        active.updated_at = Set(now());
        // A reset link also proves the address.
        if active.email_verified_at.as_ref().is_none() {
            active.email_verified_at = Set(Some(now()));
        }
        active.update(db).await?;
        crate::sessions::revoke_user(db, id).await?;
        Ok(())
    }
}
