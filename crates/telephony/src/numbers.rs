//! Phone numbers: searched and bought at a carrier, pointed at our voice webhook, assigned to an
//! agent (inbound routing), released. Buying and releasing run as background jobs so a slow or
//! failing carrier never blocks a request: the number shows `provisioning` (or `releasing`) until
//! the job ends, and a purchase that fails leaves nothing held — neither here nor at the carrier.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use switchboard_core::{Page, PageParams, TenantCtx, new_id, now};
use switchboard_db::entity::phone_number::{self, Column, Entity};
use switchboard_db::{is_unique_violation, scoped};
use switchboard_platform::{audit, jobs, tenant_secrets};
use uuid::Uuid;

use crate::TelephonyError;
use crate::carrier::{AvailableNumber, Carrier, CarrierError, NumberSearch, VoiceHooks};
use crate::simulator::{Simulator, is_simulated_number};
use crate::twilio::TwilioClient;

/// A held number.
pub type Number = phone_number::Model;

/// Job kinds.
pub const PROVISION_JOB: &str = "numbers.provision";
/// Job kinds.
pub const RELEASE_JOB: &str = "numbers.release";

/// Number states.
pub mod status {
    /// Being bought.
    pub const PROVISIONING: &str = "provisioning";
    /// Owned and routed.
    pub const ACTIVE: &str = "active";
    /// The purchase failed; nothing is held.
    pub const FAILED: &str = "failed";
    /// Being given back.
    pub const RELEASING: &str = "releasing";
    /// Given back.
    pub const RELEASED: &str = "released";
}

/// Carrier credentials and where carriers send calls.
#[derive(Clone)]
pub struct CarrierAccess {
    /// Twilio REST base (`https://api.twilio.com`).
    pub twilio_base_url: String,
    /// Platform-wide Twilio account (`account_sid`, `auth_token`), if configured.
    pub platform_twilio: Option<(String, String)>,
    /// Decrypts tenants' credentials.
    pub keyring: switchboard_platform::secrets::Keyring,
    /// Public base URL of this installation (webhooks).
    pub public_url: String,
}

impl std::fmt::Debug for CarrierAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CarrierAccess")
            .field("twilio_base_url", &self.twilio_base_url)
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

/// The carriers numbers can come from.
pub const CARRIERS: &[&str] = &["simulator", "twilio"];

impl CarrierAccess {
    /// The Twilio account a tenant uses (its own, its agency's, the platform's) and whose it is.
    pub async fn twilio_credentials(
        &self,
        db: &impl ConnectionTrait,
        tenant_id: Uuid,
    ) -> Result<Option<(String, String, tenant_secrets::KeySource)>, TelephonyError> {
        let lineage = switchboard_tenancy::tenants::lineage_kinds(db, tenant_id)
            .await
            .map_err(TelephonyError::Tenancy)?;
        let stored =
            tenant_secrets::reveal_inherited(db, &self.keyring, &lineage, "twilio").await?;
        Ok(match stored {
            Some((v, source)) => v
                .split_once(':')
                .map(|(sid, token)| (sid.to_string(), token.to_string(), source)),
            None => self
                .platform_twilio
                .clone()
                .map(|(sid, token)| (sid, token, tenant_secrets::KeySource::Platform)),
        })
    }

    /// The carrier `name` for a tenant.
    pub async fn carrier(
        &self,
        db: &impl ConnectionTrait,
        tenant_id: Uuid,
        name: &str,
    ) -> Result<Box<dyn Carrier>, TelephonyError> {
        match name {
            "simulator" => Ok(Box::new(Simulator)),
            "twilio" => {
                let (sid, token, _) =
                    self.twilio_credentials(db, tenant_id)
                        .await?
                        .ok_or_else(|| {
                            TelephonyError::Carrier(CarrierError::NotConfigured(
                                "no Twilio account: add one under Settings, Integrations".into(),
                            ))
                        })?;
                Ok(Box::new(
                    TwilioClient::new(&self.twilio_base_url, &sid, &token)
                        .map_err(TelephonyError::Carrier)?,
                ))
            }
            other => Err(TelephonyError::Invalid {
                field: "carrier",
                message: format!("`{other}` is not a carrier; use one of {CARRIERS:?}"),
            }),
        }
    }

