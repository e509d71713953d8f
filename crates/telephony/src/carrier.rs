//! Carriers: where numbers come from and calls go through. Twilio speaks its REST API; the
//! built-in simulator needs no account (free numbers, calls driven by a simulated caller over the
//! same media path). Others (Vonage, Telnyx, SIP trunks) fit behind the same trait.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Failures talking to a carrier.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum CarrierError {
    /// The carrier refused the request (its code and message).
    #[error("{carrier} refused: {message} (code {code})")]
    Refused {
        /// Carrier name.
        carrier: &'static str,
        /// HTTP status.
        status: u16,
        /// The carrier's own error code (Twilio's 21xxx, ...).
        code: i64,
        /// Its message.
        message: String,
    },
    /// Not reachable, timed out, or a 5xx: worth retrying.
    #[error("{0} is unreachable: {1}")]
    Unreachable(&'static str, String),
    /// An answer we cannot read.
    #[error("{0} sent an unreadable answer: {1}")]
    Protocol(&'static str, String),
    /// The carrier is not set up for this tenant.
    #[error("{0}")]
    NotConfigured(String),
}

impl CarrierError {
    /// Whether trying again later may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            CarrierError::Unreachable(..) => true,
            CarrierError::Refused { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

/// What to look for.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct NumberSearch {
    /// ISO country code (`US`).
    pub country: String,
    /// Area code (`415`).
    pub area_code: Option<String>,
    /// Digits (or letters) the number contains.
    pub contains: Option<String>,
    /// At most this many (1–50).
    pub limit: Option<u32>,
}

/// A number that can be bought.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct AvailableNumber {
    /// E.164.
    pub phone_number: String,
    /// As the carrier shows it (`(415) 555-0123`).
    pub friendly_name: String,
    /// Place, when known.
    pub locality: Option<String>,
    /// Region or state, when known.
    pub region: Option<String>,
    /// ISO country.
    pub country: String,
}

/// Where the carrier sends a number's calls.
#[derive(Debug, Clone)]
pub struct VoiceHooks {
    /// Voice webhook (answers TwiML).
    pub voice_url: String,
    /// Call status callback.
    pub status_url: String,
}

/// A number the account owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedNumber {
    /// Carrier's id of the number (Twilio `PN…`).
    pub sid: String,
    /// E.164.
    pub phone_number: String,
}

/// An outbound call to place.
#[derive(Debug, Clone)]
pub struct NewCall {
    /// Callee, E.164.
    pub to: String,
    /// One of the tenant's numbers, E.164.
    pub from: String,
    /// Webhook answering the call (our voice URL for this call).
    pub answer_url: String,
    /// Status callbacks.
    pub status_url: String,
    /// Ring for at most this many seconds.
    pub ring_timeout_secs: u32,
    /// Hang up after this many seconds.
    pub time_limit_secs: u32,
}

/// A call as the carrier sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarrierCall {
    /// Carrier's call id.
    pub sid: String,
    /// Carrier status (`queued`, `ringing`, `in-progress`, `completed`, ...).
    pub status: String,
    /// Seconds, when ended.
    pub duration_secs: Option<i64>,
}

/// A carrier account (one tenant's credentials, or the platform's).
#[async_trait::async_trait]
pub trait Carrier: Send + Sync {
    /// `twilio`, `simulator`, ...
    fn name(&self) -> &'static str;
    /// Numbers for sale.
    async fn search_numbers(&self, q: &NumberSearch) -> Result<Vec<AvailableNumber>, CarrierError>;
    /// Buys a number and points its calls at `hooks` in one request.
    async fn buy_number(&self, e164: &str, hooks: &VoiceHooks)
    -> Result<OwnedNumber, CarrierError>;
    /// Points an owned number's calls at `hooks`.
    async fn configure_number(&self, sid: &str, hooks: &VoiceHooks) -> Result<(), CarrierError>;
    /// Gives a number back (already gone counts as done).
    async fn release_number(&self, sid: &str) -> Result<(), CarrierError>;
    /// Places a call; returns the carrier's call id.
    async fn create_call(&self, call: &NewCall) -> Result<String, CarrierError>;
    /// Ends a call.
    async fn hangup_call(&self, sid: &str) -> Result<(), CarrierError>;
    /// A call's state.
    async fn fetch_call(&self, sid: &str) -> Result<CarrierCall, CarrierError>;
}
