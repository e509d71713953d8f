//! `agent_versions` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `agent_versions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agent_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub agent_id: Uuid,
    pub version: i32,
    /// JSON of the frozen configuration.
    pub config: String,
    pub published_by: Option<Uuid>,
    pub note: Option<String>,
    pub created_at: Ts,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
