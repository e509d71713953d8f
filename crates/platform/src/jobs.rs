//! The durable job queue. Jobs are rows; any node may claim a due job with a conditional update
//! (only one claimer's update matches), holds it under a lease it extends while reporting
//! progress, and finishes it. A job whose lease ran out (its node died) is due again. Failed
//! attempts are retried with exponential back-off up to `max_attempts`.

use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use switchboard_core::{Page, PageParams, new_id, now};
use switchboard_db::entity::job::{self, Column, Entity};
use uuid::Uuid;

use crate::PlatformError;

/// How long a claim holds before another node may take the job (extended by each progress report).
pub const LEASE: Duration = Duration::seconds(120);

/// Job states.
pub mod status {
    /// Waiting to run (maybe after a back-off).
    pub const QUEUED: &str = "queued";
    /// Claimed by a node.
    pub const RUNNING: &str = "running";
    /// Done.
    pub const SUCCEEDED: &str = "succeeded";
    /// Gave up after its last attempt.
    pub const FAILED: &str = "failed";
}

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    /// Tenant it works for.
    pub tenant_id: Option<Uuid>,
    /// Handler name.
    pub kind: &'a str,
    /// Input.
    pub payload: serde_json::Value,
    /// Attempts before giving up.
    pub max_attempts: i32,
}

/// Enqueues a job to run now.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    new: NewJob<'_>,
) -> Result<job::Model, PlatformError> {
    let at = now();
    let row = job::Model {
        id: new_id(),
        tenant_id: new.tenant_id,
        kind: new.kind.to_string(),
        payload: new.payload.to_string(),
        status: status::QUEUED.into(),
        attempts: 0,
        max_attempts: new.max_attempts.max(1),
        run_at: at,
        locked_until: None,
        locked_by: None,
        progress: None,
        last_error: None,
        created_at: at,
        started_at: None,
        finished_at: None,
    };
    Entity::insert(job::ActiveModel::from(row.clone()))
        .exec_without_returning(db)
        .await?;
    Ok(row)
}

/// The tenant's queued or running job of `kind`, if any (to avoid stacking identical work).
pub async fn active(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    kind: &str,
) -> Result<Option<job::Model>, PlatformError> {
    Ok(Entity::find()
        .filter(Column::TenantId.eq(tenant_id))
        .filter(Column::Kind.eq(kind))
        .filter(Column::Status.is_in([status::QUEUED, status::RUNNING]))
        .order_by_desc(Column::Id)
        .one(db)
        .await?)
}

/// Enqueues unless the tenant already has a queued or running job of this kind; returns the job
/// that will do the work and whether it is new.
pub async fn enqueue_once(
    db: &impl ConnectionTrait,
    new: NewJob<'_>,
) -> Result<(job::Model, bool), PlatformError> {
    if let Some(t) = new.tenant_id
        && let Some(j) = active(db, t, new.kind).await?
    {
        return Ok((j, false));
    }
    Ok((enqueue(db, new).await?, true))
}

fn due() -> Condition {
    let at = now();
    Condition::any()
        .add(
            Condition::all()
                .add(Column::Status.eq(status::QUEUED))
                .add(Column::RunAt.lte(at)),
        )
        .add(
            Condition::all()
                .add(Column::Status.eq(status::RUNNING))
                .add(Column::LockedUntil.lt(at)),
        )
}

/// Claims the next due job of one of `kinds` for `worker`, if any.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    kinds: &[&str],
) -> Result<Option<job::Model>, PlatformError> {
    let candidates: Vec<Uuid> = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(due())
        .filter(Column::Kind.is_in(kinds.iter().copied()))
        .order_by_asc(Column::RunAt)
        .limit(8)
        .into_tuple()
        .all(db)
        .await?;
    for id in candidates {
        let at = now();
        let res = Entity::update_many()
            .col_expr(Column::Status, Expr::value(status::RUNNING))
            .col_expr(
                Column::Attempts,
                sea_orm::sea_query::ExprTrait::add(Expr::col(Column::Attempts), 1),
            )
            .col_expr(Column::LockedUntil, Expr::value(Some(at + LEASE)))
            .col_expr(Column::LockedBy, Expr::value(Some(worker.to_string())))
            .col_expr(Column::StartedAt, Expr::value(Some(at)))
            .filter(Column::Id.eq(id))
            .filter(due())
            .exec(db)
            .await?;
        if res.rows_affected == 1 {
            return Ok(Entity::find_by_id(id).one(db).await?);
        }
    }
    Ok(None)
}

