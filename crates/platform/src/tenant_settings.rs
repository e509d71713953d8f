//! Small per-tenant settings stored as JSON under a key (e.g. `caller_defaults`).

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, sea_query::OnConflict};
use switchboard_core::now;
use switchboard_db::entity::tenant_setting::{self, Column, Entity};
use uuid::Uuid;

use crate::PlatformError;

/// Reads a setting.
pub async fn get(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    key: &str,
) -> Result<Option<serde_json::Value>, PlatformError> {
    Ok(Entity::find_by_id((tenant_id, key.to_string()))
        .one(db)
        .await?
        .and_then(|m| serde_json::from_str(&m.value).ok()))
}

/// Writes (inserts or replaces) a setting.
pub async fn set(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    key: &str,
    value: &serde_json::Value,
) -> Result<(), PlatformError> {
    let row = tenant_setting::ActiveModel {
        tenant_id: Set(tenant_id),
        key: Set(key.to_string()),
        value: Set(value.to_string()),
        updated_at: Set(now()),
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::columns([Column::TenantId, Column::Key])
                .update_columns([Column::Value, Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
