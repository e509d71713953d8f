//! `webhook_events` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `webhook_events`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub provider: String,
    /// Unique per provider: what makes a redelivery recognisable.
    pub event_key: String,
    pub tenant_id: Option<Uuid>,
    pub event_type: String,
    pub received_at: Ts,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
