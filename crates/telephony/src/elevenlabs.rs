//! ElevenLabs post-call webhooks: `ElevenLabs-Signature` verification on the raw body, then
//! `post_call_transcription`, `post_call_audio` and `call_initiation_failure`, each applied at most
//! once (the event is recorded under `conversation_id:type` in the same transaction as its effect).

use base64::Engine;
use hmac::{Hmac, Mac};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;
use switchboard_db::entity::{agent, webhook_event};

use crate::TelephonyError;
use crate::calls::{self, Completion, ProviderCall};
use crate::recordings::Recordings;

/// Signatures older than this are refused (ElevenLabs' own tolerance; future ones are accepted).
pub const TOLERANCE_SECS: i64 = 30 * 60;

/// Checks `t=<unix>,v0=<hex>` against HMAC-SHA256(secret, "{t}.{body}") in constant time.
pub fn verify(
    secret: &str,
    header: Option<&str>,
    body: &[u8],
    now_unix: i64,
) -> Result<(), TelephonyError> {
    let header = header.ok_or(TelephonyError::BadSignature(
        "missing ElevenLabs-Signature header",
    ))?;
    let mut t = None;
    let mut v0 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v0", v)) => v0 = Some(v.to_string()),
            _ => {}
        }
    }
    let t = t.ok_or(TelephonyError::BadSignature(
        "the signature has no timestamp",
    ))?;
    let v0 = v0.ok_or(TelephonyError::BadSignature("the signature has no v0 hash"))?;
    if t < now_unix - TOLERANCE_SECS {
        return Err(TelephonyError::BadSignature(
            "the signature timestamp is too old",
        ));
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|_| TelephonyError::BadSignature("bad secret"))?;
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let expected = hex::encode(mac.finalize().into_bytes());
    if bool::from(expected.as_bytes().ct_eq(v0.as_bytes())) {
        Ok(())
    } else {
        Err(TelephonyError::BadSignature("the signature does not match"))
    }
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "type")]
    kind: String,
    data: serde_json::Value,
}

#[derive(Deserialize)]
struct TranscriptLine {
    role: String,
    message: Option<String>,
    #[serde(default)]
    time_in_call_secs: f64,
}

/// What a delivery did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Applied now.
    Applied {
        /// The call.
        call_id: uuid::Uuid,
        /// Its tenant.
        tenant_id: uuid::Uuid,
    },
    /// Seen before: nothing changed.
    Duplicate,
    /// A type we do not handle (acknowledged, ignored).
    Ignored,
}

fn text(v: &serde_json::Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for p in path {
        cur = cur.get(*p)?;
    }
    cur.as_str().map(String::from)
}

fn int(v: &serde_json::Value, path: &[&str]) -> Option<i64> {
    let mut cur = v;
    for p in path {
        cur = cur.get(*p)?;
    }
    cur.as_i64()
        .or_else(|| cur.as_f64().map(|f| f.round() as i64))
}

/// Handles one verified delivery. Answer 200 only when this returns `Ok`.
pub async fn handle(
    db: &DatabaseConnection,
    recordings: &Recordings,
    body: &[u8],
) -> Result<Outcome, TelephonyError> {
    let env: Envelope =
        serde_json::from_slice(body).map_err(|e| TelephonyError::BadPayload(e.to_string()))?;
    apply(db, recordings, &env.kind, &env.data, None).await
}

/// Tells live views about an applied event: the call changed, and the balance is low when it is.
pub async fn announce(
    db: &impl sea_orm::ConnectionTrait,
    bus: &switchboard_platform::events::Bus,
    outcome: &Outcome,
) -> Result<(), TelephonyError> {
    if let Outcome::Applied { call_id, tenant_id } = outcome {
        bus.publish(*tenant_id, "call.updated", *call_id);
        if switchboard_billing::ledger::balance(db, *tenant_id).await?
            < switchboard_billing::ledger::LOW_BALANCE
        {
            bus.publish(*tenant_id, "credits.low", *tenant_id);
        }
    }
    Ok(())
}

/// Whether the event `kind` of `conversation_id` was already applied (by a webhook or the sync).
pub async fn applied(
    db: &impl sea_orm::ConnectionTrait,
    conversation_id: &str,
    kind: &str,
) -> Result<bool, TelephonyError> {
    Ok(webhook_event::Entity::find()
        .filter(webhook_event::Column::Provider.eq("elevenlabs"))
        .filter(webhook_event::Column::EventKey.eq(format!("{conversation_id}:{kind}")))
        .one(db)
        .await?
        .is_some())
}