    /// Where numbers send their calls.
    pub fn hooks(&self) -> VoiceHooks {
        let base = self.public_url.trim_end_matches('/');
        VoiceHooks {
            voice_url: format!("{base}/webhooks/twilio/voice"),
            status_url: format!("{base}/webhooks/twilio/status"),
        }
    }
}

fn check_carrier(name: &str) -> Result<(), TelephonyError> {
    if CARRIERS.contains(&name) {
        Ok(())
    } else {
        Err(TelephonyError::Invalid {
            field: "carrier",
            message: format!("`{name}` is not a carrier; use one of {CARRIERS:?}"),
        })
    }
}

/// Numbers for sale at `carrier`.
pub async fn search(
    db: &impl ConnectionTrait,
    access: &CarrierAccess,
    tenant_id: Uuid,
    carrier: &str,
    q: &NumberSearch,
) -> Result<Vec<AvailableNumber>, TelephonyError> {
    check_carrier(carrier)?;
    if q.country.len() != 2 || !q.country.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(TelephonyError::Invalid {
            field: "country",
            message: "a two-letter country code, e.g. US".into(),
        });
    }
    if let Some(a) = &q.area_code
        && (a.len() > 5 || !a.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(TelephonyError::Invalid {
            field: "area_code",
            message: "digits only, at most 5".into(),
        });
    }
    if let Some(c) = &q.contains
        && (c.len() > 10 || !c.chars().all(|c| c.is_ascii_alphanumeric() || c == '*'))
    {
        return Err(TelephonyError::Invalid {
            field: "contains",
            message: "at most 10 digits or letters".into(),
        });
    }
    access
        .carrier(db, tenant_id, carrier)
        .await?
        .search_numbers(q)
        .await
        .map_err(TelephonyError::Carrier)
}

/// A number to buy.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewNumber {
    /// `simulator` or `twilio`.
    pub carrier: String,
    /// The number (from a search), E.164.
    pub phone_number: String,
    /// The agent answering its calls.
    pub agent_id: Option<Uuid>,
    /// A label (default: the number).
    pub friendly_name: Option<String>,
}

/// The job input of a purchase or release.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NumberJob {
    /// The number.
    pub number_id: Uuid,
}

