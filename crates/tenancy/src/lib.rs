//! Tenancy: tenants in three levels (platform > agency > customer), plans and their quotas,
//! white-label branding and custom domains.

pub mod branding;
pub mod domains;
pub mod plans;
pub mod quota;
pub mod tenants;

use switchboard_core::{ErrorCode, ErrorKind};

/// Errors of the tenancy domain.
#[derive(Debug, thiserror::Error)]
pub enum TenancyError {
    /// No such tenant, or not visible to the caller.
    #[error("tenant not found")]
    TenantNotFound,
    /// No such plan.
    #[error("plan not found")]
    PlanNotFound,
    /// No such domain on this tenant.
    #[error("domain not found")]
    DomainNotFound,
    /// The domain is already claimed.
    #[error("this domain is already in use")]
    DomainTaken,
    /// The plan code is already used.
    #[error("a plan with this code already exists")]
    PlanCodeTaken,
    /// A field is invalid.
    #[error("{field}: {message}")]
    Invalid {
        /// Field name.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The operation is not allowed for this tenant kind or state.
    #[error("{0}")]
    NotAllowed(String),
    /// A plan limit would be exceeded.
    #[error("quota exceeded: {limit} (maximum {max})")]
    QuotaExceeded {
        /// Which quota.
        limit: &'static str,
        /// The plan's maximum.
        max: i64,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    /// Platform services failed.
    #[error(transparent)]
    Platform(#[from] switchboard_platform::PlatformError),
}

impl TenancyError {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl ErrorCode for TenancyError {
    fn code(&self) -> &'static str {
        match self {
            Self::TenantNotFound => "tenant_not_found",
            Self::PlanNotFound => "plan_not_found",
            Self::DomainNotFound => "domain_not_found",
            Self::DomainTaken => "domain_taken",
            Self::PlanCodeTaken => "plan_code_taken",
            Self::Invalid { .. } => "validation_failed",
            Self::NotAllowed(_) => "not_allowed",
            Self::QuotaExceeded { .. } => "quota_exceeded",
            Self::Db(_) => "internal",
            Self::Platform(e) => e.code(),
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::TenantNotFound | Self::PlanNotFound | Self::DomainNotFound => ErrorKind::NotFound,
            Self::DomainTaken | Self::PlanCodeTaken | Self::QuotaExceeded { .. } => {
                ErrorKind::Conflict
            }
            Self::Invalid { .. } => ErrorKind::Invalid,
            Self::NotAllowed(_) => ErrorKind::Forbidden,
            Self::Db(_) => ErrorKind::Internal,
            Self::Platform(e) => e.kind(),
        }
    }
    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Invalid { field, message } => {
                Some(serde_json::json!({ "fields": { *field: [message] } }))
            }
            Self::QuotaExceeded { limit, max } => {
                Some(serde_json::json!({ "limit": limit, "max": max }))
            }
            _ => None,
        }
    }
}

/// Trims and checks a display name (1..=100 characters).
pub(crate) fn clean_name(field: &'static str, name: &str) -> Result<String, TenancyError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(TenancyError::invalid(field, "must be 1 to 100 characters"));
    }
    Ok(name.to_string())
}
