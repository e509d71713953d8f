//! `call_segments` table.

use sea_orm::entity::prelude::*;

/// One row of `call_segments`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_segments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub call_id: Uuid,
    pub seq: i32,
    /// `agent` or `caller`.
    pub speaker: String,
    pub text: String,
    pub start_ms: i32,
    pub end_ms: Option<i32>,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