async fn ensure_agent(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<(), TelephonyError> {
    switchboard_agents::agents::get(db, ctx, id)
        .await
        .map(|_| ())
        .map_err(|_| TelephonyError::Invalid {
            field: "agent_id",
            message: "no such agent in this account".into(),
        })
}

/// Starts buying a number: it is held at once (`provisioning`) and bought by a job. Refused over
/// the plan's number quota, or when someone already holds it.
pub async fn request(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    new: &NewNumber,
) -> Result<Number, TelephonyError> {
    check_carrier(&new.carrier)?;
    let e164 = if new.carrier == "simulator" {
        let n = new.phone_number.trim().replace([' ', '-', '(', ')'], "");
        if !is_simulated_number(&n) {
            return Err(TelephonyError::Invalid {
                field: "phone_number",
                message: "simulator numbers are +1 NXX 555-01XX (search for one)".into(),
            });
        }
        n
    } else {
        crate::contacts::to_e164("phone_number", &new.phone_number, None)?
    };
    if let Some(agent) = new.agent_id {
        ensure_agent(db, ctx, agent).await?;
    }
    let name = new
        .friendly_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&e164)
        .chars()
        .take(100)
        .collect::<String>();
    let country = phonenumber::parse(None, &e164)
        .ok()
        .and_then(|n| n.country().id())
        .map(|c| format!("{c:?}"))
        .unwrap_or_else(|| "US".into());
    let txn = switchboard_db::write_txn(db).await?;
    let held = scoped::<Entity>(ctx.tenant_id)
        .filter(Column::ActiveE164.is_not_null())
        .count(&txn)
        .await?;
    switchboard_tenancy::quota::ensure_room(
        &txn,
        ctx.tenant_id,
        switchboard_tenancy::quota::Limit::PhoneNumbers,
        held,
    )
    .await
    .map_err(TelephonyError::Tenancy)?;
    let at = now();
    let row = Number {
        id: new_id(),
        tenant_id: ctx.tenant_id,
        carrier: new.carrier.clone(),
        e164: e164.clone(),
        active_e164: Some(e164.clone()),
        provider_sid: None,
        agent_id: new.agent_id,
        status: status::PROVISIONING.into(),
        friendly_name: name,
        country,
        last_error: None,
        created_at: at,
        updated_at: at,
        released_at: None,
    };
    match Entity::insert(phone_number::ActiveModel::from(row.clone()))
        .exec_without_returning(&txn)
        .await
    {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => return Err(TelephonyError::NumberTaken(e164)),
        Err(e) => return Err(e.into()),
    }
    jobs::enqueue(
        &txn,
        jobs::NewJob {
            tenant_id: Some(ctx.tenant_id),
            kind: PROVISION_JOB,
            payload: serde_json::to_value(NumberJob { number_id: row.id }).unwrap_or_default(),
            max_attempts: 5,
        },
    )
    .await?;
    audit::record(
        &txn,
        ctx,
        "number.requested",
        "phone_number",
        Some(row.id.to_string()),
        Some(serde_json::json!({ "carrier": row.carrier, "phone_number": row.e164 })),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

async fn set_state(
    db: &impl ConnectionTrait,
    id: Uuid,
    from: &[&str],
    to: &str,
    extra: impl FnOnce(sea_orm::UpdateMany<Entity>) -> sea_orm::UpdateMany<Entity>,
) -> Result<bool, TelephonyError> {
    let q = Entity::update_many()
        .col_expr(Column::Status, Expr::value(to))
        .col_expr(Column::UpdatedAt, Expr::value(now()))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.is_in(from.iter().copied()));
    Ok(extra(q).exec(db).await?.rows_affected == 1)
}

/// What a job attempt came to.
#[derive(Debug, PartialEq, Eq)]
pub enum JobOutcome {
    /// Finished (done, or nothing left to do).
    Done,
    /// Failed in a way worth retrying.
    Retry(String),
    /// Failed for good (the number records why).
    Failed(String),
}

/// The purchase job: buys the number at the carrier and routes it to us. A refusal (or the last
/// attempt) marks it `failed` and frees it; if recording a successful purchase fails, the number is
/// given back to the carrier so nothing is left half-made.
pub async fn provision(
    db: &DatabaseConnection,
    access: &CarrierAccess,
    number_id: Uuid,
    last_attempt: bool,
) -> JobOutcome {
    let Ok(Some(n)) = Entity::find_by_id(number_id).one(db).await else {
        return JobOutcome::Done;
    };
    if n.status != status::PROVISIONING {
        return JobOutcome::Done;
    }
    let fail = |why: String| async move {
        let _ = set_state(
            db,
            number_id,
            &[status::PROVISIONING],
            status::FAILED,
            |q| {
                q.col_expr(Column::LastError, Expr::value(Some(why.clone())))
                    .col_expr(Column::ActiveE164, Expr::value(Option::<String>::None))
            },
        )
        .await;
        JobOutcome::Failed(why)
    };
    let carrier = match access.carrier(db, n.tenant_id, &n.carrier).await {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()).await,
    };
    match carrier.buy_number(&n.e164, &access.hooks()).await {
        Ok(owned) => {
            let recorded = set_state(
                db,
                number_id,
                &[status::PROVISIONING],
                status::ACTIVE,
                |q| {
                    q.col_expr(Column::ProviderSid, Expr::value(Some(owned.sid.clone())))
                        .col_expr(Column::LastError, Expr::value(Option::<String>::None))
                },
            )
            .await;
            match recorded {
                Ok(true) => JobOutcome::Done,
                _ => {
                    // Not recorded: give it back rather than pay for a number nobody holds.
                    let _ = carrier.release_number(&owned.sid).await;
                    JobOutcome::Retry("the purchase could not be recorded; released it".into())
                }
            }
        }
        Err(e) if e.is_transient() && !last_attempt => JobOutcome::Retry(e.to_string()),
        Err(e) => fail(e.to_string()).await,
    }
}

/// The release job: gives the number back at the carrier, then frees it here.
pub async fn release_at_carrier(
    db: &DatabaseConnection,
    access: &CarrierAccess,
    number_id: Uuid,
) -> JobOutcome {
    let Ok(Some(n)) = Entity::find_by_id(number_id).one(db).await else {
        return JobOutcome::Done;
    };
    if n.status != status::RELEASING {
        return JobOutcome::Done;
    }
    if let Some(sid) = &n.provider_sid {
        let carrier = match access.carrier(db, n.tenant_id, &n.carrier).await {
            Ok(c) => c,
            Err(e) => return JobOutcome::Retry(e.to_string()),
        };
        if let Err(e) = carrier.release_number(sid).await {
            return JobOutcome::Retry(e.to_string());
        }
    }
    let _ = set_state(db, number_id, &[status::RELEASING], status::RELEASED, |q| {
        q.col_expr(Column::ActiveE164, Expr::value(Option::<String>::None))
            .col_expr(Column::AgentId, Expr::value(Option::<Uuid>::None))
            .col_expr(Column::ReleasedAt, Expr::value(Some(now())))
    })
    .await;
    JobOutcome::Done
}

