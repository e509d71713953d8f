//! Reconciliation with ElevenLabs: pulls the conversations of a tenant's delegated agents (list +
//! get, and the recording) and applies whatever the webhooks missed through the same
//! at-most-once path as the webhooks, so a webhook and the sync racing still have one effect.
//! With `remap` (the tenant changed its ElevenLabs key) each agent is first pushed under the new
//! key, and re-created there when the old id does not exist in that account.

use sea_orm::DatabaseConnection;
use serde::Serialize;
use switchboard_agents::agents as agent_store;
use switchboard_agents::elevenlabs::{ElevenLabsClient, ElevenLabsError};
use switchboard_core::TenantCtx;
use switchboard_platform::events::Bus;
use tokio::sync::watch;

use crate::TelephonyError;
use crate::elevenlabs::{self, Outcome};
use crate::recordings::Recordings;

/// What a sync run does.
#[derive(Debug, Clone, Copy, Default)]
pub struct SyncOptions {
    /// Push every delegated agent first (after a key change), re-creating missing ones.
    pub remap: bool,
    /// Only conversations started after this Unix time (none: the whole history).
    pub after_unix: Option<i64>,
}

/// Progress and outcome of a run (stored with the job, shown in the web app).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(default)]
pub struct SyncProgress {
    /// Delegated agents to go through.
    pub agents_total: u32,
    /// Agents finished.
    pub agents_done: u32,
    /// Agents pushed under the current key (remap runs).
    pub agents_pushed: u32,
    /// Agents re-created on ElevenLabs because their old id was unknown to the current account.
    pub agents_recreated: u32,
    /// Conversations listed.
    pub conversations_seen: u32,
    /// Conversations still running on ElevenLabs (taken on a later run).
    pub conversations_pending: u32,
    /// Calls filled in from a conversation the webhooks missed.
    pub calls_imported: u32,
    /// Recordings filled in.
    pub recordings_imported: u32,
    /// Failures (each one skipped; the run goes on).
    pub errors: u32,
    /// The last failure, for people.
    pub last_error: Option<String>,
}

impl SyncProgress {
    fn error(&mut self, what: String) {
        tracing::warn!(error = %what, "elevenlabs sync");
        self.errors += 1;
        self.last_error = Some(what);
    }
}

/// Runs one sync of `ctx`'s tenant with `client` (the tenant's key, else the platform's),
/// publishing progress on `progress` as it goes. Per-item failures are counted, not fatal.
pub async fn run(
    db: &DatabaseConnection,
    recordings: &Recordings,
    bus: &Bus,
    client: &ElevenLabsClient,
    ctx: &TenantCtx,
    opts: SyncOptions,
    progress: &watch::Sender<SyncProgress>,
) -> Result<SyncProgress, TelephonyError> {
    let agents = agent_store::delegated(db, ctx.tenant_id)
        .await
        .map_err(|e| TelephonyError::BadPayload(e.to_string()))?;
    let mut p = SyncProgress {
        agents_total: agents.len() as u32,
        ..Default::default()
    };
    progress.send_replace(p.clone());
    for agent in agents {
        let mut external = agent.row.external_id.clone();
        // Only mapped agents are pushed: unmapped ones are created on ElevenLabs when published.
        if opts.remap && external.is_some() {
            match agent_store::push_to_elevenlabs(db, ctx, agent.row.id, client).await {
                Ok(ext) => {
                    p.agents_pushed += 1;
                    if agent
                        .row
                        .external_id
                        .as_deref()
                        .is_some_and(|old| old != ext)
                    {
                        p.agents_recreated += 1;
                    }
                    external = Some(ext);
                }
                Err(e) => p.error(format!("agent {}: {e}", agent.row.name)),
            }
        }
        if let Some(ext) = external {
            let io = Io {
                db,
                recordings,
                bus,
                client,
            };
            sync_agent(&io, &ext, opts, &mut p, progress).await;
        }
        p.agents_done += 1;
        progress.send_replace(p.clone());
    }
    Ok(p)
}

struct Io<'a> {
    db: &'a DatabaseConnection,
    recordings: &'a Recordings,
    bus: &'a Bus,
    client: &'a ElevenLabsClient,
}

async fn sync_agent(
    io: &Io<'_>,
    external_agent: &str,
    opts: SyncOptions,
    p: &mut SyncProgress,
    progress: &watch::Sender<SyncProgress>,
) {
    let mut cursor: Option<String> = None;
    loop {
        let page = match io
            .client
            .list_conversations(external_agent, cursor.as_deref(), opts.after_unix)
            .await
        {
            Ok(page) => page,
            Err(e) => {
                p.error(format!("listing conversations of {external_agent}: {e}"));
                return;
            }
        };
        for summary in &page.conversations {
            p.conversations_seen += 1;
            let Some(id) = summary["conversation_id"].as_str() else {
                continue;
            };
            match summary["status"].as_str() {
                Some("done") | Some("failed") => {}
                _ => {
                    p.conversations_pending += 1;
                    continue;
                }
            }
            if let Err(e) = sync_conversation(io, id, p).await {
                p.error(format!("conversation {id}: {e}"));
            }
        }
        progress.send_replace(p.clone());
        match (page.has_more, page.next_cursor) {
            (true, Some(next)) if Some(&next) != cursor.as_ref() => cursor = Some(next),
            _ => return,
        }
    }
}

