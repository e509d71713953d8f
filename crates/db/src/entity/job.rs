//! `jobs` table: the durable job queue.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `jobs`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The tenant the job works for (none for platform jobs).
    pub tenant_id: Option<Uuid>,
    /// What to run, e.g. `elevenlabs.sync`.
    pub kind: String,
    /// JSON input.
    pub payload: String,
    /// `queued`, `running`, `succeeded` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub max_attempts: i32,
    /// Not before.
    pub run_at: Ts,
    /// Lease of the node running it; after this another node may take it.
    pub locked_until: Option<Ts>,
    pub locked_by: Option<String>,
    /// JSON progress, updated while it runs.
    pub progress: Option<String>,
    pub last_error: Option<String>,
    pub created_at: Ts,
    pub started_at: Option<Ts>,
    pub finished_at: Option<Ts>,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
