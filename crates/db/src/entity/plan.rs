//! `plans` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `plans`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub builtin: bool,
    pub max_agents: i32,
    pub max_phone_numbers: i32,
    pub max_concurrent_calls: i32,
    pub included_minutes: i32,
    pub knowledge_storage_mb: i32,
    pub max_seats: i32,
    pub created_at: Ts,
    pub updated_at: Ts,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
