//! `credit_ledger` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `credit_ledger`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_ledger")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub entry_type: String,
    pub amount: i64,
    pub balance_after: i64,
    /// Unique per tenant: each source (registration, call, payment, adjustment) applies once.
    pub source_ref: String,
    pub description: String,
    pub created_by: Option<Uuid>,
    pub created_at: Ts,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
