//! Outbound calls placed through the API carry the client's `Idempotency-Key`: a retried request
//! finds the call it already placed instead of dialling twice.

use sea_orm_migration::prelude::*;

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("calls")
                .add_column(ColumnDef::new("idempotency_key").string().null())
                .to_owned(),
        )
        .await?;
        m.create_index(index("calls", &["tenant_id", "idempotency_key"], true))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_calls_tenant_id_idempotency_key")
                .table("calls")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("calls")
                .drop_column("idempotency_key")
                .to_owned(),
        )
        .await
    }
}
