//! `phone_numbers` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `phone_numbers`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "phone_numbers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// `twilio` or `simulator`.
    pub carrier: String,
    pub e164: String,
    /// The number while it is held (unique per carrier); empty once released or failed.
    pub active_e164: Option<String>,
    /// The carrier's id (Twilio `PN…`), once bought.
    pub provider_sid: Option<String>,
    /// The agent answering its calls.
    pub agent_id: Option<Uuid>,
    /// `provisioning`, `active`, `failed`, `releasing` or `released`.
    pub status: String,
    pub friendly_name: String,
    pub country: String,
    pub last_error: Option<String>,
    pub created_at: Ts,
    pub updated_at: Ts,
    pub released_at: Option<Ts>,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