/// Records progress and extends the lease; `false` when the job is no longer this worker's.
pub async fn progress(
    db: &impl ConnectionTrait,
    id: Uuid,
    worker: &str,
    progress: &impl Serialize,
) -> Result<bool, PlatformError> {
    let res = Entity::update_many()
        .col_expr(
            Column::Progress,
            Expr::value(Some(serde_json::to_string(progress).unwrap_or_default())),
        )
        .col_expr(Column::LockedUntil, Expr::value(Some(now() + LEASE)))
        .filter(Column::Id.eq(id))
        .filter(Column::LockedBy.eq(worker))
        .filter(Column::Status.eq(status::RUNNING))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Marks the job done, with its final progress.
pub async fn succeed(
    db: &impl ConnectionTrait,
    id: Uuid,
    worker: &str,
    progress: &impl Serialize,
) -> Result<(), PlatformError> {
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(status::SUCCEEDED))
        .col_expr(
            Column::Progress,
            Expr::value(Some(serde_json::to_string(progress).unwrap_or_default())),
        )
        .col_expr(Column::FinishedAt, Expr::value(Some(now())))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .filter(Column::Id.eq(id))
        .filter(Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// Back-off before attempt `n + 1`: 30 s, 60 s, 120 s, ... capped at an hour.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 8) - 1;
    Duration::seconds((30i64 << exp).min(3600))
}

/// Records a failed attempt: queued again after a back-off, or failed for good after the last
/// attempt or when retrying cannot help (`retry` false).
pub async fn fail(
    db: &impl ConnectionTrait,
    job: &job::Model,
    worker: &str,
    error: &str,
    retry: bool,
) -> Result<(), PlatformError> {
    let fresh = Entity::find_by_id(job.id).one(db).await?;
    let attempts = fresh.as_ref().map(|j| j.attempts).unwrap_or(job.attempts);
    let last = !retry || attempts >= job.max_attempts;
    let mut q = Entity::update_many()
        .col_expr(
            Column::LastError,
            Expr::value(Some(error.chars().take(1000).collect::<String>())),
        )
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        );
    q = if last {
        q.col_expr(Column::Status, Expr::value(status::FAILED))
            .col_expr(Column::FinishedAt, Expr::value(Some(now())))
    } else {
        q.col_expr(Column::Status, Expr::value(status::QUEUED))
            .col_expr(Column::RunAt, Expr::value(now() + backoff(attempts)))
    };
    q.filter(Column::Id.eq(job.id))
        .filter(Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// One of the tenant's jobs.
pub async fn get(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<job::Model, PlatformError> {
    Entity::find_by_id(id)
        .filter(Column::TenantId.eq(tenant_id))
        .one(db)
        .await?
        .ok_or(PlatformError::NotFound)
}

/// The tenant's jobs of `kind`, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    kind: &str,
    page: &PageParams,
) -> Result<Page<job::Model>, PlatformError> {
    let mut q = Entity::find()
        .filter(Column::TenantId.eq(tenant_id))
        .filter(Column::Kind.eq(kind));
    if let Some(after) = page.after {
        q = q.filter(Column::Id.lt(after.id));
    }
    let rows = q
        .order_by_desc(Column::Id)
        .limit(page.limit + 1)
        .all(db)
        .await?;
    Ok(Page::from_rows(rows, page.limit, |j| j.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(120));
        assert_eq!(backoff(20), Duration::seconds(3600));
    }
}
