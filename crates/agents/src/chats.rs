//! Chat sessions: `chat` agents (and `call` agents in the test console) hold a conversation over
//! the API. Each session freezes the configuration that serves it (a published version, or the
//! draft for the test console), stores every message with its token usage, and streams replies.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures_util::{Stream, StreamExt};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use switchboard_core::{Page, PageParams, TenantCtx, new_id, now};
use switchboard_db::entity::{chat_message, chat_session};
use switchboard_db::scoped;
use switchboard_platform::audit;
use uuid::Uuid;

use crate::AgentError;
use crate::agents;
use crate::config::{AgentConfig, render};
use crate::llm::{LlmError, LlmEvent, LlmMessage, LlmProvider, LlmRequest, OfflineEngine, Usage};

/// The engines available to this installation.
#[derive(Clone)]
pub struct Engines {
    /// The OpenAI-compatible provider, when configured.
    pub openai: Option<Arc<dyn LlmProvider>>,
    offline: Arc<dyn LlmProvider>,
}

impl std::fmt::Debug for Engines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engines")
            .field("openai", &self.openai.is_some())
            .finish()
    }
}

impl Engines {
    /// Engines with an optional OpenAI-compatible provider; the offline engine is always there.
    pub fn new(openai: Option<Arc<dyn LlmProvider>>) -> Self {
        Self {
            openai,
            offline: Arc::new(OfflineEngine),
        }
    }

    /// The engine for an agent: its configured provider when available, else offline.
    pub fn for_config(&self, config: &AgentConfig) -> Arc<dyn LlmProvider> {
        match (&self.openai, config.llm.provider.as_str()) {
            (Some(p), "openai_compatible") => p.clone(),
            _ => self.offline.clone(),
        }
    }

    fn by_name(&self, engine: &str) -> Arc<dyn LlmProvider> {
        match (&self.openai, engine) {
            (Some(p), "openai_compatible") => p.clone(),
            _ => self.offline.clone(),
        }
    }
}

/// A session with its messages.
#[derive(Debug, Clone)]
pub struct Session {
    /// Row.
    pub row: chat_session::Model,
    /// Messages, oldest first (empty in lists).
    pub messages: Vec<chat_message::Model>,
}

/// What a reply stream yields to the client.
#[derive(Debug, Clone)]
pub enum ChatEvent {
    /// More text.
    Delta(String),
    /// The stored assistant message and the reply's usage.
    Done(chat_message::Model, Usage),
    /// The engine failed; the user message stays stored.
    Failed(LlmError),
}

async fn add_message(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    session_id: Uuid,
    role: &str,
    content: &str,
    usage: Usage,
) -> Result<chat_message::Model, AgentError> {
    let row = chat_message::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id),
        session_id: Set(session_id),
        role: Set(role.into()),
        content: Set(content.into()),
        prompt_tokens: Set(usage.prompt_tokens as i64),
        completion_tokens: Set(usage.completion_tokens as i64),
        created_at: Set(now()),
    };
    Ok(chat_message::Entity::insert(row)
        .exec_with_returning(db)
        .await?)
}

/// Starts a session with an agent: its latest published version, or the draft when never
/// published (test console). The rendered first message is the first assistant message.
pub async fn start(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    engines: &Engines,
    agent_id: Uuid,
    variables: BTreeMap<String, String>,
    draft: bool,
) -> Result<Session, AgentError> {
    if variables.len() > 50
        || variables
            .iter()
            .any(|(k, v)| k.len() > 64 || v.len() > 1000)
    {
        return Err(AgentError::field(
            "variables",
            "at most 50, names ≤ 64 and values ≤ 1000 characters",
        ));
    }
    let agent = agents::get(db, ctx, agent_id).await?;
    // Version 0 stands for the working draft (tested before publishing).
    let (version, config) = if agent.row.current_version > 0 && !draft {
        let v = agents::get_version(db, ctx, agent_id, agent.row.current_version).await?;
        (v.row.version, v.config)
    } else {
        (0, agent.config.clone())
    };
    let mut vars = config.variables.clone();
    vars.extend(variables);
    let engine = engines.for_config(&config);
    let row = chat_session::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(ctx.tenant_id),
        agent_id: Set(agent_id),
        agent_version: Set(version),
        engine: Set(engine.engine().into()),
        config: Set(serde_json::to_string(&config).unwrap_or_default()),
        variables: Set(serde_json::to_string(&vars).unwrap_or_default()),
        prompt_tokens: Set(0),
        completion_tokens: Set(0),
        created_at: Set(now()),
        updated_at: Set(now()),
    };
    let row = chat_session::Entity::insert(row)
        .exec_with_returning(db)
        .await?;
    let mut messages = Vec::new();
    let first = render(&config.first_message, &vars);
    if !first.trim().is_empty() {
        messages.push(
            add_message(
                db,
                ctx.tenant_id,
                row.id,
                "assistant",
                &first,
                Usage::default(),
            )
            .await?,
        );
    }
    audit::record(
        db,
        ctx,
        "chat.started",
        "chat_session",
        Some(row.id.to_string()),
        Some(serde_json::json!({ "agent_id": agent_id, "agent_version": version })),
    )
    .await?;
    Ok(Session { row, messages })
}

