//! `tenant_branding` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `tenant_branding`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenant_branding")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    pub app_name: Option<String>,
    pub logo_url: Option<String>,
    pub primary_color: Option<String>,
    pub support_email: Option<String>,
    pub updated_at: Ts,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
