//! Per-tenant provider secrets, encrypted at rest and shown masked.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use switchboard_core::{TenantCtx, now};
use switchboard_db::entity::tenant_secret::{self, Column, Entity};
use switchboard_db::scoped;
use uuid::Uuid;

use crate::secrets::{Keyring, mask};
use crate::{PlatformError, audit};

/// What users see of a stored secret.
#[derive(Debug, Clone)]
pub struct Status {
    /// Masked value.
    pub hint: String,
    /// Last change.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// Stores (or replaces) the acting tenant's secret for `provider`.
pub async fn put(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    ctx: &TenantCtx,
    provider: &str,
    value: &str,
) -> Result<Status, PlatformError> {
    let value = value.trim();
    if value.len() < 8 || value.len() > 500 || value.contains(char::is_whitespace) {
        return Err(PlatformError::Invalid(
            "api_key: 8 to 500 characters without spaces".into(),
        ));
    }
    let enc = keys
        .encrypt(value)
        .map_err(|e| PlatformError::Invalid(e.to_string()))?;
    let hint = mask(value);
    let row = tenant_secret::ActiveModel {
        tenant_id: Set(ctx.tenant_id),
        provider: Set(provider.to_string()),
        value_enc: Set(enc),
        hint: Set(hint.clone()),
        updated_at: Set(now()),
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::columns([Column::TenantId, Column::Provider])
                .update_columns([Column::ValueEnc, Column::Hint, Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    audit::record(
        db,
        ctx,
        "integration.key_set",
        "integration",
        Some(provider.to_string()),
        Some(serde_json::json!({ "hint": hint })),
    )
    .await?;
    Ok(Status {
        hint,
        updated_at: now(),
    })
}

/// The acting tenant's stored secret status, if any.
pub async fn status(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    provider: &str,
) -> Result<Option<Status>, PlatformError> {
    Ok(scoped::<Entity>(tenant_id)
        .filter(Column::Provider.eq(provider))
        .one(db)
        .await?
        .map(|r| Status {
            hint: r.hint,
            updated_at: r.updated_at,
        }))
}

/// The decrypted secret (for provider clients; never returned by the API).
pub async fn reveal(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    tenant_id: Uuid,
    provider: &str,
) -> Result<Option<String>, PlatformError> {
    let row = scoped::<Entity>(tenant_id)
        .filter(Column::Provider.eq(provider))
        .one(db)
        .await?;
    match row {
        Some(r) => keys
            .decrypt(&r.value_enc)
            .map(Some)
            .map_err(|e| PlatformError::Invalid(e.to_string())),
        None => Ok(None),
    }
}

/// Removes the acting tenant's secret.
pub async fn delete(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    provider: &str,
) -> Result<(), PlatformError> {
    let res = Entity::delete_many()
        .filter(Column::TenantId.eq(ctx.tenant_id))
        .filter(Column::Provider.eq(provider))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(PlatformError::NotFound);
    }
    audit::record(
        db,
        ctx,
        "integration.key_removed",
        "integration",
        Some(provider.to_string()),
        None,
    )
    .await?;
    Ok(())
}

/// Whose secret a tenant uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// The tenant's own.
    Own,
    /// Its agency's (a customer of an agency that stored one).
    Agency,
    /// The platform's: stored by platform staff, or configured.
    Platform,
}

/// The first stored secret for `provider` along `lineage` (the tenant, then its ancestors, as
/// `(id, kind)` nearest first), with whose it is.
pub async fn reveal_inherited(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    lineage: &[(Uuid, String)],
    provider: &str,
) -> Result<Option<(String, KeySource)>, PlatformError> {
    for (depth, (id, kind)) in lineage.iter().enumerate() {
        if let Some(v) = reveal(db, keys, *id, provider).await? {
            let source = match (depth, kind.as_str()) {
                (0, _) => KeySource::Own,
                (_, "agency") => KeySource::Agency,
                _ => KeySource::Platform,
            };
            return Ok(Some((v, source)));
        }
    }
    Ok(None)
}