async fn find(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<chat_session::Model, AgentError> {
    scoped::<chat_session::Entity>(ctx.tenant_id)
        .filter(chat_session::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AgentError::ChatNotFound)
}

async fn messages(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    session_id: Uuid,
) -> Result<Vec<chat_message::Model>, AgentError> {
    Ok(scoped::<chat_message::Entity>(tenant_id)
        .filter(chat_message::Column::SessionId.eq(session_id))
        .order_by_asc(chat_message::Column::Id)
        .all(db)
        .await?)
}

/// One session with its messages.
pub async fn get(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<Session, AgentError> {
    let row = find(db, ctx, id).await?;
    let messages = messages(db, ctx.tenant_id, id).await?;
    Ok(Session { row, messages })
}

/// Sessions of the acting tenant (optionally of one agent), newest first, without messages.
pub async fn list(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    agent_id: Option<Uuid>,
    page: &PageParams,
) -> Result<Page<Session>, AgentError> {
    let mut q = scoped::<chat_session::Entity>(ctx.tenant_id);
    if let Some(a) = agent_id {
        q = q.filter(chat_session::Column::AgentId.eq(a));
    }
    let rows = switchboard_db::paged(q, chat_session::Column::Id, page)
        .all(db)
        .await?;
    Ok(
        Page::from_rows(rows, page.limit, |r| r.id).map(|row| Session {
            row,
            messages: vec![],
        }),
    )
}

/// Stores the user's message and streams the agent's reply. The reply is stored (with usage)
/// even when the client goes away mid-stream.
pub async fn send(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    engines: &Engines,
    id: Uuid,
    content: &str,
) -> Result<impl Stream<Item = ChatEvent> + Send + 'static, AgentError> {
    let content = content.trim();
    if content.is_empty() || content.chars().count() > 4000 {
        return Err(AgentError::field("content", "must be 1 to 4000 characters"));
    }
    let session = find(db, ctx, id).await?;
    let config: AgentConfig = serde_json::from_str(&session.config).unwrap_or_default();
    let vars: BTreeMap<String, String> =
        serde_json::from_str(&session.variables).unwrap_or_default();
    add_message(db, ctx.tenant_id, id, "user", content, Usage::default()).await?;
    let history = messages(db, ctx.tenant_id, id).await?;
    let mut msgs = vec![LlmMessage {
        role: "system".into(),
        content: render(&config.system_prompt, &vars),
    }];
    // The most recent 40 messages keep prompts bounded.
    let skip = history.len().saturating_sub(40);
    msgs.extend(history.iter().skip(skip).map(|m| LlmMessage {
        role: m.role.clone(),
        content: m.content.clone(),
    }));
    let req = LlmRequest {
        model: config.llm.model.clone(),
        messages: msgs,
        temperature: config.llm.temperature,
        max_tokens: config.llm.max_tokens,
        variables: vars,
    };
    let engine = engines.by_name(&session.engine);
    let (tx, rx) = tokio::sync::mpsc::channel::<ChatEvent>(64);
    let db = db.clone();
    let tenant_id = ctx.tenant_id;
    tokio::spawn(async move {
        let mut text = String::new();
        let outcome = match engine.stream(req).await {
            Ok(mut s) => {
                let mut done = None;
                while let Some(ev) = s.next().await {
                    match ev {
                        Ok(LlmEvent::Delta(t)) => {
                            text.push_str(&t);
                            let _ = tx.send(ChatEvent::Delta(t)).await;
                        }
                        Ok(LlmEvent::Done(u)) => {
                            done = Some(u);
                            break;
                        }
                        Err(e) => {
                            done = None;
                            let _ = tx.send(ChatEvent::Failed(e)).await;
                            break;
                        }
                    }
                }
                done
            }
            Err(e) => {
                let _ = tx.send(ChatEvent::Failed(e)).await;
                None
            }
        };
        if let Some(usage) = outcome {
            match add_message(&db, tenant_id, id, "assistant", &text, usage).await {
                Ok(m) => {
                    let _ = chat_session::Entity::update_many()
                        .col_expr(
                            chat_session::Column::PromptTokens,
                            Expr::col(chat_session::Column::PromptTokens)
                                .add(usage.prompt_tokens as i64),
                        )
                        .col_expr(
                            chat_session::Column::CompletionTokens,
                            Expr::col(chat_session::Column::CompletionTokens)
                                .add(usage.completion_tokens as i64),
                        )
                        .col_expr(chat_session::Column::UpdatedAt, Expr::value(now()))
                        .filter(chat_session::Column::Id.eq(id))
                        .exec(&db)
                        .await;
                    let _ = tx.send(ChatEvent::Done(m, usage)).await;
                }
                Err(e) => {
                    tracing::error!(error = %e, session = %id, "storing the assistant message failed");
                    let _ = tx
                        .send(ChatEvent::Failed(LlmError::Protocol(
                            "the reply could not be stored".into(),
                        )))
                        .await;
                }
            }
        }
    });
    Ok(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|ev| (ev, rx))
    }))
}
