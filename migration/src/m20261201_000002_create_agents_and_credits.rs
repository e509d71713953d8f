//! Agents with their published versions, and the credit ledger with its balance rows.

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
                .table("agents")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("name"))
                .col(string("kind"))
                .col(string("status"))
                .col(text("config"))
                .col(integer("current_version"))
                .col(string_null("external_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("deleted_at"))
                .foreign_key(&mut fk("agents", "tenant_id", "tenants"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("agents", &["tenant_id", "id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("agent_versions")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("agent_id"))
                .col(integer("version"))
                .col(text("config"))
                .col(uuid_null("published_by"))
                .col(string_null("note"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("agent_versions", "tenant_id", "tenants"))
                .foreign_key(&mut fk("agent_versions", "agent_id", "agents"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "agent_versions",
            &["tenant_id", "agent_id", "version"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("credit_accounts")
                .col(pk_uuid("tenant_id"))
                .col(big_integer("balance"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("credit_accounts", "tenant_id", "tenants"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("credit_ledger")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("entry_type"))
                .col(big_integer("amount"))
                .col(big_integer("balance_after"))
                .col(string("source_ref"))
                .col(string("description"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("credit_ledger", "tenant_id", "tenants"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("credit_ledger", &["tenant_id", "source_ref"], true))
            .await?;
        m.create_index(index("credit_ledger", &["tenant_id", "id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "credit_ledger",
            "credit_accounts",
            "agent_versions",
            "agents",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
