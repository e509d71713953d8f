//! Start-of-life and end-of-life of accounts and tenants: the first platform administrator (from
//! configuration or a one-time setup link), and tenant status changes that must also end sessions.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use switchboard_core::{Role, TenantCtx};
use switchboard_db::entity::membership;
use switchboard_platform::settings;
use switchboard_tenancy::tenants::{self, Tenant};
use uuid::Uuid;

use crate::{
    Auth, AuthError, normalize_email, password::check_policy, random_token, sessions, sha256_hex,
    users,
};

const SETUP_KEY: &str = "setup_token_sha256";

impl Auth {
    /// Whether the installation has a platform administrator yet.
    pub async fn has_platform_admin(&self) -> Result<bool, AuthError> {
        Ok(membership::Entity::find()
            .filter(membership::Column::Role.eq(Role::PlatformAdmin.name()))
            .count(&self.db)
            .await?
            > 0)
    }

    /// Creates a platform administrator (verified) on the platform tenant.
    pub async fn create_platform_admin(
        &self,
        platform: &Tenant,
        email: &str,
        name: &str,
        password: &str,
    ) -> Result<users::User, AuthError> {
        let email = normalize_email("email", email)?;
        check_policy(password, Some(&email))?;
        let hash = self.hash_password(password).await?;
        let txn = switchboard_db::write_txn(&self.db).await?;
        let user = match users::by_email(&txn, &email).await? {
            Some(u) => u,
            None => {
                users::insert_user(&txn, &email, &users::clean_person_name(name)?, hash, true)
                    .await?
            }
        };
        users::insert_membership(&txn, platform.id, user.id, Some(Role::PlatformAdmin), None)
            .await?;
        txn.commit().await?;
        Ok(user)
    }

    /// Makes a one-time setup token (stored hashed) when no administrator exists; returns it.
    pub async fn issue_setup_token(&self) -> Result<Option<String>, AuthError> {
        if self.has_platform_admin().await? {
            settings::delete(&self.db, SETUP_KEY).await?;
            return Ok(None);
        }
        let token = random_token(24);
        settings::set(&self.db, SETUP_KEY, &sha256_hex(&token)).await?;
        Ok(Some(token))
    }

    /// Completes set-up with the printed token: creates the first administrator.
    pub async fn complete_setup(
        &self,
        token: &str,
        email: &str,
        name: &str,
        password: &str,
    ) -> Result<users::User, AuthError> {
        if self.has_platform_admin().await? {
            return Err(AuthError::SetupDone);
        }
        let stored = settings::get(&self.db, SETUP_KEY)
            .await?
            .ok_or(AuthError::TokenInvalid)?;
        if stored != sha256_hex(token.trim()) {
            return Err(AuthError::TokenInvalid);
        }
        let platform = tenants::ensure_platform(&self.db, "Platform").await?;
        let user = self
            .create_platform_admin(&platform, email, name, password)
            .await?;
        users::audit_user(&self.db, &user, "setup.completed").await?;
        settings::delete(&self.db, SETUP_KEY).await?;
        Ok(user)
    }

    /// Suspends, reactivates or deletes a tenant below the acting one; suspension and deletion
    /// end the sessions acting on it at once.
    pub async fn set_tenant_status(
        &self,
        ctx: &TenantCtx,
        id: Uuid,
        status: &str,
    ) -> Result<Tenant, AuthError> {
        let t = tenants::set_status(&self.db, ctx, id, status).await?;
        if status != tenants::ACTIVE {
            sessions::revoke_tenant(&self.db, t.id).await?;
            // Members whose home is this tenant lose every session too.
            let members = membership::Entity::find()
                .filter(membership::Column::TenantId.eq(t.id))
                .all(&self.db)
                .await?;
            for m in members {
                sessions::revoke_user(&self.db, m.user_id).await?;
            }
        }
        Ok(t)
    }
}

impl Auth {
    /// Creates (or reuses) a verified account and adds it to a tenant with a built-in role.
    /// For operators' tooling (demo data, imports), not for the public API.
    pub async fn provision_member(
        &self,
        tenant_id: Uuid,
        email: &str,
        name: &str,
        password: &str,
        role: Role,
    ) -> Result<users::User, AuthError> {
        let email = normalize_email("email", email)?;
        let user = match users::by_email(&self.db, &email).await? {
            Some(u) => u,
            None => {
                check_policy(password, Some(&email))?;
                let hash = self.hash_password(password).await?;
                users::insert_user(
                    &self.db,
                    &email,
                    &users::clean_person_name(name)?,
                    hash,
                    true,
                )
                .await?
            }
        };
        match users::insert_membership(&self.db, tenant_id, user.id, Some(role), None).await {
            Ok(_) | Err(AuthError::AlreadyMember) => Ok(user),
            Err(e) => Err(e),
        }
    }
}
