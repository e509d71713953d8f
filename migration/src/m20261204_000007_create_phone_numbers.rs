//! Phone numbers a tenant owns at a carrier (Twilio or the simulator), with the agent that answers
//! them. `active_e164` holds the number while it is held (provisioning, active, releasing) and is
//! emptied when it is released or its purchase failed, so a number is held by one tenant at a time.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("phone_numbers")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("carrier"))
                .col(string("e164"))
                .col(string_null("active_e164"))
                .col(string_null("provider_sid"))
                .col(uuid_null("agent_id"))
                .col(string("status"))
                .col(string("friendly_name"))
                .col(string("country"))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("released_at"))
                .foreign_key(&mut fk("phone_numbers", "tenant_id", "tenants"))
                .foreign_key(&mut fk("phone_numbers", "agent_id", "agents"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("phone_numbers", &["tenant_id", "id"], false))
            .await?;
        m.create_index(index("phone_numbers", &["carrier", "active_e164"], true))
            .await?;
        m.create_index(index("phone_numbers", &["active_e164"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("phone_numbers").to_owned())
            .await
    }
}
