//! Platform services shared by every domain: the audit log, the email outbox (with SMTP
//! delivery when configured) and system settings.

pub mod audit;
pub mod email;
pub mod events;
pub mod jobs;
pub mod secrets;
pub mod settings;
pub mod tenant_secrets;
pub mod tenant_settings;

use switchboard_core::{ErrorCode, ErrorKind};

/// Errors of the platform services.
#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    /// The outbox message or setting does not exist.
    #[error("not found")]
    NotFound,
    /// A filter value is malformed.
    #[error("{0}")]
    InvalidFilter(String),
    /// An input value is invalid (the message names the field).
    #[error("{0}")]
    Invalid(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl ErrorCode for PlatformError {
    fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::InvalidFilter(_) => "invalid_query",
            Self::Invalid(_) => "validation_failed",
            Self::Db(_) => "internal",
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::NotFound => ErrorKind::NotFound,
            Self::InvalidFilter(_) | Self::Invalid(_) => ErrorKind::Invalid,
            Self::Db(_) => ErrorKind::Internal,
        }
    }
}
