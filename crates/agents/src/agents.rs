//! Agent CRUD, publishing and roll-back. The working configuration is a draft; publishing freezes
//! it as version N (immutable); rolling back publishes an older version's configuration as N+1.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use switchboard_core::{Page, PageParams, TenantCtx, new_id, now};
use switchboard_db::entity::{agent, agent_version};
use switchboard_db::scoped;
use switchboard_platform::audit;
use switchboard_tenancy::quota;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::AgentError;
use crate::config::AgentConfig;

/// Call agents speak on the phone; chat agents write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgentKind {
    /// Phone calls.
    Call,
    /// Text chat.
    Chat,
}

/// Lifecycle of an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    /// Being set up; takes no traffic.
    Draft,
    /// Takes calls and chats (needs a published version).
    Active,
    /// Temporarily takes no traffic.
    Paused,
    /// Retired; kept for history.
    Archived,
}

fn kind_str(k: AgentKind) -> &'static str {
    match k {
        AgentKind::Call => "call",
        AgentKind::Chat => "chat",
    }
}

fn status_str(s: AgentStatus) -> &'static str {
    match s {
        AgentStatus::Draft => "draft",
        AgentStatus::Active => "active",
        AgentStatus::Paused => "paused",
        AgentStatus::Archived => "archived",
    }
}

/// An agent as the domain hands it out.
#[derive(Debug, Clone)]
pub struct Agent {
    /// Row.
    pub row: agent::Model,
    /// Parsed working configuration.
    pub config: AgentConfig,
}

impl Agent {
    fn from_row(row: agent::Model) -> Self {
        let config = serde_json::from_str(&row.config).unwrap_or_default();
        Self { row, config }
    }

    /// Kind.
    pub fn kind(&self) -> AgentKind {
        if self.row.kind == "chat" {
            AgentKind::Chat
        } else {
            AgentKind::Call
        }
    }

    /// Status.
    pub fn status(&self) -> AgentStatus {
        match self.row.status.as_str() {
            "active" => AgentStatus::Active,
            "paused" => AgentStatus::Paused,
            "archived" => AgentStatus::Archived,
            _ => AgentStatus::Draft,
        }
    }
}

/// A published version.
#[derive(Debug, Clone)]
pub struct Version {
    /// Row.
    pub row: agent_version::Model,
    /// Frozen configuration.
    pub config: AgentConfig,
}

fn clean_name(name: &str) -> Result<String, AgentError> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 100 {
        return Err(AgentError::field("name", "must be 1 to 100 characters"));
    }
    Ok(n.to_string())
}

fn check(config: &AgentConfig) -> Result<(), AgentError> {
    config
        .validate()
        .map_err(|e| AgentError::from_validation(&e))
}

async fn name_free(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    name: &str,
    except: Option<Uuid>,
) -> Result<(), AgentError> {
    let mut q = scoped::<agent::Entity>(tenant_id)
        .filter(agent::Column::Name.eq(name))
        .filter(agent::Column::DeletedAt.is_null());
    if let Some(id) = except {
        q = q.filter(agent::Column::Id.ne(id));
    }
    if q.count(db).await? > 0 {
        Err(AgentError::NameTaken)
    } else {
        Ok(())
    }
}

/// Live (not deleted) agents of a tenant, for quotas.
pub async fn count(db: &impl ConnectionTrait, tenant_id: Uuid) -> Result<u64, AgentError> {
    Ok(scoped::<agent::Entity>(tenant_id)
        .filter(agent::Column::DeletedAt.is_null())
        .count(db)
        .await?)
}

