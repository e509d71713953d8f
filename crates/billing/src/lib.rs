//! Billing: the append-only credit ledger with its per-tenant balance. Payments, invoices and
//! Stripe arrive with the billing issue.

pub mod ledger;

use switchboard_core::{ErrorCode, ErrorKind};

/// Errors of the billing domain.
#[derive(Debug, thiserror::Error)]
pub enum BillingError {
    /// A field is invalid.
    #[error("{field}: {message}")]
    Invalid {
        /// Field.
        field: &'static str,
        /// Problem.
        message: String,
    },
    /// No credits left.
    #[error("no credits left: buy credits to continue")]
    InsufficientCredits,
    /// The tenant does not exist.
    #[error("tenant not found")]
    TenantNotFound,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    /// Platform services failed.
    #[error(transparent)]
    Platform(#[from] switchboard_platform::PlatformError),
}

impl ErrorCode for BillingError {
    fn code(&self) -> &'static str {
        match self {
            Self::Invalid { .. } => "validation_failed",
            Self::InsufficientCredits => "insufficient_credits",
            Self::TenantNotFound => "tenant_not_found",
            Self::Db(_) => "internal",
            Self::Platform(e) => e.code(),
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid { .. } => ErrorKind::Invalid,
            Self::InsufficientCredits => ErrorKind::Conflict,
            Self::TenantNotFound => ErrorKind::NotFound,
            Self::Db(_) => ErrorKind::Internal,
            Self::Platform(e) => e.kind(),
        }
    }
    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Invalid { field, message } => {
                Some(serde_json::json!({ "fields": { *field: [message] } }))
            }
            _ => None,
        }
    }
}
