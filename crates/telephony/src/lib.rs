//! Telephony: call records with transcripts, analysis, recordings and cost, and the ingestion of
//! calls run by ElevenLabs Conversational AI (signed post-call webhooks, and a sync job that fills
//! in what the webhooks missed). Carriers, numbers and the
//! self-hosted media runtime arrive with the telephony issue.

pub mod calls;
pub mod carrier;
pub mod contacts;
pub mod elevenlabs;
pub mod elevenlabs_sync;
pub mod media;
pub mod numbers;
pub mod outbound;
pub mod recordings;
pub mod simulator;
pub mod twilio;
pub mod voice;

use switchboard_core::{ErrorCode, ErrorKind};

/// Records a provider event under its unique key; `false` when it was recorded before (a
/// redelivery or replay: the caller then changes nothing). Run it in the transaction that applies
/// the event, so the record and the effect commit together.
pub(crate) async fn first_delivery(
    db: &impl sea_orm::ConnectionTrait,
    provider: &str,
    key: &str,
    tenant_id: uuid::Uuid,
    event_type: &str,
) -> Result<bool, TelephonyError> {
    use sea_orm::{ActiveValue::Set, EntityTrait, sea_query::OnConflict};
    use switchboard_db::entity::webhook_event;
    let res = webhook_event::Entity::insert(webhook_event::ActiveModel {
        id: Set(switchboard_core::new_id()),
        provider: Set(provider.to_string()),
        event_key: Set(key.to_string()),
        tenant_id: Set(Some(tenant_id)),
        event_type: Set(event_type.to_string()),
        received_at: Set(switchboard_core::now()),
    })
    .on_conflict(
        OnConflict::columns([
            webhook_event::Column::Provider,
            webhook_event::Column::EventKey,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await;
    match res {
        Ok(n) => Ok(n > 0),
        Err(sea_orm::DbErr::RecordNotInserted) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Errors of the telephony domain.
#[derive(Debug, thiserror::Error)]
pub enum TelephonyError {
    /// No such call in this tenant.
    #[error("call not found")]
    CallNotFound,
    /// The call has no recording (yet).
    #[error("this call has no recording")]
    RecordingNotFound,
    /// A webhook signature is missing, malformed, stale or wrong.
    #[error("{0}")]
    BadSignature(&'static str),
    /// A webhook body cannot be understood.
    #[error("the webhook body is not valid: {0}")]
    BadPayload(String),
    /// An input value is invalid.
    #[error("{field}: {message}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The webhook names an agent no tenant has linked.
    #[error("no agent is linked to ElevenLabs agent {0}")]
    UnknownAgent(String),
    /// The webhook secret is not configured.
    #[error("ElevenLabs webhooks are not configured on this installation")]
    NotConfigured,
    /// Object storage failed.
    #[error("storage: {0}")]
    Storage(String),
    /// The call was refused (why, for people).
    #[error("the call was refused: {0}")]
    Refused(String),
    /// A webhook names a number nobody holds.
    #[error("no account holds the number {0}")]
    UnknownNumber(String),
    /// No such number in this tenant.
    #[error("phone number not found")]
    NumberNotFound,
    /// Someone holds the number already.
    #[error("{0} is already held")]
    NumberTaken(String),
    /// The number is in a state that does not allow this.
    #[error("the number is {0}; try again when it is active")]
    NumberState(String),
    /// The carrier failed or refused.
    #[error(transparent)]
    Carrier(crate::carrier::CarrierError),
    /// Quotas and tenants.
    #[error(transparent)]
    Tenancy(switchboard_tenancy::TenancyError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    /// Billing failed.
    #[error(transparent)]
    Billing(#[from] switchboard_billing::BillingError),
    /// Platform services failed.
    #[error(transparent)]
    Platform(#[from] switchboard_platform::PlatformError),
}

impl ErrorCode for TelephonyError {
    fn code(&self) -> &'static str {
        match self {
            Self::CallNotFound => "call_not_found",
            Self::RecordingNotFound => "recording_not_found",
            Self::BadSignature(_) => "webhook_signature_invalid",
            Self::BadPayload(_) => "webhook_payload_invalid",
            Self::Invalid { .. } => "validation_failed",
            Self::NumberNotFound => "number_not_found",
            Self::UnknownNumber(_) => "number_not_found",
            Self::Refused(r) if r.contains("credits") => "insufficient_credits",
            Self::Refused(r) if r.contains("busy") => "quota_exceeded",
            Self::Refused(r) if r.contains("suspended") => "tenant_suspended",
            Self::Refused(_) => "call_refused",
            Self::NumberTaken(_) => "number_taken",
            Self::NumberState(_) => "number_not_ready",
            Self::Carrier(crate::carrier::CarrierError::NotConfigured(_)) => "not_configured",
            Self::Carrier(_) => "carrier_failed",
            Self::Tenancy(e) => e.code(),
            Self::UnknownAgent(_) => "agent_not_found",
            Self::NotConfigured => "not_configured",
            Self::Storage(_) | Self::Db(_) => "internal",
            Self::Billing(e) => e.code(),
            Self::Platform(e) => e.code(),
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::CallNotFound | Self::RecordingNotFound | Self::UnknownAgent(_) => {
                ErrorKind::NotFound
            }
            Self::BadSignature(_) => ErrorKind::Unauthenticated,
            Self::BadPayload(_) | Self::Invalid { .. } => ErrorKind::Invalid,
            Self::NumberNotFound | Self::UnknownNumber(_) => ErrorKind::NotFound,
            Self::Refused(r) if r.contains("suspended") => ErrorKind::Forbidden,
            Self::Refused(_) => ErrorKind::Conflict,
            Self::NumberTaken(_) | Self::NumberState(_) => ErrorKind::Conflict,
            Self::Carrier(crate::carrier::CarrierError::NotConfigured(_)) => ErrorKind::Conflict,
            Self::Carrier(crate::carrier::CarrierError::Refused { status, .. })
                if *status < 500 =>
            {
                ErrorKind::Invalid
            }
            Self::Carrier(_) => ErrorKind::Unavailable,
            Self::Tenancy(e) => e.kind(),
            Self::NotConfigured => ErrorKind::Unavailable,
            Self::Storage(_) | Self::Db(_) => ErrorKind::Internal,
            Self::Billing(e) => e.kind(),
            Self::Platform(e) => e.kind(),
        }
    }
    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Invalid { field, message } => {
                Some(serde_json::json!({ "fields": { *field: [message] } }))
            }
            Self::Tenancy(e) => e.details(),
            _ => None,
        }
    }
}