/// Creates a draft agent; counts against the plan's agent quota.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    name: &str,
    kind: AgentKind,
    config: AgentConfig,
) -> Result<Agent, AgentError> {
    let name = clean_name(name)?;
    check(&config)?;
    let txn = switchboard_db::write_txn(db).await?;
    quota::ensure_room(
        &txn,
        ctx.tenant_id,
        quota::Limit::Agents,
        count(&txn, ctx.tenant_id).await?,
    )
    .await?;
    name_free(&txn, ctx.tenant_id, &name, None).await?;
    let row = agent::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(ctx.tenant_id),
        name: Set(name),
        kind: Set(kind_str(kind).into()),
        status: Set(status_str(AgentStatus::Draft).into()),
        config: Set(serde_json::to_string(&config).unwrap_or_default()),
        current_version: Set(0),
        external_id: Set(None),
        created_at: Set(now()),
        updated_at: Set(now()),
        deleted_at: Set(None),
    };
    let row = agent::Entity::insert(row).exec_with_returning(&txn).await?;
    audit::record(
        &txn,
        ctx,
        "agent.created",
        "agent",
        Some(row.id.to_string()),
        Some(serde_json::json!({ "name": row.name, "kind": row.kind })),
    )
    .await?;
    txn.commit().await?;
    Ok(Agent::from_row(row))
}

/// Filters for listing agents.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Name contains.
    pub q: Option<String>,
    /// Kind.
    pub kind: Option<AgentKind>,
    /// Status.
    pub status: Option<AgentStatus>,
}

/// The acting tenant's agents, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    f: &Filter,
    page: &PageParams,
) -> Result<Page<Agent>, AgentError> {
    let mut q = scoped::<agent::Entity>(ctx.tenant_id).filter(agent::Column::DeletedAt.is_null());
    if let Some(k) = f.kind {
        q = q.filter(agent::Column::Kind.eq(kind_str(k)));
    }
    if let Some(s) = f.status {
        q = q.filter(agent::Column::Status.eq(status_str(s)));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        q = q.filter(agent::Column::Name.contains(text.replace(['%', '_'], "")));
    }
    let rows = switchboard_db::paged(q, agent::Column::Id, page)
        .all(db)
        .await?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id).map(Agent::from_row))
}

