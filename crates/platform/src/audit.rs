//! The audit log: who did what to which resource, in which tenant, from where. Written for every
//! change made through the API and for every cross-tenant read by support staff.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use switchboard_core::{Page, PageParams, TenantCtx, new_id, now};
use switchboard_db::entity::audit_log::{self, Column, Entity};
use uuid::Uuid;

use crate::PlatformError;

/// One audit entry as read back.
pub type Entry = audit_log::Model;

/// Writes one entry on the acting tenant. `resource_id` may be any printable id.
pub async fn record(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    action: &str,
    resource_type: &str,
    resource_id: Option<String>,
    details: Option<Value>,
) -> Result<(), PlatformError> {
    record_on(
        db,
        ctx,
        ctx.tenant_id,
        action,
        resource_type,
        resource_id,
        details,
    )
    .await
}

/// Writes one entry on an explicit tenant (e.g. an admin acting on a child tenant).
pub async fn record_on(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    tenant_id: Uuid,
    action: &str,
    resource_type: &str,
    resource_id: Option<String>,
    details: Option<Value>,
) -> Result<(), PlatformError> {
    let row = audit_log::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id),
        actor_type: Set(ctx.actor.kind().to_string()),
        actor_id: Set(ctx.actor.id()),
        actor_label: Set(ctx.actor.label()),
        action: Set(action.to_string()),
        resource_type: Set(resource_type.to_string()),
        resource_id: Set(resource_id),
        ip: Set(ctx.ip.clone()),
        user_agent: Set(ctx
            .user_agent
            .clone()
            .map(|u| u.chars().take(400).collect())),
        details: Set(details.map(|d| d.to_string())),
        created_at: Set(now()),
    };
    Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}

/// Filters for reading the log.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Only this tenant (required for tenant reads; optional platform-wide).
    pub tenant_id: Option<Uuid>,
    /// Exact action, or a prefix ending in `.` (`user.`).
    pub action: Option<String>,
    /// Exact resource type.
    pub resource_type: Option<String>,
    /// Actor id.
    pub actor_id: Option<Uuid>,
    /// Inclusive lower bound.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound.
    pub to: Option<DateTime<Utc>>,
}

/// Reads a page of entries, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &Filter,
    page: &PageParams,
) -> Result<Page<Entry>, PlatformError> {
    let mut q = Entity::find();
    if let Some(t) = filter.tenant_id {
        q = q.filter(Column::TenantId.eq(t));
    }
    if let Some(a) = &filter.action {
        q = if a.ends_with('.') {
            q.filter(Column::Action.starts_with(a.as_str()))
        } else {
            q.filter(Column::Action.eq(a.as_str()))
        };
    }
    if let Some(r) = &filter.resource_type {
        q = q.filter(Column::ResourceType.eq(r.as_str()));
    }
    if let Some(a) = filter.actor_id {
        q = q.filter(Column::ActorId.eq(a));
    }
    if let Some(f) = filter.from {
        q = q.filter(Column::CreatedAt.gte(f));
    }
    if let Some(t) = filter.to {
        q = q.filter(Column::CreatedAt.lt(t));
    }
    let rows = switchboard_db::paged(q, Column::Id, page).all(db).await?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id))
}
