//! Call records: created or completed by provider events, charged once, listed with filters,
//! exported as CSV.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use switchboard_billing::ledger::{self, EntryType};
use switchboard_core::{Page, PageParams, TenantCtx, new_id, now};
use switchboard_db::entity::{call, call_segment};
use switchboard_db::scoped;
use uuid::Uuid;

use crate::TelephonyError;

/// A call row.
pub type Call = call::Model;
/// A transcript segment.
pub type Segment = call_segment::Model;

/// Credits for a call: one per started minute (2:13 → 3; 0:00 → 0).
pub fn credits_for(duration_secs: i64) -> i64 {
    if duration_secs <= 0 {
        0
    } else {
        (duration_secs + 59) / 60
    }
}

/// Identity of a provider's call, for upserts.
#[derive(Debug, Clone)]
pub struct ProviderCall<'a> {
    /// Tenant.
    pub tenant_id: Uuid,
    /// Our agent, when known.
    pub agent_id: Option<Uuid>,
    /// Agent version that served it.
    pub agent_version: i32,
    /// `elevenlabs`, `twilio`, `simulator`.
    pub provider: &'a str,
    /// Provider's call id.
    pub provider_call_id: &'a str,
    /// `builtin` or `elevenlabs`.
    pub runtime: &'a str,
}

/// Finds the call of a provider id, creating an empty one when it does not exist yet (events may
/// arrive in any order). Concurrent callers get the same row.
pub async fn upsert(
    db: &impl ConnectionTrait,
    p: &ProviderCall<'_>,
) -> Result<Call, TelephonyError> {
    let row = call::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(p.tenant_id),
        agent_id: Set(p.agent_id),
        agent_version: Set(p.agent_version),
        direction: Set("inbound".into()),
        from_number: Set(None),
        to_number: Set(None),
        runtime: Set(p.runtime.into()),
        provider: Set(p.provider.into()),
        provider_call_id: Set(p.provider_call_id.into()),
        status: Set("in_progress".into()),
        started_at: Set(None),
        answered_at: Set(None),
        ended_at: Set(None),
        duration_secs: Set(0),
        end_reason: Set(None),
        cost_credits: Set(0),
        provider_cost: Set(None),
        summary: Set(None),
        successful: Set(None),
        analysis: Set(None),
        data_collected: Set(None),
        recording_key: Set(None),
        transcript_text: Set(String::new()),
        created_at: Set(now()),
        updated_at: Set(now()),
        turn_timings: Set(None),
        idempotency_key: Set(None),
    };
    let res = call::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                call::Column::TenantId,
                call::Column::Provider,
                call::Column::ProviderCallId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await;
    match res {
        Ok(_) | Err(sea_orm::DbErr::RecordNotInserted) => {}
        Err(e) => return Err(e.into()),
    }
    scoped::<call::Entity>(p.tenant_id)
        .filter(call::Column::Provider.eq(p.provider))
        .filter(call::Column::ProviderCallId.eq(p.provider_call_id))
        .one(db)
        .await?
        .ok_or(TelephonyError::CallNotFound)
}

/// What a finished call reports.
#[derive(Debug, Clone, Default)]
pub struct Completion {
    /// `inbound` or `outbound`.
    pub direction: Option<String>,
    /// Caller.
    pub from_number: Option<String>,
    /// Callee.
    pub to_number: Option<String>,
    /// Start.
    pub started_at: Option<DateTime<Utc>>,
    /// Length in seconds.
    pub duration_secs: i64,
    /// Final status (`completed`, `failed`).
    pub status: String,
    /// Why it ended.
    pub end_reason: Option<String>,
    /// Provider's cost.
    pub provider_cost: Option<i64>,
    /// Summary.
    pub summary: Option<String>,
    /// Whether the goal was reached.
    pub successful: Option<bool>,
    /// Provider analysis (JSON).
    pub analysis: Option<serde_json::Value>,
    /// Collected data (JSON).
    pub data_collected: Option<serde_json::Value>,
    /// (speaker, text, start ms).
    pub transcript: Vec<(String, String, i64)>,
}

