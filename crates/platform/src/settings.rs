//! System settings: small key/value pairs owned by the platform (setup token, feature flags).

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, sea_query::OnConflict};
use switchboard_core::now;
use switchboard_db::entity::system_setting::{self, Column, Entity};

use crate::PlatformError;

/// Reads a setting.
pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<String>, PlatformError> {
    Ok(Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .map(|m| m.value))
}

/// Writes (inserts or replaces) a setting.
pub async fn set(db: &impl ConnectionTrait, key: &str, value: &str) -> Result<(), PlatformError> {
    let row = system_setting::ActiveModel {
        key: Set(key.to_string()),
        value: Set(value.to_string()),
        updated_at: Set(now()),
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::column(Column::Key)
                .update_columns([Column::Value, Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Deletes a setting; no error when absent.
pub async fn delete(db: &impl ConnectionTrait, key: &str) -> Result<(), PlatformError> {
    Entity::delete_by_id(key.to_string()).exec(db).await?;
    Ok(())
}
