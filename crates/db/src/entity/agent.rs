//! `agents` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `agents`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub name: String,
    pub kind: String,
    pub status: String,
    /// JSON of the working (draft) configuration.
    pub config: String,
    /// Latest published version; 0 before the first publish.
    pub current_version: i32,
    /// Id of the agent on an external runtime (ElevenLabs), when synced.
    pub external_id: Option<String>,
    pub created_at: Ts,
    pub updated_at: Ts,
    pub deleted_at: Option<Ts>,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
