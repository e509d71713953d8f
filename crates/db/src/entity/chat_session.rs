//! `chat_sessions` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `chat_sessions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chat_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub agent_id: Uuid,
    /// Published version that served the chat; 0 = the draft (test console).
    pub agent_version: i32,
    /// `offline` or `openai_compatible`.
    pub engine: String,
    /// JSON of the configuration used (frozen for the session).
    pub config: String,
    /// JSON object of prompt variables.
    pub variables: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub created_at: Ts,
    pub updated_at: Ts,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
