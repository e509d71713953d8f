//! Twilio's voice webhooks. The voice URL answers TwiML: a polite refusal (spoken, then hang-up)
//! when the tenant is suspended, out of credits, at its concurrent-call quota or the number has
//! no agent; otherwise `<Connect><Stream>` to our media endpoint with a per-call signed token.
//! Status callbacks move a call forward only (queued < ringing < in-progress < terminal); each
//! is applied once (`CallSid:SequenceNumber`), so late, duplicated or shuffled callbacks never
//! move a call backwards, and a completed call is charged once.

use hmac::{Hmac, Mac};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use sha2::Sha256;
use switchboard_core::now;
use switchboard_db::entity::call;
use switchboard_platform::events::Bus;
use uuid::Uuid;

use crate::TelephonyError;
use crate::calls::{self, Call, ProviderCall};
use crate::numbers::{self, CarrierAccess};
use crate::twilio::signature;

/// A webhook request as received: the URL Twilio called (public base + path and query), its form
/// parameters (repeated names kept), the raw body, and its signature header.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Public URL as called.
    pub url: String,
    /// Form parameters (empty for JSON bodies).
    pub params: Vec<(String, String)>,
    /// Raw body.
    pub body: Vec<u8>,
    /// Whether the body is JSON (signed with `bodySHA256` in the URL).
    pub json: bool,
    /// `X-Twilio-Signature`.
    pub signature: Option<String>,
}

