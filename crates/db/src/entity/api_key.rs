//! `api_keys` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `api_keys`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub name: String,
    #[sea_orm(unique)]
    pub prefix: String,
    pub secret_hash: String,
    /// Comma-separated permission names.
    pub scopes: String,
    pub created_by: Option<Uuid>,
    pub last_used_at: Option<Ts>,
    pub expires_at: Option<Ts>,
    pub revoked_at: Option<Ts>,
    pub created_at: Ts,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
