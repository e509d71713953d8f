//! `tenant_secrets` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One encrypted provider secret of a tenant.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenant_secrets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub provider: String,
    /// `<key id>:<nonce>:<ciphertext>` (see `platform::secrets`).
    pub value_enc: String,
    /// Masked form shown to users.
    pub hint: String,
    pub updated_at: Ts,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
