//! `chat_messages` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `chat_messages`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chat_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub session_id: Uuid,
    pub role: String,
    pub content: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub created_at: Ts,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
