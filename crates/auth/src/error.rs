//! The auth domain's error enum.

use switchboard_core::{ErrorCode, ErrorKind};

/// Errors of the auth domain.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Wrong email or password.
    #[error("the email or password is wrong")]
    InvalidCredentials,
    /// No valid session or key.
    #[error("sign in first")]
    Unauthenticated,
    /// The API key is unknown, revoked or expired.
    #[error("the API key is invalid, revoked or expired")]
    ApiKeyInvalid,
    /// The address is not verified yet.
    #[error("verify your email address first: we sent you a link")]
    EmailNotVerified,
    /// The account is suspended.
    #[error("this account is suspended")]
    AccountSuspended,
    /// The tenant is suspended.
    #[error("this organisation is suspended")]
    TenantSuspended,
    /// Not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// The email is already registered.
    #[error("an account with this email already exists")]
    EmailTaken,
    /// The user already belongs to the tenant.
    #[error("this person is already a member")]
    AlreadyMember,
    /// A custom role with this name exists.
    #[error("a role with this name already exists")]
    RoleNameTaken,
    /// The password breaks the policy.
    #[error("password: {0}")]
    WeakPassword(String),
    /// A field is invalid.
    #[error("{field}: {message}")]
    Invalid {
        /// Field.
        field: &'static str,
        /// Problem.
        message: String,
    },
    /// The token is not one of ours, or is for something else.
    #[error("this link is invalid")]
    TokenInvalid,
    /// The token has expired.
    #[error("this link has expired")]
    TokenExpired,
    /// The token was already used.
    #[error("this link was already used")]
    TokenUsed,
    /// Too many attempts.
    #[error("too many attempts: try again in {retry_after} seconds")]
    RateLimited {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// No such user in this tenant.
    #[error("user not found")]
    UserNotFound,
    /// No such invitation.
    #[error("invitation not found")]
    InvitationNotFound,
    /// No such custom role.
    #[error("role not found")]
    RoleNotFound,
    /// No such API key.
    #[error("API key not found")]
    ApiKeyNotFound,
    /// The first administrator already exists.
    #[error("set-up is already done")]
    SetupDone,
    /// Tenancy failed.
    #[error(transparent)]
    Tenancy(#[from] switchboard_tenancy::TenancyError),
    /// Platform services failed.
    #[error(transparent)]
    Platform(#[from] switchboard_platform::PlatformError),
    /// Billing failed.
    #[error(transparent)]
    Billing(#[from] switchboard_billing::BillingError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    /// Something unexpected (hashing, signing).
    #[error("internal: {0}")]
    Internal(String),
}

impl AuthError {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl ErrorCode for AuthError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidCredentials => "invalid_credentials",
            Self::Unauthenticated => "unauthenticated",
            Self::ApiKeyInvalid => "api_key_invalid",
            Self::EmailNotVerified => "email_not_verified",
            Self::AccountSuspended => "account_suspended",
            Self::TenantSuspended => "tenant_suspended",
            Self::Forbidden(_) => "forbidden",
            Self::EmailTaken => "email_taken",
            Self::AlreadyMember => "already_member",
            Self::RoleNameTaken => "role_name_taken",
            Self::WeakPassword(_) => "weak_password",
            Self::Invalid { .. } => "validation_failed",
            Self::TokenInvalid => "token_invalid",
            Self::TokenExpired => "token_expired",
            Self::TokenUsed => "token_used",
            Self::RateLimited { .. } => "rate_limited",
            Self::UserNotFound => "user_not_found",
            Self::InvitationNotFound => "invitation_not_found",
            Self::RoleNotFound => "role_not_found",
            Self::ApiKeyNotFound => "api_key_not_found",
            Self::SetupDone => "setup_done",
            Self::Tenancy(e) => e.code(),
            Self::Platform(e) => e.code(),
            Self::Billing(e) => e.code(),
            Self::Db(_) | Self::Internal(_) => "internal",
        }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::InvalidCredentials | Self::Unauthenticated | Self::ApiKeyInvalid => {
                ErrorKind::Unauthenticated
            }
            Self::EmailNotVerified
            | Self::AccountSuspended
            | Self::TenantSuspended
            | Self::Forbidden(_) => ErrorKind::Forbidden,
            Self::EmailTaken | Self::AlreadyMember | Self::RoleNameTaken | Self::SetupDone => {
                ErrorKind::Conflict
            }
            Self::WeakPassword(_)
            | Self::Invalid { .. }
            | Self::TokenInvalid
            | Self::TokenExpired
            | Self::TokenUsed => ErrorKind::Invalid,
            Self::RateLimited { .. } => ErrorKind::RateLimited,
            Self::UserNotFound
            | Self::InvitationNotFound
            | Self::RoleNotFound
            | Self::ApiKeyNotFound => ErrorKind::NotFound,
            Self::Tenancy(e) => e.kind(),
            Self::Platform(e) => e.kind(),
            Self::Billing(e) => e.kind(),
            Self::Db(_) | Self::Internal(_) => ErrorKind::Internal,
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Invalid { field, message } => {
                Some(serde_json::json!({ "fields": { *field: [message] } }))
            }
            Self::WeakPassword(m) => Some(serde_json::json!({ "fields": { "password": [m] } })),
            Self::Tenancy(e) => e.details(),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}
