//! Chat sessions with agents and their messages.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("chat_sessions")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("agent_id"))
                .col(integer("agent_version"))
                .col(string("engine"))
                .col(text("config"))
                .col(text("variables"))
                .col(big_integer("prompt_tokens"))
                .col(big_integer("completion_tokens"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("chat_sessions", "tenant_id", "tenants"))
                .foreign_key(&mut fk("chat_sessions", "agent_id", "agents"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_chat_sessions_tenant_id_id")
                .table("chat_sessions")
                .col("tenant_id")
                .col("id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("chat_messages")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("session_id"))
                .col(string("role"))
                .col(text("content"))
                .col(big_integer("prompt_tokens"))
                .col(big_integer("completion_tokens"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("chat_messages", "tenant_id", "tenants"))
                .foreign_key(&mut fk("chat_messages", "session_id", "chat_sessions"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_chat_messages_tenant_id_session_id_id")
                .table("chat_messages")
                .col("tenant_id")
                .col("session_id")
                .col("id")
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["chat_messages", "chat_sessions"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
