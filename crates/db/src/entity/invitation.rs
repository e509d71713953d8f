//! `invitations` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `invitations`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub email: String,
    pub role: Option<String>,
    pub custom_role_id: Option<Uuid>,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub invited_by: Option<Uuid>,
    pub expires_at: Ts,
    pub accepted_at: Option<Ts>,
    pub revoked_at: Option<Ts>,
    pub created_at: Ts,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