/// Completes a call: transcript, analysis, times; charges its credits once (source `call:<id>`).
/// Runs in the caller's transaction.
pub async fn complete(
    db: &impl ConnectionTrait,
    c: &Call,
    done: Completion,
) -> Result<Call, TelephonyError> {
    call_segment::Entity::delete_many()
        .filter(call_segment::Column::CallId.eq(c.id))
        .exec(db)
        .await?;
    let mut text = String::new();
    let count = done.transcript.len();
    for (i, (speaker, line, start)) in done.transcript.iter().enumerate() {
        let end = done.transcript.get(i + 1).map(|n| n.2 as i32);
        call_segment::Entity::insert(call_segment::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(c.tenant_id),
            call_id: Set(c.id),
            seq: Set(i as i32),
            speaker: Set(speaker.clone()),
            text: Set(line.clone()),
            start_ms: Set(*start as i32),
            end_ms: Set(if i + 1 == count {
                Some((done.duration_secs * 1000) as i32)
            } else {
                end
            }),
        })
        .exec_without_returning(db)
        .await?;
        text.push_str(&format!("{speaker}: {line}\n"));
    }
    let credits = if done.status == "completed" {
        credits_for(done.duration_secs)
    } else {
        0
    };
    let ended = done
        .started_at
        .map(|s| s + chrono::Duration::seconds(done.duration_secs));
    call::Entity::update_many()
        .col_expr(call::Column::Status, done.status.clone().into())
        .col_expr(
            call::Column::Direction,
            done.direction.unwrap_or_else(|| c.direction.clone()).into(),
        )
        .col_expr(
            call::Column::FromNumber,
            done.from_number.or(c.from_number.clone()).into(),
        )
        .col_expr(
            call::Column::ToNumber,
            done.to_number.or(c.to_number.clone()).into(),
        )
        .col_expr(call::Column::StartedAt, done.started_at.into())
        .col_expr(call::Column::AnsweredAt, done.started_at.into())
        .col_expr(call::Column::EndedAt, ended.into())
        .col_expr(
            call::Column::DurationSecs,
            (done.duration_secs as i32).into(),
        )
        .col_expr(call::Column::EndReason, done.end_reason.into())
        .col_expr(call::Column::ProviderCost, done.provider_cost.into())
        .col_expr(call::Column::Summary, done.summary.into())
        .col_expr(call::Column::Successful, done.successful.into())
        .col_expr(
            call::Column::Analysis,
            done.analysis.map(|a| a.to_string()).into(),
        )
        .col_expr(
            call::Column::DataCollected,
            done.data_collected.map(|a| a.to_string()).into(),
        )
        .col_expr(call::Column::TranscriptText, text.into())
        .col_expr(call::Column::CostCredits, credits.into())
        .col_expr(call::Column::UpdatedAt, now().into())
        .filter(call::Column::Id.eq(c.id))
        .exec(db)
        .await?;
    if credits > 0 {
        let desc = format!(
            "Call of {}:{:02}",
            done.duration_secs / 60,
            done.duration_secs % 60
        );
        ledger::apply_in(
            db,
            c.tenant_id,
            EntryType::Usage,
            -credits,
            &format!("call:{}", c.id),
            &desc,
            None,
        )
        .await?;
    }
    call::Entity::find_by_id(c.id)
        .one(db)
        .await?
        .ok_or(TelephonyError::CallNotFound)
}

