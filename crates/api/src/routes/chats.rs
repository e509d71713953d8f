//! Chat sessions with agents; replies stream as server-sent events.

use std::collections::BTreeMap;

use actix_web::web::Bytes;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use switchboard_agents::chats::{self, ChatEvent};
use switchboard_db::entity::chat_message;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::dto::PageQuery;
use crate::error::{ApiError, ErrorBody, current_request_id, envelope};
use crate::extract::{Authorized, perm};
use crate::state::AppState;

/// A chat message.
#[derive(Serialize, ToSchema)]
pub struct ChatMessageDto {
    /// Id.
    pub id: Uuid,
    /// `user` or `assistant`.
    pub role: String,
    /// Text.
    pub content: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<chat_message::Model> for ChatMessageDto {
    fn from(m: chat_message::Model) -> Self {
        Self {
            id: m.id,
            role: m.role,
            content: m.content,
            created_at: m.created_at,
        }
    }
}

/// Token usage.
#[derive(Serialize, ToSchema)]
pub struct UsageDto {
    /// Tokens read by the model.
    pub prompt_tokens: i64,
    /// Tokens written by the model.
    pub completion_tokens: i64,
}

/// A chat session.
#[derive(Serialize, ToSchema)]
pub struct ChatSessionDto {
    /// Id.
    pub id: Uuid,
    /// The agent.
    pub agent_id: Uuid,
    /// Published version that serves the chat; 0 = the draft (test console).
    pub agent_version: i32,
    /// `offline` (deterministic, no model configured) or `openai_compatible`.
    pub engine: String,
    /// Messages, oldest first (empty in lists).
    pub messages: Vec<ChatMessageDto>,
    /// Tokens used so far.
    pub usage: UsageDto,
    /// Started.
    pub created_at: DateTime<Utc>,
}

impl From<chats::Session> for ChatSessionDto {
    fn from(s: chats::Session) -> Self {
        Self {
            id: s.row.id,
            agent_id: s.row.agent_id,
            agent_version: s.row.agent_version,
            engine: s.row.engine,
            messages: s.messages.into_iter().map(Into::into).collect(),
            usage: UsageDto {
                prompt_tokens: s.row.prompt_tokens,
                completion_tokens: s.row.completion_tokens,
            },
            created_at: s.row.created_at,
        }
    }
}

/// A page of sessions.
#[derive(Serialize, ToSchema)]
pub struct ChatSessionPage {
    /// Sessions, newest first, without messages.
    pub items: Vec<ChatSessionDto>,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
}

/// A new chat.
#[derive(Deserialize, ToSchema, Default)]
pub struct StartChat {
    /// Prompt variables for this conversation (override the agent's defaults).
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
    /// Talk to the working draft instead of the published version (a test console trying
    /// unpublished changes); the session records version 0.
    #[serde(default)]
    pub draft: bool,
}

/// Starts a chat with an agent: its published version, or the working draft when `draft` is set
/// or nothing is published yet.
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Agent id")),
    request_body = StartChat, responses((status = 201, body = ChatSessionDto), (status = "4XX", body = ErrorBody)))]
#[post("/agents/{id}/chats")]
pub async fn start_chat(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsWrite>,
    id: web::Path<Uuid>,
    body: web::Json<StartChat>,
) -> Result<HttpResponse, ApiError> {
    let s = chats::start(
        &state.db,
        &a.ctx,
        &state.engines,
        *id,
        body.variables.clone(),
        body.draft,
    )
    .await?;
    Ok(HttpResponse::Created().json(ChatSessionDto::from(s)))
}

/// Chat filters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChatFilter {
    /// Only this agent's chats.
    pub agent_id: Option<Uuid>,
}

/// Chat sessions, newest first.
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), params(ChatFilter, PageQuery),
    responses((status = 200, body = ChatSessionPage), (status = "4XX", body = ErrorBody)))]
#[get("/chats")]
pub async fn list_chats(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsRead>,
    f: web::Query<ChatFilter>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<ChatSessionPage>, ApiError> {
    let p = chats::list(&state.db, &a.ctx, f.agent_id, &page.params()?).await?;
    Ok(web::Json(ChatSessionPage {
        items: p.items.into_iter().map(Into::into).collect(),
        next_cursor: p.next_cursor,
    }))
}

/// One chat with its messages and usage.
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Chat id")),
    responses((status = 200, body = ChatSessionDto), (status = "4XX", body = ErrorBody)))]
#[get("/chats/{id}")]
pub async fn get_chat(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsRead>,
    id: web::Path<Uuid>,
) -> Result<web::Json<ChatSessionDto>, ApiError> {
    Ok(web::Json(chats::get(&state.db, &a.ctx, *id).await?.into()))
}

/// A message to the agent.
#[derive(Deserialize, ToSchema)]
pub struct SendMessage {
    /// Text, 1 to 4000 characters.
    pub content: String,
}

fn sse(event: &str, data: &serde_json::Value) -> Bytes {
    Bytes::from(format!("event: {event}\ndata: {data}\n\n"))
}

/// Sends a message and streams the reply as server-sent events: `delta` events
/// (`{"text": "..."}`), then `done` (`{"message": {...}, "usage": {...}}`), or `error` (the error
/// envelope). Errors before the stream starts are ordinary JSON errors.
#[utoipa::path(tag = "agents", security(("session" = []), ("api_key" = [])), params(("id" = Uuid, Path, description = "Chat id")),
    request_body = SendMessage,
    responses((status = 200, content_type = "text/event-stream", description = "Server-sent events: delta, done, error"), (status = "4XX", body = ErrorBody)))]
#[post("/chats/{id}/messages")]
pub async fn send_chat_message(
    state: web::Data<AppState>,
    a: Authorized<perm::AgentsWrite>,
    id: web::Path<Uuid>,
    body: web::Json<SendMessage>,
) -> Result<HttpResponse, ApiError> {
    let events = chats::send(&state.db, &a.ctx, &state.engines, *id, &body.content).await?;
    let request_id = current_request_id();
    let stream = events.map(move |ev| {
        Ok::<_, actix_web::Error>(match ev {
            ChatEvent::Delta(t) => sse("delta", &serde_json::json!({ "text": t })),
            ChatEvent::Done(m, u) => sse("done", &serde_json::json!({
                "message": ChatMessageDto::from(m),
                "usage": { "prompt_tokens": u.prompt_tokens, "completion_tokens": u.completion_tokens },
            })),
            ChatEvent::Failed(e) => {
                let body = envelope("llm_failed", &e.to_string(), None, request_id.clone());
                sse("error", &serde_json::to_value(body).unwrap_or_default())
            }
        })
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("cache-control", "no-cache"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(stream))
}