/// Applies one event given as its type and `data` (a webhook's, or a conversation fetched by the
/// sync job) at most once. `audio` carries the recording when it was fetched separately; else a
/// `post_call_audio` event's base64 `full_audio` is used.
pub async fn apply(
    db: &DatabaseConnection,
    recordings: &Recordings,
    kind: &str,
    d: &serde_json::Value,
    audio: Option<Vec<u8>>,
) -> Result<Outcome, TelephonyError> {
    if ![
        "post_call_transcription",
        "post_call_audio",
        "call_initiation_failure",
    ]
    .contains(&kind)
    {
        return Ok(Outcome::Ignored);
    }
    let agent_ext = text(d, &["agent_id"])
        .ok_or_else(|| TelephonyError::BadPayload("data.agent_id is missing".into()))?;
    let conversation = text(d, &["conversation_id"])
        .ok_or_else(|| TelephonyError::BadPayload("data.conversation_id is missing".into()))?;
    let agent = agent::Entity::find()
        .filter(agent::Column::ExternalId.eq(agent_ext.as_str()))
        .one(db)
        .await?
        .ok_or(TelephonyError::UnknownAgent(agent_ext.clone()))?;
    // Audio is decoded before the transaction so a bad body changes nothing.
    let audio = match audio {
        Some(bytes) => Some(bytes),
        None if kind == "post_call_audio" => {
            let b64 = text(d, &["full_audio"])
                .ok_or_else(|| TelephonyError::BadPayload("data.full_audio is missing".into()))?;
            Some(
                base64::engine::general_purpose::STANDARD
                    .decode(b64.trim())
                    .map_err(|e| TelephonyError::BadPayload(format!("full_audio: {e}")))?,
            )
        }
        None => None,
    };
    let transcript: Vec<TranscriptLine> = match d.get("transcript") {
        Some(t) if kind == "post_call_transcription" => serde_json::from_value(t.clone())
            .map_err(|e| TelephonyError::BadPayload(format!("transcript: {e}")))?,
        _ => vec![],
    };

    let txn = switchboard_db::write_txn(db).await?;
    let key = format!("{conversation}:{kind}");
    if !crate::first_delivery(&txn, "elevenlabs", &key, agent.tenant_id, kind).await? {
        return Ok(Outcome::Duplicate);
    }
    let version = int(
        d,
        &[
            "conversation_initiation_client_data",
            "dynamic_variables",
            "switchboard_agent_version",
        ],
    )
    .unwrap_or(i64::from(agent.current_version));
    let call = calls::upsert(
        &txn,
        &ProviderCall {
            tenant_id: agent.tenant_id,
            agent_id: Some(agent.id),
            agent_version: version as i32,
            provider: "elevenlabs",
            provider_call_id: &conversation,
            runtime: "elevenlabs",
        },
    )
    .await?;
    match kind {
        "post_call_transcription" => {
            let phone = d.get("metadata").and_then(|m| m.get("phone_call"));
            let direction = phone.and_then(|p| text(p, &["direction"]));
            let (from, to) = match phone {
                Some(p) => {
                    let agent_no = text(p, &["agent_number"]);
                    let external = text(p, &["external_number"]);
                    if direction.as_deref() == Some("outbound") {
                        (agent_no, external)
                    } else {
                        (external, agent_no)
                    }
                }
                None => (None, None),
            };
            let status = match text(d, &["status"]).as_deref() {
                Some("failed") => "failed",
                _ => "completed",
            };
            let done = Completion {
                direction,
                from_number: from,
                to_number: to,
                started_at: int(d, &["metadata", "start_time_unix_secs"])
                    .and_then(|s| chrono::DateTime::from_timestamp(s, 0)),
                duration_secs: int(d, &["metadata", "call_duration_secs"])
                    .unwrap_or(0)
                    .max(0),
                status: status.into(),
                end_reason: text(d, &["metadata", "termination_reason"]),
                provider_cost: int(d, &["metadata", "cost"]),
                summary: text(d, &["analysis", "transcript_summary"]),
                successful: text(d, &["analysis", "call_successful"]).map(|s| s == "success"),
                analysis: d.get("analysis").cloned(),
                data_collected: d
                    .get("analysis")
                    .and_then(|a| a.get("data_collection_results"))
                    .cloned(),
                transcript: transcript
                    .into_iter()
                    .filter_map(|l| {
                        let speaker = if l.role == "agent" { "agent" } else { "caller" };
                        l.message.filter(|m| !m.trim().is_empty()).map(|m| {
                            (
                                speaker.to_string(),
                                m,
                                (l.time_in_call_secs * 1000.0) as i64,
                            )
                        })
                    })
                    .collect(),
            };
            calls::complete(&txn, &call, done).await?;
        }
        "post_call_audio" => {
            let key = format!("{}/{}.mp3", call.tenant_id, call.id);
            recordings.put(&key, audio.unwrap_or_default()).await?;
            calls::set_recording(&txn, &call, &key).await?;
        }
        _ => {
            let reason = text(d, &["failure_reason"]).unwrap_or_else(|| "initiation failed".into());
            calls::fail(&txn, &call, &reason).await?;
        }
    }
    txn.commit().await?;
    Ok(Outcome::Applied {
        call_id: call.id,
        tenant_id: call.tenant_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"type":"post_call_transcription","event_timestamp":1700000000,"data":{"agent_id":"a","conversation_id":"c"}}"#;

    #[test]
    fn the_published_vector_verifies() {
        let h = "t=1700000000,v0=5b9a5178a9912e4f68528c9c29334ac017c794aececfbd9f08491aea4503cb64";
        assert!(
            verify(
                "wsec_0123456789abcdef",
                Some(h),
                BODY.as_bytes(),
                1_700_000_000 + 60
            )
            .is_ok()
        );
    }

    #[test]
    fn tampering_staleness_and_missing_parts_are_refused() {
        let h = "t=1700000000,v0=5b9a5178a9912e4f68528c9c29334ac017c794aececfbd9f08491aea4503cb64";
        let tampered = BODY.replace("\"c\"", "\"d\"");
        assert!(
            verify(
                "wsec_0123456789abcdef",
                Some(h),
                tampered.as_bytes(),
                1_700_000_000
            )
            .is_err()
        );
        assert!(
            verify(
                "wsec_0123456789abcdef",
                Some(h),
                BODY.as_bytes(),
                1_700_000_000 + TOLERANCE_SECS + 1
            )
            .is_err()
        );
        assert!(verify("other-secret", Some(h), BODY.as_bytes(), 1_700_000_000).is_err());
        assert!(
            verify(
                "wsec_0123456789abcdef",
                None,
                BODY.as_bytes(),
                1_700_000_000
            )
            .is_err()
        );
        assert!(
            verify(
                "wsec_0123456789abcdef",
                Some("v0=abc"),
                BODY.as_bytes(),
                1_700_000_000
            )
            .is_err()
        );
        // Future timestamps are accepted, as ElevenLabs' own verifier does.
        assert!(
            verify(
                "wsec_0123456789abcdef",
                Some(h),
                BODY.as_bytes(),
                1_699_000_000
            )
            .is_ok()
        );
    }
}

/// The conversation-initiation request ElevenLabs sends for an incoming phone call.
#[derive(Debug, Deserialize)]
pub struct InitiationRequest {
    /// Caller's number.
    pub caller_id: Option<String>,
    /// ElevenLabs agent id.
    pub agent_id: String,
    /// Number that was called.
    pub called_number: Option<String>,
    /// Carrier call id.
    pub call_sid: Option<String>,
}

/// Answers a conversation-initiation request: the agent's default prompt variables, the caller's
/// number and the agent version (so the post-call webhook records which version served the call).
/// Refuses with `insufficient_credits` when the tenant has no credits left, which makes ElevenLabs
/// refuse the call. The caller's contact details (or the tenant's caller defaults) are added over
/// the agent's variables, the name as `contact_name`.
pub async fn initiation(
    db: &DatabaseConnection,
    body: &[u8],
) -> Result<serde_json::Value, TelephonyError> {
    let req: InitiationRequest =
        serde_json::from_slice(body).map_err(|e| TelephonyError::BadPayload(e.to_string()))?;
    let agent = agent::Entity::find()
        .filter(agent::Column::ExternalId.eq(req.agent_id.as_str()))
        .filter(agent::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(TelephonyError::UnknownAgent(req.agent_id.clone()))?;
    switchboard_billing::ledger::ensure_can_spend(db, agent.tenant_id).await?;
    let config: serde_json::Value = serde_json::from_str(&agent.config).unwrap_or_default();
    let mut vars = config
        .get("variables")
        .and_then(|v| v.as_object())
        .cloned()
        .unwrap_or_default();
    // Who is calling: the contact's name and variables, else the tenant's caller defaults.
    let caller = req
        .caller_id
        .as_deref()
        .and_then(|c| crate::contacts::to_e164("caller_id", c, None).ok());
    let known = match &caller {
        Some(phone) => crate::contacts::lookup(db, agent.tenant_id, phone).await?,
        None => {
            let d = crate::contacts::defaults(db, agent.tenant_id).await?;
            crate::contacts::ContactLookup {
                phone: String::new(),
                found: false,
                contact_id: None,
                name: d.name,
                variables: d.variables,
            }
        }
    };
    for (k, v) in known.variables {
        vars.insert(k, v.into());
    }
    if let Some(name) = known.name {
        vars.insert("contact_name".into(), name.into());
    }
    vars.insert(
        "caller_number".into(),
        caller
            .or_else(|| req.caller_id.clone())
            .unwrap_or_default()
            .into(),
    );
    vars.insert(
        "called_number".into(),
        req.called_number.clone().unwrap_or_default().into(),
    );
    vars.insert(
        "switchboard_agent_version".into(),
        agent.current_version.into(),
    );
    Ok(
        serde_json::json!({ "type": "conversation_initiation_client_data", "dynamic_variables": vars }),
    )
}

/// Checks the shared secret ElevenLabs sends as a header on initiation requests.
pub fn check_bearer(secret: &str, header: Option<&str>) -> Result<(), TelephonyError> {
    let given = header
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !given.is_empty() && bool::from(given.as_bytes().ct_eq(secret.as_bytes())) {
        Ok(())
    } else {
        Err(TelephonyError::BadSignature(
            "missing or wrong Authorization: Bearer secret",
        ))
    }
}