impl Delivery {
    /// A parameter (form, else JSON field, else URL query).
    pub fn get(&self, name: &str) -> Option<String> {
        if let Some((_, v)) = self.params.iter().find(|(k, _)| k == name) {
            return Some(v.clone());
        }
        if self.json
            && let Ok(v) = serde_json::from_slice::<serde_json::Value>(&self.body)
            && let Some(s) = v.get(name).and_then(|x| x.as_str())
        {
            return Some(s.to_string());
        }
        url::Url::parse(&self.url)
            .ok()?
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    fn verified_by(&self, auth_token: &str) -> bool {
        let sig = self.signature.as_deref().unwrap_or_default();
        if self.json {
            signature::verify_json(auth_token, &self.url, &self.body, sig)
        } else {
            signature::verify(auth_token, &self.url, &self.params, sig)
        }
    }
}

/// The per-call token the media stream must present (HMAC-SHA256 of the call id).
pub fn media_token(secret: &str, call_id: Uuid) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(b"media:");
    mac.update(call_id.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `token` is the media token of `call_id`.
pub fn media_token_ok(secret: &str, call_id: Uuid, token: &str) -> bool {
    use subtle::ConstantTimeEq;
    let want = media_token(secret, call_id);
    !token.is_empty() && bool::from(want.as_bytes().ct_eq(token.as_bytes()))
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// TwiML that says `message` and hangs up.
pub fn refusal(message: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>{}</Say><Hangup/></Response>"#,
        xml(message)
    )
}

fn stream_twiml(access: &CarrierAccess, call_id: Uuid, secret: &str) -> String {
    let base = access.public_url.trim_end_matches('/');
    let ws = if let Some(rest) = base.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = base.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        base.to_string()
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="{}" statusCallback="{}" statusCallbackMethod="POST"><Parameter name="call_id" value="{}"/><Parameter name="token" value="{}"/></Stream></Connect></Response>"#,
        xml(&format!("{ws}/media/twilio")),
        xml(&format!("{base}/webhooks/twilio/stream-status")),
        call_id,
        media_token(secret, call_id)
    )
}

/// Why an inbound call is refused, in words for the caller.
pub mod refusals {
    /// The number is not routed to an agent.
    pub const NO_AGENT: &str = "This number is not in service. Goodbye.";
    /// The tenant is suspended.
    pub const SUSPENDED: &str = "This service is not available right now. Goodbye.";
    /// No credits left.
    pub const NO_CREDITS: &str =
        "We cannot take your call right now. Please try again later. Goodbye.";
    /// Concurrent-call quota reached.
    pub const BUSY: &str = "All our lines are busy. Please call again in a few minutes. Goodbye.";
}

const LIVE: &[&str] = &["queued", "ringing", "in_progress"];

/// Our status for a Twilio `CallStatus`, and its rank (calls only move to a higher rank).
pub fn status_of(twilio: &str) -> Option<(&'static str, u8)> {
    Some(match twilio {
        "queued" | "initiated" => ("queued", 0),
        "ringing" => ("ringing", 1),
        "in-progress" | "answered" => ("in_progress", 2),
        "completed" => ("completed", 3),
        "busy" => ("busy", 3),
        "failed" => ("failed", 3),
        "no-answer" => ("no_answer", 3),
        "canceled" => ("canceled", 3),
        _ => return None,
    })
}

fn rank(ours: &str) -> u8 {
    match ours {
        "queued" => 0,
        "ringing" => 1,
        "in_progress" => 2,
        _ => 3,
    }
}

async fn token_for(
    db: &DatabaseConnection,
    access: &CarrierAccess,
    tenant_id: Uuid,
) -> Result<String, TelephonyError> {
    access
        .twilio_credentials(db, tenant_id)
        .await?
        .map(|(_, token, _)| token)
        .ok_or(TelephonyError::BadSignature(
            "this account has no Twilio credentials",
        ))
}

/// Answers the voice webhook of a call to (or placed from) one of our numbers.
pub async fn answer(
    db: &DatabaseConnection,
    access: &CarrierAccess,
    media_secret: &str,
    d: &Delivery,
) -> Result<String, TelephonyError> {
    let call_sid = d
        .get("CallSid")
        .ok_or_else(|| TelephonyError::BadPayload("CallSid is missing".into()))?;
    let to = d.get("To").unwrap_or_default();
    let from = d.get("From").unwrap_or_default();
    let outbound = d
        .get("Direction")
        .is_some_and(|x| x.starts_with("outbound"));
    let our_number = if outbound { &from } else { &to };
    let number = numbers::route(db, "twilio", our_number)
        .await?
        .ok_or_else(|| TelephonyError::UnknownNumber(our_number.clone()))?;
    let token = token_for(db, access, number.tenant_id).await?;
    if !d.verified_by(&token) {
        return Err(TelephonyError::BadSignature(
            "X-Twilio-Signature does not match",
        ));
    }
    // An outbound call we placed learns Twilio's id from the first signed webhook.
    if let Some(id) = d.get("call").and_then(|c| c.parse::<Uuid>().ok()) {
        crate::outbound::attach_sid(db, id, &call_sid).await?;
    }
    let version = match number.agent_id {
        Some(a) => switchboard_agents::agents::current_version(db, a)
            .await
            .unwrap_or(0),
        None => 0,
    };
    let call = calls::upsert(
        db,
        &ProviderCall {
            tenant_id: number.tenant_id,
            agent_id: number.agent_id,
            agent_version: version,
            provider: "twilio",
            provider_call_id: &call_sid,
            runtime: "builtin",
        },
    )
    .await?;
    set_parties(
        db,
        &call,
        if outbound { "outbound" } else { "inbound" },
        &from,
        &to,
    )
    .await?;
    if let Some((why, reason)) = admit(db, &number, &call).await? {
        refuse_call(db, &call, reason).await?;
        return Ok(refusal(why));
    }
    advance(db, &call, "in_progress", None).await?;
    mark_answered(db, &call).await?;
    Ok(stream_twiml(access, call.id, media_secret))
}

/// Whether a call to `number` may go ahead: `Some((words for the caller, reason on record))`
/// when it must be refused (no agent, account suspended, no credits, all lines busy).
pub async fn admit(
    db: &DatabaseConnection,
    number: &numbers::Number,
    call: &Call,
) -> Result<Option<(&'static str, &'static str)>, TelephonyError> {
    if number.agent_id.is_none() {
        return Ok(Some((
            refusals::NO_AGENT,
            "refused: the number has no agent",
        )));
    }
    let tenant = switchboard_tenancy::tenants::by_id(db, number.tenant_id)
        .await
        .map_err(TelephonyError::Tenancy)?;
    if tenant.status != "active" {
        return Ok(Some((
            refusals::SUSPENDED,
            "refused: the account is suspended",
        )));
    }
    if switchboard_billing::ledger::ensure_can_spend(db, number.tenant_id)
        .await
        .is_err()
    {
        return Ok(Some((refusals::NO_CREDITS, "refused: no credits left")));
    }
    use sea_orm::PaginatorTrait;
    let live = switchboard_db::scoped::<call::Entity>(number.tenant_id)
        .filter(call::Column::Status.is_in(LIVE.iter().copied()))
        .filter(call::Column::Id.ne(call.id))
        .count(db)
        .await?;
    if switchboard_tenancy::quota::ensure_room(
        db,
        number.tenant_id,
        switchboard_tenancy::quota::Limit::ConcurrentCalls,
        live,
    )
    .await
    .is_err()
    {
        return Ok(Some((refusals::BUSY, "refused: all lines busy")));
    }
    Ok(None)
}

/// Marks a call refused (failed, with the reason; no charge).
pub async fn refuse_call(
    db: &DatabaseConnection,
    c: &Call,
    reason: &str,
) -> Result<(), TelephonyError> {
    call::Entity::update_many()
        .col_expr(call::Column::Status, Expr::value("failed"))
        .col_expr(
            call::Column::EndReason,
            Expr::value(Some(reason.to_string())),
        )
        .col_expr(call::Column::EndedAt, Expr::value(Some(now())))
        .col_expr(call::Column::UpdatedAt, Expr::value(now()))
        .filter(call::Column::Id.eq(c.id))
        .filter(call::Column::Status.is_in(LIVE.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

/// Records who called whom.
pub async fn set_parties(
    db: &DatabaseConnection,
    c: &Call,
    direction: &str,
    from: &str,
    to: &str,
) -> Result<(), TelephonyError> {
    call::Entity::update_many()
        .col_expr(call::Column::Direction, Expr::value(direction))
        .col_expr(
            call::Column::FromNumber,
            Expr::value(Some(from.to_string())),
        )
        .col_expr(call::Column::ToNumber, Expr::value(Some(to.to_string())))
        .filter(call::Column::Id.eq(c.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks a call answered now (start and answer times, once).
pub async fn mark_answered(
    db: &impl sea_orm::ConnectionTrait,
    c: &Call,
) -> Result<(), TelephonyError> {
    let at = now();
    call::Entity::update_many()
        .col_expr(
            call::Column::StartedAt,
            Expr::value(Some(c.started_at.unwrap_or(c.created_at))),
        )
        .col_expr(call::Column::AnsweredAt, Expr::value(Some(at)))
        .filter(call::Column::Id.eq(c.id))
        .filter(call::Column::AnsweredAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Moves a call to `status` when that is forward of where it is; terminal `completed` with a
/// duration charges it (once, source `call:<id>`). Returns whether it moved.
pub async fn advance(
    db: &impl sea_orm::ConnectionTrait,
    c: &Call,
    status: &str,
    duration_secs: Option<i64>,
) -> Result<bool, TelephonyError> {
    let lower: Vec<&str> = ["queued", "ringing", "in_progress"]
        .into_iter()
        .filter(|s| rank(s) < rank(status))
        .collect();
    if lower.is_empty() {
        return Ok(false);
    }
    let at = now();
    let mut q = call::Entity::update_many()
        .col_expr(call::Column::Status, Expr::value(status))
        .col_expr(call::Column::UpdatedAt, Expr::value(at))
        .filter(call::Column::Id.eq(c.id))
        .filter(call::Column::Status.is_in(lower));
    if c.started_at.is_none() {
        q = q.col_expr(call::Column::StartedAt, Expr::value(Some(c.created_at)));
    }
    if status == "in_progress" {
        q = q.col_expr(call::Column::AnsweredAt, Expr::value(Some(at)));
    }
    let credits = match (status, duration_secs) {
        ("completed", Some(d)) => calls::credits_for(d),
        _ => 0,
    };
    if rank(status) == 3 {
        q = q
            .col_expr(call::Column::EndedAt, Expr::value(Some(at)))
            .col_expr(
                call::Column::EndReason,
                Expr::value(Some(status.to_string())),
            )
            .col_expr(
                call::Column::DurationSecs,
                Expr::value(duration_secs.unwrap_or(0) as i32),
            )
            .col_expr(call::Column::CostCredits, Expr::value(credits));
    }
    let moved = q.exec(db).await?.rows_affected == 1;
    if moved && credits > 0 {
        let d = duration_secs.unwrap_or(0);
        switchboard_billing::ledger::apply_in(
            db,
            c.tenant_id,
            switchboard_billing::ledger::EntryType::Usage,
            -credits,
            &format!("call:{}", c.id),
            &format!("Call of {}:{:02}", d / 60, d % 60),
            None,
        )
        .await?;
    }
    Ok(moved)
}

/// What a status callback did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusOutcome {
    /// Applied (the call may or may not have moved).
    Applied {
        /// The call.
        call_id: Uuid,
        /// Its tenant.
        tenant_id: Uuid,
        /// Whether its status changed.
        moved: bool,
    },
    /// Seen before.
    Duplicate,
}

/// Applies a call status callback at most once.
pub async fn status_callback(
    db: &DatabaseConnection,
    access: &CarrierAccess,
    d: &Delivery,
) -> Result<StatusOutcome, TelephonyError> {
    let sid = d
        .get("CallSid")
        .ok_or_else(|| TelephonyError::BadPayload("CallSid is missing".into()))?;
    let twilio_status = d
        .get("CallStatus")
        .ok_or_else(|| TelephonyError::BadPayload("CallStatus is missing".into()))?;
    let (ours, _) = status_of(&twilio_status)
        .ok_or_else(|| TelephonyError::BadPayload(format!("unknown CallStatus {twilio_status}")))?;
    // Our own call, named in the URL we gave Twilio, else the call Twilio names.
    let placed = match d.get("call").and_then(|c| c.parse::<Uuid>().ok()) {
        Some(id) => call::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let existing = match &placed {
        Some(c) => Some(c.clone()),
        None => {
            call::Entity::find()
                .filter(call::Column::Provider.eq("twilio"))
                .filter(call::Column::ProviderCallId.eq(sid.as_str()))
                .one(db)
                .await?
        }
    };
    let (tenant_id, agent_id) = match &existing {
        Some(c) => (c.tenant_id, c.agent_id),
        None => {
            // A callback that arrives before the voice webhook creates the call.
            let outbound = d
                .get("Direction")
                .is_some_and(|x| x.starts_with("outbound"));
            let ours = if outbound { d.get("From") } else { d.get("To") }.unwrap_or_default();
            let n = numbers::route(db, "twilio", &ours)
                .await?
                .ok_or_else(|| TelephonyError::UnknownNumber(ours.clone()))?;
            (n.tenant_id, n.agent_id)
        }
    };
    let token = token_for(db, access, tenant_id).await?;
    if !d.verified_by(&token) {
        return Err(TelephonyError::BadSignature(
            "X-Twilio-Signature does not match",
        ));
    }
    if let Some(c) = &placed {
        crate::outbound::attach_sid(db, c.id, &sid).await?;
    }
    let key = match d.get("SequenceNumber") {
        Some(seq) => format!("{sid}:{seq}"),
        None => format!("{sid}:{twilio_status}"),
    };
    let duration = d.get("CallDuration").and_then(|v| v.parse::<i64>().ok());
    let txn = switchboard_db::write_txn(db).await?;
    if !crate::first_delivery(
        &txn,
        "twilio",
        &key,
        tenant_id,
        &format!("call-status:{twilio_status}"),
    )
    .await?
    {
        return Ok(StatusOutcome::Duplicate);
    }
    let version = match agent_id {
        Some(a) => switchboard_agents::agents::current_version(&txn, a)
            .await
            .unwrap_or(0),
        None => 0,
    };
    let c = calls::upsert(
        &txn,
        &ProviderCall {
            tenant_id,
            agent_id,
            agent_version: version,
            provider: "twilio",
            provider_call_id: &sid,
            runtime: "builtin",
        },
    )
    .await?;
    if existing.is_none() {
        // A new record starts before any status (`upsert` makes it in progress).
        call::Entity::update_many()
            .col_expr(call::Column::Status, Expr::value("queued"))
            .col_expr(call::Column::FromNumber, Expr::value(d.get("From")))
            .col_expr(call::Column::ToNumber, Expr::value(d.get("To")))
            .col_expr(
                call::Column::Direction,
                Expr::value(
                    if d.get("Direction")
                        .is_some_and(|x| x.starts_with("outbound"))
                    {
                        "outbound"
                    } else {
                        "inbound"
                    },
                ),
            )
            .filter(call::Column::Id.eq(c.id))
            .filter(call::Column::CostCredits.eq(0))
            .filter(call::Column::Status.eq("in_progress"))
            .filter(call::Column::AnsweredAt.is_null())
            .exec(&txn)
            .await?;
    }
    let c = call::Entity::find_by_id(c.id)
        .one(&txn)
        .await?
        .ok_or(TelephonyError::CallNotFound)?;
    let moved = advance(&txn, &c, ours, duration).await?;
    txn.commit().await?;
    Ok(StatusOutcome::Applied {
        call_id: c.id,
        tenant_id,
        moved,
    })
}

/// Records a media-stream status callback (`stream-started`, `stream-stopped`, `stream-error`).
pub async fn stream_status(
    db: &DatabaseConnection,
    access: &CarrierAccess,
    d: &Delivery,
) -> Result<bool, TelephonyError> {
    let sid = d
        .get("CallSid")
        .ok_or_else(|| TelephonyError::BadPayload("CallSid is missing".into()))?;
    let event = d
        .get("StreamEvent")
        .unwrap_or_else(|| "stream-event".into());
    let stream = d.get("StreamSid").unwrap_or_default();
    let c = call::Entity::find()
        .filter(call::Column::Provider.eq("twilio"))
        .filter(call::Column::ProviderCallId.eq(sid.as_str()))
        .one(db)
        .await?
        .ok_or(TelephonyError::CallNotFound)?;
    let token = token_for(db, access, c.tenant_id).await?;
    if !d.verified_by(&token) {
        return Err(TelephonyError::BadSignature(
            "X-Twilio-Signature does not match",
        ));
    }
    crate::first_delivery(
        db,
        "twilio",
        &format!("{stream}:{event}"),
        c.tenant_id,
        &event,
    )
    .await
}

/// Tells live views a call changed.
pub fn announce(bus: &Bus, outcome: &StatusOutcome) {
    if let StatusOutcome::Applied {
        call_id,
        tenant_id,
        moved: true,
    } = outcome
    {
        bus.publish(*tenant_id, "call.updated", *call_id);
    }
}
