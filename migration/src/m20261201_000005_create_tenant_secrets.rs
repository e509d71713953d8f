//! Encrypted per-tenant provider secrets (ElevenLabs, later Twilio and others).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("tenant_secrets")
                .col(uuid("tenant_id"))
                .col(string("provider"))
                .col(text("value_enc"))
                .col(string("hint"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(Index::create().col("tenant_id").col("provider"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_tenant_secrets_tenant_id")
                        .from("tenant_secrets", "tenant_id")
                        .to("tenants", "id"),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("tenant_secrets").to_owned())
            .await
    }
}