/// Marks a call failed before it started (no charge).
pub async fn fail(db: &impl ConnectionTrait, c: &Call, reason: &str) -> Result<(), TelephonyError> {
    call::Entity::update_many()
        .col_expr(call::Column::Status, "failed".into())
        .col_expr(call::Column::EndReason, Some(reason.to_string()).into())
        .col_expr(call::Column::UpdatedAt, now().into())
        .filter(call::Column::Id.eq(c.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Sets a call's recording key.
pub async fn set_recording(
    db: &impl ConnectionTrait,
    c: &Call,
    key: &str,
) -> Result<(), TelephonyError> {
    call::Entity::update_many()
        .col_expr(call::Column::RecordingKey, Some(key.to_string()).into())
        .col_expr(call::Column::UpdatedAt, now().into())
        .filter(call::Column::Id.eq(c.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Call filters.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Agent.
    pub agent_id: Option<Uuid>,
    /// Status.
    pub status: Option<String>,
    /// `inbound` or `outbound`.
    pub direction: Option<String>,
    /// From or to number contains.
    pub number: Option<String>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created before.
    pub to: Option<DateTime<Utc>>,
    /// Text in the transcript.
    pub q: Option<String>,
}

fn filtered(ctx: &TenantCtx, f: &Filter) -> sea_orm::Select<call::Entity> {
    use sea_orm::sea_query::ExprTrait;
    let mut q = scoped::<call::Entity>(ctx.tenant_id);
    if let Some(a) = f.agent_id {
        q = q.filter(call::Column::AgentId.eq(a));
    }
    if let Some(s) = &f.status {
        q = q.filter(call::Column::Status.eq(s.as_str()));
    }
    if let Some(d) = &f.direction {
        q = q.filter(call::Column::Direction.eq(d.as_str()));
    }
    if let Some(n) = f
        .number
        .as_deref()
        .map(|n| n.replace(['%', '_'], ""))
        .filter(|n| !n.is_empty())
    {
        q = q.filter(
            call::Column::FromNumber
                .contains(n.as_str())
                .or(call::Column::ToNumber.contains(n.as_str())),
        );
    }
    if let Some(t) = f.from {
        q = q.filter(call::Column::CreatedAt.gte(t));
    }
    if let Some(t) = f.to {
        q = q.filter(call::Column::CreatedAt.lt(t));
    }
    if let Some(text) =
        f.q.as_deref()
            .map(|n| n.trim().replace(['%', '_'], ""))
            .filter(|n| !n.is_empty())
    {
        q = q.filter(call::Column::TranscriptText.contains(text.as_str()));
    }
    q
}

/// Calls of the acting tenant, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    f: &Filter,
    page: &PageParams,
) -> Result<Page<Call>, TelephonyError> {
    let rows = switchboard_db::paged(filtered(ctx, f), call::Column::Id, page)
        .all(db)
        .await?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id))
}

/// One call.
pub async fn get(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<Call, TelephonyError> {
    scoped::<call::Entity>(ctx.tenant_id)
        .filter(call::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(TelephonyError::CallNotFound)
}

/// A call's transcript, in order.
pub async fn transcript(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<Vec<Segment>, TelephonyError> {
    get(db, ctx, id).await?;
    Ok(scoped::<call_segment::Entity>(ctx.tenant_id)
        .filter(call_segment::Column::CallId.eq(id))
        .order_by_asc(call_segment::Column::Seq)
        .all(db)
        .await?)
}

/// Spreadsheet apps run cells starting with these as formulas.
fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The filtered calls as CSV (at most 100,000 rows), newest first.
pub async fn export_csv(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    f: &Filter,
) -> Result<String, TelephonyError> {
    use sea_orm::QuerySelect;
    let rows = filtered(ctx, f)
        .order_by_desc(call::Column::Id)
        .limit(100_000)
        .all(db)
        .await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let head = [
        "id",
        "created_at",
        "direction",
        "status",
        "from",
        "to",
        "agent_id",
        "agent_version",
        "duration_secs",
        "cost_credits",
        "end_reason",
        "successful",
        "summary",
    ];
    w.write_record(head)
        .map_err(|e| TelephonyError::Storage(e.to_string()))?;
    for c in rows {
        let rec = [
            c.id.to_string(),
            c.created_at.to_rfc3339(),
            c.direction,
            c.status,
            c.from_number.unwrap_or_default(),
            c.to_number.unwrap_or_default(),
            c.agent_id.map(|a| a.to_string()).unwrap_or_default(),
            c.agent_version.to_string(),
            c.duration_secs.to_string(),
            c.cost_credits.to_string(),
            c.end_reason.unwrap_or_default(),
            c.successful.map(|s| s.to_string()).unwrap_or_default(),
            c.summary.unwrap_or_default(),
        ];
        w.write_record(rec.iter().map(|v| neutralise(v)))
            .map_err(|e| TelephonyError::Storage(e.to_string()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| TelephonyError::Storage(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Replaces a live call's transcript with `segments` (speaker, text, start ms) as turns happen,
/// so live views can show it; the final transcript is written when the call completes.
pub async fn append_segment(
    db: &impl ConnectionTrait,
    c: &Call,
    segments: &[(String, String, i64)],
) -> Result<(), TelephonyError> {
    call_segment::Entity::delete_many()
        .filter(call_segment::Column::CallId.eq(c.id))
        .exec(db)
        .await?;
    for (i, (speaker, text, start)) in segments
        .iter()
        .filter(|(_, t, _)| !t.trim().is_empty())
        .enumerate()
    {
        call_segment::Entity::insert(call_segment::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(c.tenant_id),
            call_id: Set(c.id),
            seq: Set(i as i32),
            speaker: Set(speaker.clone()),
            text: Set(text.clone()),
            start_ms: Set(*start as i32),
            end_ms: Set(None),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_started_minute_costs_one_credit() {
        assert_eq!(credits_for(0), 0);
        assert_eq!(credits_for(1), 1);
        assert_eq!(credits_for(60), 1);
        assert_eq!(credits_for(61), 2);
        assert_eq!(credits_for(133), 3);
    }

    #[test]
    fn csv_cells_that_would_run_as_formulas_are_neutralised() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("+4930123"), "'+4930123");
        assert_eq!(neutralise("hello"), "hello");
    }
}