async fn sync_conversation(io: &Io<'_>, id: &str, p: &mut SyncProgress) -> Result<(), String> {
    let Io {
        db,
        recordings,
        bus,
        client,
    } = *io;
    let has_transcript = elevenlabs::applied(db, id, "post_call_transcription")
        .await
        .map_err(|e| e.to_string())?;
    let has_audio = elevenlabs::applied(db, id, "post_call_audio")
        .await
        .map_err(|e| e.to_string())?;
    if has_transcript && has_audio {
        return Ok(());
    }
    let conversation = client
        .get_conversation(id)
        .await
        .map_err(|e| e.to_string())?;
    if !has_transcript {
        let applied = elevenlabs::apply(
            db,
            recordings,
            "post_call_transcription",
            &conversation,
            None,
        )
        .await
        .map_err(|e| e.to_string())?;
        if matches!(applied, Outcome::Applied { .. }) {
            p.calls_imported += 1;
        }
        elevenlabs::announce(db, bus, &applied)
            .await
            .map_err(|e| e.to_string())?;
    }
    if !has_audio && conversation["has_audio"].as_bool().unwrap_or(false) {
        let audio = match client.get_conversation_audio(id).await {
            Ok(bytes) => bytes,
            // Recordings can be turned off or already purged by retention.
            Err(ElevenLabsError::Upstream { status: 404, .. }) => return Ok(()),
            Err(e) => return Err(e.to_string()),
        };
        let applied = elevenlabs::apply(
            db,
            recordings,
            "post_call_audio",
            &conversation,
            Some(audio),
        )
        .await
        .map_err(|e| e.to_string())?;
        if matches!(applied, Outcome::Applied { .. }) {
            p.recordings_imported += 1;
        }
        elevenlabs::announce(db, bus, &applied)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The job kind that runs a sync.
pub const JOB_KIND: &str = "elevenlabs.sync";

/// Why a sync runs (stored in the job's payload).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// Someone asked for it.
    Manual,
    /// The periodic reconciliation (looks back `lookback`).
    Schedule,
    /// The tenant changed its ElevenLabs key: agents are pushed (re-created where missing) and
    /// the whole history is pulled under the new key.
    KeyChanged,
}

/// A sync job's input.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct SyncJob {
    /// Why.
    pub trigger: Trigger,
    /// Only conversations started after this Unix time.
    pub after_unix: Option<i64>,
}

impl SyncJob {
    /// The options this job runs with.
    pub fn options(&self) -> SyncOptions {
        SyncOptions {
            remap: self.trigger == Trigger::KeyChanged,
            after_unix: self.after_unix,
        }
    }
}

/// Queues a sync of the tenant. A manual or scheduled one joins a sync already queued or running;
/// a key change always queues its own (it must run under the new key).
pub async fn enqueue(
    db: &impl sea_orm::ConnectionTrait,
    tenant_id: uuid::Uuid,
    trigger: Trigger,
    after_unix: Option<i64>,
) -> Result<(switchboard_db::entity::job::Model, bool), TelephonyError> {
    use switchboard_platform::jobs;
    let new = jobs::NewJob {
        tenant_id: Some(tenant_id),
        kind: JOB_KIND,
        payload: serde_json::to_value(SyncJob {
            trigger,
            after_unix,
        })
        .unwrap_or_default(),
        max_attempts: 3,
    };
    Ok(match trigger {
        Trigger::KeyChanged => (jobs::enqueue(db, new).await?, true),
        _ => jobs::enqueue_once(db, new).await?,
    })
}

/// After a tenant stored a different ElevenLabs key: queues a `key_changed` sync when it has
/// agents already mapped to ElevenLabs (unmapped ones are created on their next publish, so the
/// job and a first publish never both create). Returns whether a sync was queued.
pub async fn after_key_change(
    db: &impl sea_orm::ConnectionTrait,
    tenant_id: uuid::Uuid,
) -> Result<bool, TelephonyError> {
    let mapped = agent_store::delegated(db, tenant_id)
        .await
        .map_err(|e| TelephonyError::BadPayload(e.to_string()))?
        .iter()
        .any(|a| a.row.external_id.is_some());
    if mapped {
        enqueue(db, tenant_id, Trigger::KeyChanged, None).await?;
    }
    Ok(mapped)
}
