//! Background work: job workers that claim jobs from the durable queue (any node may take any
//! job) and the scheduler that queues the periodic ElevenLabs reconciliation.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::DatabaseConnection;
use switchboard_api::AppState;
use switchboard_core::{TenantCtx, new_id};
use switchboard_db::entity::job;
use switchboard_platform::jobs;
use switchboard_telephony::elevenlabs_sync::{self, SyncJob, SyncProgress, Trigger};
use switchboard_telephony::numbers::{self, JobOutcome, NumberJob};
use tokio::sync::{Notify, watch};

/// Job kinds this node runs.
const KINDS: &[&str] = &[
    elevenlabs_sync::JOB_KIND,
    numbers::PROVISION_JOB,
    numbers::RELEASE_JOB,
];

/// Scheduling of the periodic reconciliation.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    /// Between two scheduled syncs of a tenant (zero: never).
    pub sync_interval: Duration,
    /// How far back a scheduled sync looks.
    pub lookback: Duration,
}

/// Starts `workers` job workers and the scheduler.
pub fn spawn(state: AppState, workers: usize, schedule: Schedule) {
    let me = format!("{}-{}", hostname(), &new_id().simple().to_string()[..8]);
    for n in 0..workers.max(1) {
        let state = state.clone();
        let worker = format!("{me}/{n}");
        tokio::spawn(async move { work(state, worker).await });
    }
    if !schedule.sync_interval.is_zero() {
        let db = state.db.clone();
        let wake = state.job_wake.clone();
        tokio::spawn(async move { schedule_syncs(db, wake, schedule).await });
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME").unwrap_or_else(|_| "node".into())
}

async fn work(state: AppState, worker: String) {
    loop {
        match jobs::claim(&state.db, &worker, KINDS).await {
            Ok(Some(job)) => run(&state, &worker, job).await,
            Ok(None) => {
                tokio::select! {
                    _ = state.job_wake.notified() => {}
                    _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "claiming a job failed");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

async fn run(state: &AppState, worker: &str, job: job::Model) {
    tracing::info!(job = %job.id, kind = %job.kind, attempt = job.attempts, "job started");
    let result = match job.kind.as_str() {
        elevenlabs_sync::JOB_KIND => run_sync(state, worker, &job).await,
        numbers::PROVISION_JOB | numbers::RELEASE_JOB => run_number(state, worker, &job).await,
        other => Err((format!("no handler for job kind {other}"), false)),
    };
    let done = match &result {
        Ok(()) => Ok(()),
        Err((error, retry)) => {
            tracing::warn!(job = %job.id, %error, "job failed");
            jobs::fail(&state.db, &job, worker, error, *retry).await
        }
    };
    if let Err(e) = done {
        tracing::warn!(job = %job.id, error = %e, "recording the job's end failed");
    }
}

/// Runs a sync, writing progress every second; `Err((message, retry))` on failure.
async fn run_sync(state: &AppState, worker: &str, job: &job::Model) -> Result<(), (String, bool)> {
    let input: SyncJob =
        serde_json::from_str(&job.payload).map_err(|e| (format!("bad payload: {e}"), false))?;
    let tenant_id = job
        .tenant_id
        .ok_or(("the job has no tenant".to_string(), false))?;
    let tenant = switchboard_tenancy::tenants::by_id(&state.db, tenant_id)
        .await
        .map_err(|e| (e.to_string(), false))?;
    let client = state
        .elevenlabs
        .client_for(&state.db, tenant_id)
        .await
        .map_err(|e| (e, false))?;
    let kind = switchboard_core::TenantKind::parse(&tenant.kind)
        .unwrap_or(switchboard_core::TenantKind::Customer);
    let ctx = TenantCtx::system(tenant_id, kind);
    let (tx, mut rx) = watch::channel(SyncProgress::default());
    let sync = elevenlabs_sync::run(
        &state.db,
        &state.recordings,
        &state.bus,
        &client,
        &ctx,
        input.options(),
        &tx,
    );
    tokio::pin!(sync);
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let outcome = loop {
        tokio::select! {
            out = &mut sync => break out,
            _ = tick.tick() => {
                if rx.has_changed().unwrap_or(false) {
                    let p = rx.borrow_and_update().clone();
                    let _ = jobs::progress(&state.db, job.id, worker, &p).await;
                }
            }
        }
    };
    let p = outcome.map_err(|e| (e.to_string(), true))?;
    let _ = jobs::progress(&state.db, job.id, worker, &p).await;
    if p.errors > 0 && p.calls_imported == 0 && p.recordings_imported == 0 {
        let why = p.last_error.clone().unwrap_or_else(|| "sync failed".into());
        return Err((why, true));
    }
    jobs::succeed(&state.db, job.id, worker, &p)
        .await
        .map_err(|e| (e.to_string(), true))
}

/// Buys or releases a number.
async fn run_number(
    state: &AppState,
    worker: &str,
    job: &job::Model,
) -> Result<(), (String, bool)> {
    let input: NumberJob =
        serde_json::from_str(&job.payload).map_err(|e| (format!("bad payload: {e}"), false))?;
    let outcome = if job.kind == numbers::PROVISION_JOB {
        let last = job.attempts >= job.max_attempts;
        numbers::provision(&state.db, &state.carriers, input.number_id, last).await
    } else {
        numbers::release_at_carrier(&state.db, &state.carriers, input.number_id).await
    };
    match outcome {
        JobOutcome::Done => jobs::succeed(&state.db, job.id, worker, &serde_json::json!({}))
            .await
            .map_err(|e| (e.to_string(), true)),
        JobOutcome::Retry(why) => Err((why, true)),
        JobOutcome::Failed(why) => Err((why, false)),
    }
}

async fn schedule_syncs(db: DatabaseConnection, wake: Arc<Notify>, schedule: Schedule) {
    let mut tick = tokio::time::interval(schedule.sync_interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let tenants = match switchboard_agents::agents::tenants_with_delegated(&db).await {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!(error = %e, "listing tenants to sync failed");
                continue;
            }
        };
        let after = switchboard_core::now().timestamp() - schedule.lookback.as_secs() as i64;
        for tenant_id in tenants {
            if let Err(e) =
                elevenlabs_sync::enqueue(&db, tenant_id, Trigger::Schedule, Some(after)).await
            {
                tracing::warn!(error = %e, %tenant_id, "queueing a sync failed");
            }
        }
        wake.notify_waiters();
    }
}
