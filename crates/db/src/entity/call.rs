//! `calls` table.

use sea_orm::entity::prelude::*;

use super::Ts;

/// One row of `calls`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calls")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub agent_id: Option<Uuid>,
    pub agent_version: i32,
    /// `inbound` or `outbound`.
    pub direction: String,
    pub from_number: Option<String>,
    pub to_number: Option<String>,
    /// `builtin` or `elevenlabs`.
    pub runtime: String,
    /// Who ran the call (`elevenlabs`, `twilio`, `simulator`).
    pub provider: String,
    /// The provider id (ElevenLabs conversation id, Twilio CallSid).
    pub provider_call_id: String,
    /// `queued`, `ringing`, `in_progress`, `completed`, `failed`.
    pub status: String,
    pub started_at: Option<Ts>,
    pub answered_at: Option<Ts>,
    pub ended_at: Option<Ts>,
    pub duration_secs: i32,
    pub end_reason: Option<String>,
    /// Credits charged (one per started minute).
    pub cost_credits: i64,
    /// The provider own cost, as reported (provider units).
    pub provider_cost: Option<i64>,
    pub summary: Option<String>,
    pub successful: Option<bool>,
    /// JSON of the provider analysis.
    pub analysis: Option<String>,
    /// JSON of collected data.
    pub data_collected: Option<String>,
    /// Object-store key of the recording.
    pub recording_key: Option<String>,
    /// Whole transcript as text, for search.
    pub transcript_text: String,
    pub created_at: Ts,
    pub updated_at: Ts,
    /// Per-turn latency (JSON list) of calls run by the built-in runtime.
    pub turn_timings: Option<String>,
    /// The client's `Idempotency-Key` of an outbound call placed through the API.
    pub idempotency_key: Option<String>,
}

/// No relations are navigated through the ORM; crates join by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

super::tenant_owned!();