async fn find(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<agent::Model, AgentError> {
    scoped::<agent::Entity>(ctx.tenant_id)
        .filter(agent::Column::Id.eq(id))
        .filter(agent::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(AgentError::NotFound)
}

/// One agent of the acting tenant.
pub async fn get(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<Agent, AgentError> {
    Ok(Agent::from_row(find(db, ctx, id).await?))
}

/// A change to an agent's name, status or working configuration.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// New name.
    pub name: Option<String>,
    /// New status; `active` needs a published version.
    pub status: Option<AgentStatus>,
    /// New working configuration (replaces it whole).
    pub config: Option<AgentConfig>,
    /// Links the agent to an ElevenLabs agent id (empty string unlinks).
    pub external_id: Option<String>,
}

/// Updates an agent's draft; published versions are untouched.
pub async fn update(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    id: Uuid,
    change: Change,
) -> Result<Agent, AgentError> {
    let row = find(db, ctx, id).await?;
    let published = row.current_version > 0;
    let mut active = row.into_active_model();
    if let Some(n) = &change.name {
        let n = clean_name(n)?;
        name_free(db, ctx.tenant_id, &n, Some(id)).await?;
        active.name = Set(n);
    }
    if let Some(c) = &change.config {
        check(c)?;
        active.config = Set(serde_json::to_string(c).unwrap_or_default());
    }
    if let Some(ext) = &change.external_id {
        let ext = ext.trim();
        if ext.len() > 100 || ext.contains(char::is_whitespace) {
            return Err(AgentError::field(
                "elevenlabs_agent_id",
                "at most 100 characters, no spaces",
            ));
        }
        active.external_id = Set((!ext.is_empty()).then(|| ext.to_string()));
    }
    if let Some(s) = change.status {
        if s == AgentStatus::Active && !published {
            return Err(AgentError::field(
                "status",
                "publish the agent before activating it",
            ));
        }
        active.status = Set(status_str(s).into());
    }
    active.updated_at = Set(now());
    let row = active.update(db).await.map_err(|e| {
        if switchboard_db::is_unique_violation(&e) {
            AgentError::field(
                "elevenlabs_agent_id",
                "another agent is already linked to this ElevenLabs agent",
            )
        } else {
            e.into()
        }
    })?;
    audit::record(db, ctx, "agent.updated", "agent", Some(row.id.to_string()),
        Some(serde_json::json!({ "name": change.name, "status": change.status, "config_changed": change.config.is_some() }))).await?;
    Ok(Agent::from_row(row))
}

/// Deletes an agent (soft: its calls keep pointing at it). Returns it as it was.
pub async fn delete(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<Agent, AgentError> {
    let row = find(db, ctx, id).await?;
    let before = Agent::from_row(row.clone());
    let mut active = row.into_active_model();
    active.deleted_at = Set(Some(now()));
    active.status = Set(status_str(AgentStatus::Archived).into());
    let row = active.update(db).await?;
    audit::record(
        db,
        ctx,
        "agent.deleted",
        "agent",
        Some(row.id.to_string()),
        Some(serde_json::json!({ "name": row.name })),
    )
    .await?;
    Ok(before)
}

/// Deletes a deleted agent's counterpart on ElevenLabs; the outcome goes to the audit log (our
/// agent is gone either way, and a failure must not bring it back).
pub async fn delete_remote(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    agent: &Agent,
    client: &crate::elevenlabs::ElevenLabsClient,
) {
    let Some(ext) = agent.row.external_id.as_deref() else {
        return;
    };
    let (action, error) = match client.delete_agent(ext).await {
        Ok(()) => ("agent.remote_deleted", None),
        Err(e) => {
            tracing::warn!(agent = %agent.row.id, error = %e, "deleting the ElevenLabs agent failed");
            ("agent.remote_delete_failed", Some(e.to_string()))
        }
    };
    let _ = audit::record(
        db,
        ctx,
        action,
        "agent",
        Some(agent.row.id.to_string()),
        Some(serde_json::json!({ "elevenlabs_agent_id": ext, "error": error })),
    )
    .await;
}

async fn freeze(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    row: agent::Model,
    config: &AgentConfig,
    note: Option<String>,
) -> Result<Version, AgentError> {
    let version = row.current_version + 1;
    let v = agent_version::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(ctx.tenant_id),
        agent_id: Set(row.id),
        version: Set(version),
        config: Set(serde_json::to_string(config).unwrap_or_default()),
        published_by: Set(ctx.user_id()),
        note: Set(note),
        created_at: Set(now()),
    };
    // The unique (tenant, agent, version) index makes two concurrent publishes of one agent
    // produce one version N and one error, never two version Ns.
    let v = agent_version::Entity::insert(v)
        .exec_with_returning(db)
        .await?;
    agent::Entity::update_many()
        .col_expr(agent::Column::CurrentVersion, version.into())
        .col_expr(agent::Column::UpdatedAt, now().into())
        .filter(agent::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(Version {
        row: v,
        config: config.clone(),
    })
}

/// Publishes the working configuration as the next version.
pub async fn publish(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    id: Uuid,
    note: Option<String>,
) -> Result<Version, AgentError> {
    let txn = switchboard_db::write_txn(db).await?;
    let row = find(&txn, ctx, id).await?;
    let config: AgentConfig = serde_json::from_str(&row.config).unwrap_or_default();
    check(&config)?;
    let v = freeze(&txn, ctx, row, &config, note).await?;
    audit::record(
        &txn,
        ctx,
        "agent.published",
        "agent",
        Some(id.to_string()),
        Some(serde_json::json!({ "version": v.row.version })),
    )
    .await?;
    txn.commit().await?;
    Ok(v)
}

/// Publishes an older version's configuration as the next version (and makes it the draft).
pub async fn rollback(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    id: Uuid,
    to_version: i32,
) -> Result<Version, AgentError> {
    let txn = switchboard_db::write_txn(db).await?;
    let row = find(&txn, ctx, id).await?;
    let old = get_version(&txn, ctx, id, to_version).await?;
    agent::Entity::update_many()
        .col_expr(agent::Column::Config, old.row.config.clone().into())
        .filter(agent::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let v = freeze(
        &txn,
        ctx,
        row,
        &old.config,
        Some(format!("Rollback to version {to_version}")),
    )
    .await?;
    audit::record(
        &txn,
        ctx,
        "agent.rolled_back",
        "agent",
        Some(id.to_string()),
        Some(serde_json::json!({ "to_version": to_version, "new_version": v.row.version })),
    )
    .await?;
    txn.commit().await?;
    Ok(v)
}

/// Versions of an agent, newest first.
pub async fn versions(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
    page: &PageParams,
) -> Result<Page<Version>, AgentError> {
    find(db, ctx, id).await?;
    let q = scoped::<agent_version::Entity>(ctx.tenant_id)
        .filter(agent_version::Column::AgentId.eq(id));
    let rows = switchboard_db::paged(q, agent_version::Column::Id, page)
        .all(db)
        .await?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id).map(|row| {
        let config = serde_json::from_str(&row.config).unwrap_or_default();
        Version { row, config }
    }))
}

/// One version of an agent.
pub async fn get_version(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
    version: i32,
) -> Result<Version, AgentError> {
    find(db, ctx, id).await?;
    let row = scoped::<agent_version::Entity>(ctx.tenant_id)
        .filter(agent_version::Column::AgentId.eq(id))
        .filter(agent_version::Column::Version.eq(version))
        .one(db)
        .await?
        .ok_or(AgentError::VersionNotFound)?;
    let config = serde_json::from_str(&row.config).unwrap_or_default();
    Ok(Version { row, config })
}

/// Pushes a published version to ElevenLabs for agents whose runtime is `elevenlabs`: creates the
/// agent there on first publish (and links its id), updates it afterwards. Returns the ElevenLabs
/// agent id.
pub async fn push_to_elevenlabs(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    id: Uuid,
    client: &crate::elevenlabs::ElevenLabsClient,
) -> Result<String, String> {
    let row = find(db, ctx, id).await.map_err(|e| e.to_string())?;
    let config: AgentConfig = match row.current_version {
        0 => serde_json::from_str(&row.config).unwrap_or_default(),
        v => {
            get_version(db, ctx, id, v)
                .await
                .map_err(|e| e.to_string())?
                .config
        }
    };
    // An agent that is gone on ElevenLabs (deleted there, or the tenant's key now belongs to
    // another account) is created anew and the mapping moves to the new id.
    let existing = match &row.external_id {
        Some(ext) => match client.update_agent(ext, &row.name, &config).await {
            Ok(()) => Some(ext.clone()),
            Err(crate::elevenlabs::ElevenLabsError::Upstream { status: 404, .. }) => None,
            Err(e) => return Err(e.to_string()),
        },
        None => None,
    };
    let recreated = existing.is_none() && row.external_id.is_some();
    let ext = match existing {
        Some(ext) => ext,
        None => {
            let ext = client
                .create_agent(&row.name, &config)
                .await
                .map_err(|e| e.to_string())?;
            agent::Entity::update_many()
                .col_expr(agent::Column::ExternalId, Some(ext.clone()).into())
                .filter(agent::Column::Id.eq(id))
                .exec(db)
                .await
                .map_err(|e| e.to_string())?;
            ext
        }
    };
    audit::record(
        db,
        ctx,
        "agent.synced",
        "agent",
        Some(id.to_string()),
        Some(serde_json::json!({
            "elevenlabs_agent_id": ext,
            "previous_elevenlabs_agent_id": if recreated { row.external_id.clone() } else { None },
        })),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(ext)
}

/// Agents of `tenant_id` that run on ElevenLabs or are mapped to an ElevenLabs agent (the sync
/// job's work list), oldest first.
pub async fn delegated(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
) -> Result<Vec<Agent>, AgentError> {
    let rows = scoped::<agent::Entity>(tenant_id)
        .filter(agent::Column::DeletedAt.is_null())
        .order_by_asc(agent::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(Agent::from_row)
        .filter(|a| {
            a.row.external_id.is_some() || a.config.runtime == crate::config::Runtime::Elevenlabs
        })
        .collect())
}

/// Tenants with at least one agent mapped to ElevenLabs (for the scheduled sync).
pub async fn tenants_with_delegated(db: &impl ConnectionTrait) -> Result<Vec<Uuid>, AgentError> {
    let ids: Vec<Uuid> = agent::Entity::find()
        .select_only()
        .column(agent::Column::TenantId)
        .distinct()
        .filter(agent::Column::DeletedAt.is_null())
        .filter(agent::Column::ExternalId.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids)
}

/// The live version of an agent (0 before its first publish), whatever its tenant (for
/// provider webhooks that found the agent through a number).
pub async fn current_version(db: &impl ConnectionTrait, id: Uuid) -> Result<i32, AgentError> {
    Ok(agent::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|a| a.current_version)
        .unwrap_or(0))
}
