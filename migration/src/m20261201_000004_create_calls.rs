//! Calls, their transcripts, and the provider webhook events received (for de-duplication).

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
                .table("calls")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid_null("agent_id"))
                .col(integer("agent_version"))
                .col(string("direction"))
                .col(string_null("from_number"))
                .col(string_null("to_number"))
                .col(string("runtime"))
                .col(string("provider"))
                .col(string("provider_call_id"))
                .col(string("status"))
                .col(timestamp_with_time_zone_null("started_at"))
                .col(timestamp_with_time_zone_null("answered_at"))
                .col(timestamp_with_time_zone_null("ended_at"))
                .col(integer("duration_secs"))
                .col(string_null("end_reason"))
                .col(big_integer("cost_credits"))
                .col(big_integer_null("provider_cost"))
                .col(text_null("summary"))
                .col(boolean_null("successful"))
                .col(text_null("analysis"))
                .col(text_null("data_collected"))
                .col(string_null("recording_key"))
                .col(text("transcript_text"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("calls", "tenant_id", "tenants"))
                .foreign_key(&mut fk("calls", "agent_id", "agents"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("calls", &["tenant_id", "id"], false))
            .await?;
        m.create_index(index(
            "calls",
            &["tenant_id", "provider", "provider_call_id"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("call_segments")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("call_id"))
                .col(integer("seq"))
                .col(string("speaker"))
                .col(text("text"))
                .col(integer("start_ms"))
                .col(integer_null("end_ms"))
                .foreign_key(&mut fk("call_segments", "tenant_id", "tenants"))
                .foreign_key(&mut fk("call_segments", "call_id", "calls"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "call_segments",
            &["tenant_id", "call_id", "seq"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("webhook_events")
                .col(pk_uuid("id"))
                .col(string("provider"))
                .col(string("event_key"))
                .col(uuid_null("tenant_id"))
                .col(string("event_type"))
                .col(timestamp_with_time_zone("received_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("webhook_events", &["provider", "event_key"], true))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["webhook_events", "call_segments", "calls"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
