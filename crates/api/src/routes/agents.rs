//! Agents: CRUD, publishing, versions and roll-back.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use switchboard_agents::agents::{self, AgentKind, AgentStatus, Change, Filter};
use switchboard_agents::config::AgentConfig;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::dto::PageQuery;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// An agent.
#[derive(Serialize, ToSchema)]
pub struct AgentDto {
    /// Id.
    pub id: Uuid,
    /// Name (unique in the tenant).
    pub name: String,
    /// `call` or `chat`.
    pub kind: AgentKind,
    /// `draft`, `active`, `paused` or `archived`.
    pub status: AgentStatus,
    /// The working (draft) configuration.
    pub config: AgentConfig,
    /// Latest published version; 0 before the first publish.
    pub current_version: i32,
    /// The linked ElevenLabs agent (runtime `elevenlabs`), if any.
    pub elevenlabs_agent_id: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<agents::Agent> for AgentDto {
    fn from(a: agents::Agent) -> Self {
        Self {
            kind: a.kind(),
            status: a.status(),
            id: a.row.id,
            name: a.row.name,
            config: a.config,
            current_version: a.row.current_version,
            elevenlabs_agent_id: a.row.external_id,
            created_at: a.row.created_at,
            updated_at: a.row.updated_at,
        }
    }
}

/// A page of agents.
#[derive(Serialize, ToSchema)]
pub struct AgentPage {
    /// Agents, newest first.
    pub items: Vec<AgentDto>,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
}

/// The outcome of pushing a published version to ElevenLabs.
#[derive(Serialize, ToSchema)]
pub struct ElevenLabsSyncDto {
    /// Whether ElevenLabs accepted it.
    pub ok: bool,
    /// The ElevenLabs agent id (when ok).
    pub elevenlabs_agent_id: Option<String>,
    /// Why it failed (the version is published here either way; publish again to retry).
    pub error: Option<String>,
}

/// A published version.
#[derive(Serialize, ToSchema)]
pub struct AgentVersionDto {
    /// Version number (1, 2, ...).
    pub version: i32,
    /// The frozen configuration.
    pub config: AgentConfig,
    /// Who published it.
    pub published_by: Option<Uuid>,
    /// Why (roll-backs say so).
    pub note: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// For `elevenlabs` agents, on publish: whether the version reached ElevenLabs.
    pub elevenlabs_sync: Option<ElevenLabsSyncDto>,
}

impl From<agents::Version> for AgentVersionDto {
    fn from(v: agents::Version) -> Self {
        Self {
            version: v.row.version,
            config: v.config,
            published_by: v.row.published_by,
            note: v.row.note,
            created_at: v.row.created_at,
            elevenlabs_sync: None,
        }
    }
}

/// A client for the tenant's ElevenLabs account: its own key, else the platform's.
/// Pushes an `elevenlabs` agent's live version.
async fn sync_elevenlabs(
    state: &AppState,
    ctx: &switchboard_core::TenantCtx,
    id: Uuid,
) -> ElevenLabsSyncDto {
    let result = match state.elevenlabs.client_for(&state.db, ctx.tenant_id).await {
        Ok(client) => agents::push_to_elevenlabs(&state.db, ctx, id, &client).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(ext) => ElevenLabsSyncDto {
            ok: true,
            elevenlabs_agent_id: Some(ext),
            error: None,
        },
        Err(e) => ElevenLabsSyncDto {
            ok: false,
            elevenlabs_agent_id: None,
            error: Some(e),
        },
    }
}

/// A page of versions.
#[derive(Serialize, ToSchema)]
pub struct AgentVersionPage {
    /// Versions, newest first.
    pub items: Vec<AgentVersionDto>,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
}

/// Agent filters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgentFilter {
    /// Name contains.
    pub q: Option<String>,
    /// `call` or `chat`.
    pub kind: Option<AgentKind>,
    /// `draft`, `active`, `paused` or `archived`.
    pub status: Option<AgentStatus>,
}

/// The acting tenant's agents.
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), params(AgentFilter, PageQuery),
    responses((status = 200, body = AgentPage), (status = "4XX", body = ErrorBody)))]
#[get("/agents")]
pub async fn list_agents(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsRead>,
    f: web::Query<AgentFilter>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<AgentPage>, ApiError> {
    let filter = Filter {
        q: f.q.clone(),
        kind: f.kind,
        status: f.status,
    };
    let p = agents::list(&state.db, &a.ctx, &filter, &page.params()?).await?;
    Ok(web::Json(AgentPage {
        items: p.items.into_iter().map(Into::into).collect(),
        next_cursor: p.next_cursor,
    }))
}

/// A new agent.
#[derive(Deserialize, ToSchema)]
pub struct CreateAgent {
    /// Name.
    pub name: String,
    /// `call` or `chat`.
    pub kind: AgentKind,
    /// Configuration; defaults fill what is left out.
    pub config: Option<AgentConfig>,
}

/// Creates a draft agent (counts against the plan's agents).
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), request_body = CreateAgent,
    responses((status = 201, body = AgentDto), (status = "4XX", body = ErrorBody)))]
