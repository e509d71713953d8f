//! The durable job queue (any node claims any job; a crashed node's jobs are taken again after
//! their lease runs out) and small per-tenant settings (e.g. the caller defaults used as
//! conversation-initiation data).

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
                .table("jobs")
                .col(pk_uuid("id"))
                .col(uuid_null("tenant_id"))
                .col(string("kind"))
                .col(text("payload"))
                .col(string("status"))
                .col(integer("attempts"))
                .col(integer("max_attempts"))
                .col(timestamp_with_time_zone("run_at"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(string_null("locked_by"))
                .col(text_null("progress"))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("started_at"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .foreign_key(&mut fk("jobs", "tenant_id", "tenants"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("jobs", &["status", "run_at"], false))
            .await?;
        m.create_index(index("jobs", &["tenant_id", "kind", "id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("tenant_settings")
                .col(uuid("tenant_id"))
                .col(string("key"))
                .col(text("value"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(Index::create().col("tenant_id").col("key"))
                .foreign_key(&mut fk("tenant_settings", "tenant_id", "tenants"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("tenant_settings").to_owned())
            .await?;
        m.drop_table(Table::drop().table("jobs").to_owned()).await
    }
}
