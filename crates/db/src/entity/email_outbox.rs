//! `email_outbox` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `email_outbox`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Option<Uuid>,
    pub to_email: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub kind: String,
    pub status: String,
    pub error: Option<String>,
    pub attempts: i32,
    pub created_at: Ts,
    pub sent_at: Option<Ts>,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
