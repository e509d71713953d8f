//! Outbound calls placed through the API: from one of the tenant's numbers to a phone number
//! (E.164, checked with `phonenumber`), answered by the number's agent with prompt variables.
//! Refused over the concurrent-call quota, without credits, or for a suspended account. The
//! client's `Idempotency-Key` makes a retried request return the call it already placed.

use std::collections::BTreeMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Deserialize;
use switchboard_core::{TenantCtx, new_id};
use switchboard_db::entity::call;
use switchboard_db::scoped;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::TelephonyError;
use crate::calls::{self, Call, ProviderCall};
use crate::carrier::NewCall;
use crate::media::caller::Step;
use crate::numbers::{self, CarrierAccess};
use crate::voice;

/// An outbound call to place.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PlaceCall {
    /// One of the tenant's active numbers (its agent talks).
    pub from_number_id: Uuid,
    /// Who to call, E.164 (`+14155550123`).
    pub to: String,
    /// Prompt variables for this call (over the agent's defaults).
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
    /// For simulator numbers: what the simulated callee does (default: answers, says hello and
    /// goodbye).
    #[serde(default)]
    pub simulator_script: Option<Vec<Step>>,
}

/// What placing a call came to.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The call.
    pub call: Call,
    /// False when the Idempotency-Key was seen before (nothing new was dialled).
    pub created: bool,
    /// For simulator numbers: the callee to run.
    pub simulate: Option<Vec<Step>>,
}

/// Places a call (see the module docs).
pub async fn place(
    db: &DatabaseConnection,
    access: &CarrierAccess,
    ctx: &TenantCtx,
    req: &PlaceCall,
    idempotency_key: Option<&str>,
) -> Result<Placed, TelephonyError> {
    if let Some(key) = idempotency_key {
        if key.is_empty() || key.len() > 200 {
            return Err(TelephonyError::Invalid {
                field: "Idempotency-Key",
                message: "1 to 200 characters".into(),
            });
        }
        if let Some(existing) = scoped::<call::Entity>(ctx.tenant_id)
            .filter(call::Column::IdempotencyKey.eq(key))
            .one(db)
            .await?
        {
            return Ok(Placed {
                call: existing,
                created: false,
                simulate: None,
            });
        }
    }
    let to = crate::contacts::to_e164("to", &req.to, None)?;
    if req.variables.len() > 50
        || req
            .variables
            .iter()
            .any(|(k, v)| k.len() > 64 || v.len() > 1000)
    {
        return Err(TelephonyError::Invalid {
            field: "variables",
            message: "at most 50, names ≤ 64 and values ≤ 1000 characters".into(),
        });
    }
    if let Some(script) = &req.simulator_script {
        crate::media::caller::validate(script).map_err(|m| TelephonyError::Invalid {
            field: "simulator_script",
            message: m,
        })?;
    }
    let number = numbers::get(db, ctx, req.from_number_id)
        .await
        .map_err(|_| TelephonyError::Invalid {
            field: "from_number_id",
            message: "no such number in this account".into(),
        })?;
    if number.status != numbers::status::ACTIVE {
        return Err(TelephonyError::NumberState(number.status));
    }
    let provider = if number.carrier == "simulator" {
        "simulator"
    } else {
        "twilio"
    };
    let version = match number.agent_id {
        Some(a) => switchboard_agents::agents::current_version(db, a)
            .await
            .unwrap_or(0),
        None => 0,
    };
    let pending = format!("pending-{}", new_id().simple());
    let c = calls::upsert(
        db,
        &ProviderCall {
            tenant_id: ctx.tenant_id,
            agent_id: number.agent_id,
            agent_version: version,
            provider,
            provider_call_id: &pending,
            runtime: "builtin",
        },
    )
    .await?;
    let keyed = call::Entity::update_many()
        .col_expr(
            call::Column::IdempotencyKey,
            Expr::value(idempotency_key.map(String::from)),
        )
        .col_expr(call::Column::Status, Expr::value("queued"))
        .filter(call::Column::Id.eq(c.id))
        .exec(db)
        .await;
    if let Err(e) = keyed {
        // The same key raced us: keep theirs.
        call::Entity::delete_by_id(c.id).exec(db).await?;
        if switchboard_db::is_unique_violation(&e)
            && let Some(key) = idempotency_key
            && let Some(existing) = scoped::<call::Entity>(ctx.tenant_id)
                .filter(call::Column::IdempotencyKey.eq(key))
                .one(db)
                .await?
        {
            return Ok(Placed {
                call: existing,
                created: false,
                simulate: None,
            });
        }
        return Err(e.into());
    }
    voice::set_parties(db, &c, "outbound", &number.e164, &to).await?;
    let c = calls::get(db, ctx, c.id).await?;
    if let Some((_, reason)) = voice::admit(db, &number, &c).await? {
        voice::refuse_call(db, &c, reason).await?;
        return Err(TelephonyError::Refused(
            reason.trim_start_matches("refused: ").to_string(),
        ));
    }
    if provider == "simulator" {
        voice::advance(db, &c, "in_progress", None).await?;
        voice::mark_answered(db, &c).await?;
        let script = req.simulator_script.clone().unwrap_or_else(|| {
            vec![
                Step::Say {
                    text: "Hello who is this".into(),
                },
                Step::Say {
                    text: "Thanks goodbye".into(),
                },
            ]
        });
        return Ok(Placed {
            call: calls::get(db, ctx, c.id).await?,
            created: true,
            simulate: Some(script),
        });
    }
    let carrier = access.carrier(db, ctx.tenant_id, "twilio").await?;
    let hooks = access.hooks();
    let time_limit = switchboard_agents::agents::get(db, ctx, number.agent_id.unwrap_or_default())
        .await
        .map(|a| a.config.max_call_duration_secs)
        .unwrap_or(600);
    match carrier
        .create_call(&NewCall {
            to: to.clone(),
            from: number.e164.clone(),
            answer_url: format!("{}?call={}", hooks.voice_url, c.id),
            status_url: format!("{}?call={}", hooks.status_url, c.id),
            ring_timeout_secs: 30,
            time_limit_secs: time_limit,
        })
        .await
    {
        Ok(sid) => {
            attach_sid(db, c.id, &sid).await?;
            Ok(Placed {
                call: calls::get(db, ctx, c.id).await?,
                created: true,
                simulate: None,
            })
        }
        Err(e) => {
            voice::refuse_call(db, &c, &format!("carrier: {e}")).await?;
            Err(TelephonyError::Carrier(e))
        }
    }
}

/// Gives a call placed through the API its carrier id (once; later calls change nothing).
pub async fn attach_sid(
    db: &impl sea_orm::ConnectionTrait,
    call_id: Uuid,
    sid: &str,
) -> Result<(), TelephonyError> {
    let res = call::Entity::update_many()
        .col_expr(call::Column::ProviderCallId, Expr::value(sid))
        .filter(call::Column::Id.eq(call_id))
        .filter(call::Column::ProviderCallId.starts_with("pending-"))
        .exec(db)
        .await;
    match res {
        Ok(_) => Ok(()),
        // A status callback already made a row under that id: keep ours pending.
        Err(e) if switchboard_db::is_unique_violation(&e) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
