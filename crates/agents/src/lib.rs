//! Agents (call and chat): their configuration, published immutable versions and roll-back.
//! The conversation engine and provider syncs arrive with later work on this crate.

pub mod agents;
pub mod chats;
pub mod config;
pub mod elevenlabs;
pub mod llm;

use switchboard_core::{ErrorCode, ErrorKind};

/// Errors of the agents domain.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    /// No such agent in this tenant.
    #[error("agent not found")]
    NotFound,
    /// No such chat session in this tenant.
    #[error("chat not found")]
    ChatNotFound,
    /// No such version of the agent.
    #[error("agent version not found")]
    VersionNotFound,
    /// Another agent of the tenant has this name.
    #[error("an agent with this name already exists")]
    NameTaken,
    /// Fields are invalid (each named).
    #[error("{0}")]
    Invalid(String, serde_json::Value),
    /// Tenancy failed (quotas).
    #[error(transparent)]
    Tenancy(#[from] switchboard_tenancy::TenancyError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    /// Platform services failed.
    #[error(transparent)]
    Platform(#[from] switchboard_platform::PlatformError),
}

impl AgentError {
    /// A single-field error.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Invalid(
            format!("{field}: {message}"),
            serde_json::json!({ "fields": { field: [message] } }),
        )
    }

    /// From validator's errors, naming every field (nested ones as `llm.temperature`).
    pub fn from_validation(e: &validator::ValidationErrors) -> Self {
        let mut fields = serde_json::Map::new();
        collect(e, "", &mut fields);
        let first = fields
            .iter()
            .next()
            .map(|(k, v)| format!("{k}: {}", v[0].as_str().unwrap_or("invalid")))
            .unwrap_or_else(|| "invalid input".into());
        Self::Invalid(first, serde_json::json!({ "fields": fields }))
    }
}

fn collect(
    e: &validator::ValidationErrors,
    prefix: &str,
    out: &mut serde_json::Map<String, serde_json::Value>,
) {
    use validator::ValidationErrorsKind as K;
    for (field, kind) in e.errors() {
        let name = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            K::Field(errs) => {
                let msgs: Vec<serde_json::Value> = errs
                    .iter()
                    .map(|er| {
                        serde_json::Value::String(
                            er.message
                                .as_ref()
                                .map(|m| m.to_string())
                                .unwrap_or_else(|| er.code.to_string()),
                        )
                    })
                    .collect();
                out.insert(name, serde_json::Value::Array(msgs));
            }
            K::Struct(inner) => collect(inner, &name, out),
            K::List(items) => {
                for (i, inner) in items {
                    collect(inner, &format!("{name}[{i}]"), out);
                }
            }
        }
    }
}

impl ErrorCode for AgentError {
    fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "agent_not_found",
            Self::VersionNotFound => "agent_version_not_found",
            Self::ChatNotFound => "chat_not_found",
            Self::NameTaken => "agent_name_taken",
            Self::Invalid(..) => "validation_failed",
            Self::Tenancy(e) => e.code(),
            Self::Db(_) => "internal",
            Self::Platform(e) => e.code(),
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::NotFound | Self::VersionNotFound | Self::ChatNotFound => ErrorKind::NotFound,
            Self::NameTaken => ErrorKind::Conflict,
            Self::Invalid(..) => ErrorKind::Invalid,
            Self::Tenancy(e) => e.kind(),
            Self::Db(_) => ErrorKind::Internal,
            Self::Platform(e) => e.kind(),
        }
    }
    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Invalid(_, d) => Some(d.clone()),
            Self::Tenancy(e) => e.details(),
            _ => None,
        }
    }
}