/// One of the tenant's numbers.
pub async fn get(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<Number, TelephonyError> {
    scoped::<Entity>(ctx.tenant_id)
        .filter(Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(TelephonyError::NumberNotFound)
}

/// The tenant's numbers, newest first; released ones only when asked.
pub async fn list(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    include_released: bool,
    page: &PageParams,
) -> Result<Page<Number>, TelephonyError> {
    let mut q = scoped::<Entity>(ctx.tenant_id);
    if !include_released {
        q = q.filter(Column::Status.ne(status::RELEASED));
    }
    let rows = switchboard_db::paged(q, Column::Id, page).all(db).await?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id))
}

/// Changes a number's agent (assign, reassign; `Some(None)` unassigns) or label.
pub async fn update(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
    agent_id: Option<Option<Uuid>>,
    friendly_name: Option<String>,
) -> Result<Number, TelephonyError> {
    let n = get(db, ctx, id).await?;
    if n.status == status::RELEASED || n.status == status::RELEASING {
        return Err(TelephonyError::NumberState(n.status));
    }
    if let Some(Some(agent)) = agent_id {
        ensure_agent(db, ctx, agent).await?;
    }
    let mut q = Entity::update_many()
        .col_expr(Column::UpdatedAt, Expr::value(now()))
        .filter(Column::Id.eq(id))
        .filter(Column::TenantId.eq(ctx.tenant_id));
    if let Some(a) = agent_id {
        q = q.col_expr(Column::AgentId, Expr::value(a));
    }
    if let Some(name) = friendly_name {
        let name: String = name.trim().chars().take(100).collect();
        if name.is_empty() {
            return Err(TelephonyError::Invalid {
                field: "friendly_name",
                message: "must not be empty".into(),
            });
        }
        q = q.col_expr(Column::FriendlyName, Expr::value(name));
    }
    q.exec(db).await?;
    audit::record(
        db,
        ctx,
        "number.updated",
        "phone_number",
        Some(id.to_string()),
        Some(serde_json::json!({ "agent_id": agent_id })),
    )
    .await?;
    get(db, ctx, id).await
}

/// Gives a number back: an active one is released at the carrier by a job (`releasing` until
/// then); a failed one is simply closed. A number still being bought cannot be released yet.
pub async fn release(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<Number, TelephonyError> {
    let n = get(db, ctx, id).await?;
    let txn = switchboard_db::write_txn(db).await?;
    match n.status.as_str() {
        status::ACTIVE => {
            if !set_state(&txn, id, &[status::ACTIVE], status::RELEASING, |q| q).await? {
                return Err(TelephonyError::NumberState(n.status));
            }
            jobs::enqueue(
                &txn,
                jobs::NewJob {
                    tenant_id: Some(ctx.tenant_id),
                    kind: RELEASE_JOB,
                    payload: serde_json::to_value(NumberJob { number_id: id }).unwrap_or_default(),
                    max_attempts: 8,
                },
            )
            .await?;
        }
        status::FAILED => {
            set_state(&txn, id, &[status::FAILED], status::RELEASED, |q| {
                q.col_expr(Column::ReleasedAt, Expr::value(Some(now())))
            })
            .await?;
        }
        other => return Err(TelephonyError::NumberState(other.to_string())),
    }
    audit::record(
        &txn,
        ctx,
        "number.released",
        "phone_number",
        Some(id.to_string()),
        Some(serde_json::json!({ "phone_number": n.e164 })),
    )
    .await?;
    txn.commit().await?;
    get(db, ctx, id).await
}

/// The active number `e164` at `carrier` (inbound routing), with its tenant and agent.
pub async fn route(
    db: &impl ConnectionTrait,
    carrier: &str,
    e164: &str,
) -> Result<Option<Number>, TelephonyError> {
    Ok(Entity::find()
        .filter(Column::Carrier.eq(carrier))
        .filter(Column::ActiveE164.eq(e164))
        .filter(Column::Status.eq(status::ACTIVE))
        .one(db)
        .await?)
}
