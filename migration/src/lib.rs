//! Database migrations (sea-orm-migration). Files are named `mYYYYMMDD_HHMMSS_verb_object.rs`
//! and never edited after they ship; foreign keys are declared in `create_table` because SQLite
//! cannot add them later.

pub use sea_orm_migration::prelude::*;

mod m20261201_000001_create_foundation;
mod m20261201_000002_create_agents_and_credits;
mod m20261201_000003_create_chats;
mod m20261201_000004_create_calls;
mod m20261201_000005_create_tenant_secrets;
mod m20261204_000006_create_jobs_and_tenant_settings;
mod m20261204_000007_create_phone_numbers;
mod m20261204_000008_add_call_turn_timings;
mod m20261204_000009_add_call_idempotency_key;
mod util;

/// All migrations in order.
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261201_000001_create_foundation::Migration),
            Box::new(m20261201_000002_create_agents_and_credits::Migration),
            Box::new(m20261201_000003_create_chats::Migration),
            Box::new(m20261201_000004_create_calls::Migration),
            Box::new(m20261201_000005_create_tenant_secrets::Migration),
            Box::new(m20261204_000006_create_jobs_and_tenant_settings::Migration),
            Box::new(m20261204_000007_create_phone_numbers::Migration),
            Box::new(m20261204_000008_add_call_turn_timings::Migration),
            Box::new(m20261204_000009_add_call_idempotency_key::Migration),
        ]
    }
}
