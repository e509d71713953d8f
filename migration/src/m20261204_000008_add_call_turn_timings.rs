//! Per-turn latency of calls run by the built-in voice runtime (JSON list of turns).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("calls")
                .add_column(ColumnDef::new("turn_timings").text().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("calls")
                .drop_column("turn_timings")
                .to_owned(),
        )
        .await
    }
}