#[post("/agents")]
pub async fn create_agent(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsWrite>,
    body: web::Json<CreateAgent>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let agent = agents::create(
        &state.db,
        &a.ctx,
        &b.name,
        b.kind,
        b.config.unwrap_or_default(),
    )
    .await?;
    Ok(HttpResponse::Created().json(AgentDto::from(agent)))
}

/// One agent.
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Agent id")),
    responses((status = 200, body = AgentDto), (status = "4XX", body = ErrorBody)))]
#[get("/agents/{id}")]
pub async fn get_agent(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsRead>,
    id: web::Path<Uuid>,
) -> Result<web::Json<AgentDto>, ApiError> {
    Ok(web::Json(agents::get(&state.db, &a.ctx, *id).await?.into()))
}

/// A change to an agent.
#[derive(Deserialize, ToSchema, Default)]
pub struct UpdateAgent {
    /// New name.
    pub name: Option<String>,
    /// New status (`active` needs a published version).
    pub status: Option<AgentStatus>,
    /// New working configuration (replaces it whole; publish to make it live).
    pub config: Option<AgentConfig>,
    /// Links the agent to an existing ElevenLabs agent (its post-call webhooks then land here);
    /// an empty string unlinks.
    pub elevenlabs_agent_id: Option<String>,
}

/// Changes an agent's name, status or working configuration.
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Agent id")),
    request_body = UpdateAgent, responses((status = 200, body = AgentDto), (status = "4XX", body = ErrorBody)))]
#[patch("/agents/{id}")]
pub async fn update_agent(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsWrite>,
    id: web::Path<Uuid>,
    body: web::Json<UpdateAgent>,
) -> Result<web::Json<AgentDto>, ApiError> {
    let b = body.into_inner();
    let agent = agents::update(
        &state.db,
        &a.ctx,
        *id,
        Change {
            name: b.name,
            status: b.status,
            config: b.config,
            external_id: b.elevenlabs_agent_id,
        },
    )
    .await?;
    Ok(web::Json(agent.into()))
}

/// Deletes an agent (its calls stay).
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Agent id")),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
#[delete("/agents/{id}")]
pub async fn delete_agent(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsWrite>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let agent = agents::delete(&state.db, &a.ctx, *id).await?;
    if agent.config.runtime == switchboard_agents::config::Runtime::Elevenlabs
        && agent.row.external_id.is_some()
    {
        match state
            .elevenlabs
            .client_for(&state.db, a.ctx.tenant_id)
            .await
        {
            Ok(client) => agents::delete_remote(&state.db, &a.ctx, &agent, &client).await,
            Err(e) => {
                tracing::warn!(agent = %id, error = %e, "the ElevenLabs agent was not deleted")
            }
        }
    }
    Ok(super::no_content())
}

/// A publish request.
#[derive(Deserialize, ToSchema, Default)]
pub struct PublishAgent {
    /// What changed, for the history.
    pub note: Option<String>,
}

/// Freezes the working configuration as the next version.
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Agent id")),
    request_body = PublishAgent, responses((status = 201, body = AgentVersionDto), (status = "4XX", body = ErrorBody)))]
#[post("/agents/{id}/publish")]
pub async fn publish_agent(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsWrite>,
    id: web::Path<Uuid>,
    body: web::Json<PublishAgent>,
) -> Result<HttpResponse, ApiError> {
    let v = agents::publish(&state.db, &a.ctx, *id, body.into_inner().note).await?;
    let elevenlabs = v.config.runtime == switchboard_agents::config::Runtime::Elevenlabs;
    let mut dto = AgentVersionDto::from(v);
    if elevenlabs {
        dto.elevenlabs_sync = Some(sync_elevenlabs(&state, &a.ctx, *id).await);
    }
    Ok(HttpResponse::Created().json(dto))
}

/// Published versions, newest first.
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Agent id"), PageQuery),
    responses((status = 200, body = AgentVersionPage), (status = "4XX", body = ErrorBody)))]
#[get("/agents/{id}/versions")]
pub async fn list_agent_versions(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsRead>,
    id: web::Path<Uuid>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<AgentVersionPage>, ApiError> {
    let p = agents::versions(&state.db, &a.ctx, *id, &page.params()?).await?;
    Ok(web::Json(AgentVersionPage {
        items: p.items.into_iter().map(Into::into).collect(),
        next_cursor: p.next_cursor,
    }))
}

/// A roll-back.
#[derive(Deserialize, ToSchema)]
pub struct RollbackAgent {
    /// The version whose configuration becomes live again (as a new version).
    pub version: i32,
}

/// Publishes an older version's configuration as the next version.
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Agent id")),
    request_body = RollbackAgent, responses((status = 201, body = AgentVersionDto), (status = "4XX", body = ErrorBody)))]
#[post("/agents/{id}/rollback")]
pub async fn rollback_agent(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsWrite>,
    id: web::Path<Uuid>,
    body: web::Json<RollbackAgent>,
) -> Result<HttpResponse, ApiError> {
    let v = agents::rollback(&state.db, &a.ctx, *id, body.version).await?;
    Ok(HttpResponse::Created().json(AgentVersionDto::from(v)))
}
