//! API keys for integrators: `sb_<prefix>_<secret>`, shown once, stored as a SHA-256 hash (the
//! secret has 256 bits of entropy, so a slow hash adds nothing), scoped to a permission subset,
//! with expiry, revocation and last-used time.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use subtle::ConstantTimeEq;
use switchboard_core::{Actor, Page, PageParams, TenantCtx, new_id, now};
use switchboard_db::entity::api_key::{self, Column, Entity};
use switchboard_db::scoped;
use switchboard_platform::audit;
use switchboard_tenancy::tenants;
use uuid::Uuid;

use crate::{Auth, AuthError, random_token, roles, sha256_hex};

/// An API key row (without its secret).
pub type ApiKey = api_key::Model;

/// Splits `sb_<prefix>_<secret>` into its lookup prefix.
fn prefix_of(token: &str) -> Option<&str> {
    let rest = token.strip_prefix("sb_")?;
    let (prefix, secret) = rest.split_once('_')?;
    (prefix.len() == 8 && !secret.is_empty()).then(|| &token[..11])
}

impl Auth {
    /// Creates a key; returns it with the full secret, which is never shown again.
    pub async fn create_api_key(
        &self,
        ctx: &TenantCtx,
        name: &str,
        scopes: &[String],
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<(ApiKey, String), AuthError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AuthError::invalid("name", "must be 1 to 100 characters"));
        }
        if scopes.is_empty() {
            return Err(AuthError::invalid("scopes", "give at least one permission"));
        }
        let perms = roles::check_grantable(ctx, scopes, "scopes")?;
        if let Some(e) = expires_at
            && e <= now()
        {
            return Err(AuthError::invalid("expires_at", "must be in the future"));
        }
        let prefix = format!("sb_{}", &new_id().simple().to_string()[24..32]);
        let secret = format!("{prefix}_{}", random_token(32));
        let row = api_key::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(ctx.tenant_id),
            name: Set(name.to_string()),
            prefix: Set(prefix),
            secret_hash: Set(sha256_hex(&secret)),
            scopes: Set(roles::join_permissions(&perms)),
            created_by: Set(ctx.user_id()),
            last_used_at: Set(None),
            expires_at: Set(expires_at),
            revoked_at: Set(None),
            created_at: Set(now()),
        };
        let key = Entity::insert(row).exec_with_returning(&self.db).await?;
        audit::record(
            &self.db,
            ctx,
            "api_key.created",
            "api_key",
            Some(key.id.to_string()),
            Some(
                serde_json::json!({ "name": key.name, "prefix": key.prefix, "scopes": key.scopes }),
            ),
        )
        .await?;
        Ok((key, secret))
    }

    /// The acting tenant's keys, newest first.
    pub async fn list_api_keys(
        &self,
        ctx: &TenantCtx,
        page: &PageParams,
    ) -> Result<Page<ApiKey>, AuthError> {
        let rows = switchboard_db::paged(scoped::<Entity>(ctx.tenant_id), Column::Id, page)
            .all(&self.db)
            .await?;
        Ok(Page::from_rows(rows, page.limit, |r| r.id))
    }

    /// One of the acting tenant's keys.
    pub async fn get_api_key(&self, ctx: &TenantCtx, id: Uuid) -> Result<ApiKey, AuthError> {
        scoped::<Entity>(ctx.tenant_id)
            .filter(Column::Id.eq(id))
            .one(&self.db)
            .await?
            .ok_or(AuthError::ApiKeyNotFound)
    }

    /// Revokes a key (it stops working at once; the row stays for the audit trail).
    pub async fn revoke_api_key(&self, ctx: &TenantCtx, id: Uuid) -> Result<ApiKey, AuthError> {
        let key = self.get_api_key(ctx, id).await?;
        if key.revoked_at.is_some() {
            return Ok(key);
        }
        let mut active = key.into_active_model();
        active.revoked_at = Set(Some(now()));
        let key = active.update(&self.db).await?;
        audit::record(
            &self.db,
            ctx,
            "api_key.revoked",
            "api_key",
            Some(key.id.to_string()),
            Some(serde_json::json!({ "prefix": key.prefix })),
        )
        .await?;
        Ok(key)
    }

    /// Authenticates a bearer token into a context with the key's scopes.
    pub async fn ctx_for_api_key(
        &self,
        token: &str,
        ip: Option<String>,
        user_agent: Option<String>,
    ) -> Result<TenantCtx, AuthError> {
        let prefix = prefix_of(token).ok_or(AuthError::ApiKeyInvalid)?;
        let key = Entity::find()
            .filter(Column::Prefix.eq(prefix))
            .one(&self.db)
            .await?
            .ok_or(AuthError::ApiKeyInvalid)?;
        let given = sha256_hex(token);
        if !bool::from(given.as_bytes().ct_eq(key.secret_hash.as_bytes())) {
            return Err(AuthError::ApiKeyInvalid);
        }
        if key.revoked_at.is_some() || key.expires_at.is_some_and(|e| e <= now()) {
            return Err(AuthError::ApiKeyInvalid);
        }
        let tenant = tenants::by_id(&self.db, key.tenant_id)
            .await
            .map_err(|_| AuthError::ApiKeyInvalid)?;
        if tenant.status != tenants::ACTIVE {
            return Err(AuthError::TenantSuspended);
        }
        // Recording every use would be a write per request; a minute's precision is enough.
        if key
            .last_used_at
            .is_none_or(|t| now() - t > Duration::seconds(60))
        {
            Entity::update_many()
                .col_expr(Column::LastUsedAt, Some(now()).into())
                .filter(Column::Id.eq(key.id))
                .exec(&self.db)
                .await?;
        }
        Ok(TenantCtx {
            tenant_id: tenant.id,
            tenant_kind: tenants::kind(&tenant),
            home_tenant_id: tenant.id,
            actor: Actor::ApiKey {
                id: key.id,
                prefix: key.prefix.clone(),
            },
            role: None,
            permissions: roles::parse_permissions(&key.scopes),
            ip,
            user_agent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_keys_have_a_prefix() {
        assert_eq!(prefix_of("sb_abcdef12_secretsecret"), Some("sb_abcdef12"));
        assert_eq!(prefix_of("sb_short_secret"), None);
        assert_eq!(prefix_of("xx_abcdef12_secret"), None);
        assert_eq!(prefix_of("sb_abcdef12_"), None);
    }
}
