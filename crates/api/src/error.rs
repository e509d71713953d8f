//! The one error envelope and the one code → status table.
//!
//! Every error leaving the API, from a domain crate, an extractor or the framework itself, is
//! rendered here as `{ "error": { code, message, details, request_id, timestamp } }`.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use switchboard_core::{ErrorCode, ErrorKind};
use utoipa::ToSchema;

tokio::task_local! {
    /// The current request's id, set by the request-id middleware around each request.
    pub static REQUEST_ID: String;
}

/// The current request id, or a fresh one outside a request.
pub fn current_request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| switchboard_core::new_id().to_string())
}

/// An error as the API answers it.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code.
    pub code: &'static str,
    /// Human message.
    pub message: String,
    /// Machine-readable details.
    pub details: Option<serde_json::Value>,
    /// Retry-After seconds.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// Builds an error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: None,
            retry_after: None,
        }
    }

    /// 400 `validation_failed` naming a field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            "validation_failed",
            format!("{field}: {message}"),
        );
        e.details = Some(serde_json::json!({ "fields": { field: [message] } }));
        e
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 401 `unauthenticated`.
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "sign in or send an API key",
        )
    }

    /// 500 `internal`, logging the cause once.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(request_id = %current_request_id(), error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side; the request id identifies it",
        )
    }
}

/// The status for each error kind: the single table.
pub fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Invalid => StatusCode::BAD_REQUEST,
        ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

macro_rules! from_domain {
    ($($t:ty),+) => {$(
        impl From<$t> for ApiError {
            fn from(e: $t) -> Self {
                let kind = e.kind();
                if kind == ErrorKind::Internal {
                    return ApiError::internal(&e);
                }
                ApiError {
                    status: status_of(kind),
                    code: e.code(),
                    message: e.to_string(),
                    details: e.details(),
                    retry_after: e.retry_after(),
                }
            }
        }
    )+};
}

from_domain!(
    switchboard_auth::AuthError,
    switchboard_tenancy::TenancyError,
    switchboard_platform::PlatformError,
    switchboard_agents::AgentError,
    switchboard_billing::BillingError,
    switchboard_telephony::TelephonyError
);

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        ApiError::internal(e)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// The error envelope.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Inside the envelope.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code; see the `ErrorCode` schema for every value.
    #[schema(value_type = String, example = "validation_failed")]
    pub code: String,
    /// Human-readable explanation; may change between releases.
    pub message: String,
    /// Machine-readable details, e.g. `{ "fields": { "email": ["must be an email address"] } }`.
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
    /// Id of the request, also sent as the `x-request-id` header; quote it to support.
    pub request_id: String,
    /// When the error happened (UTC, RFC 3339).
    pub timestamp: String,
}

/// Renders an envelope.
pub fn envelope(
    code: &str,
    message: &str,
    details: Option<serde_json::Value>,
    request_id: String,
) -> ErrorBody {
    ErrorBody {
        error: ErrorDetail {
            code: code.to_string(),
            message: message.to_string(),
            details,
            request_id,
            timestamp: switchboard_core::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        },
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        if let Some(s) = self.retry_after {
            res.insert_header((header::RETRY_AFTER, s.to_string()));
        }
        res.json(envelope(
            self.code,
            &self.message,
            self.details.clone(),
            current_request_id(),
        ))
    }
}

/// Every error code the API can answer, for the OpenAPI `ErrorCode` schema.
pub const ERROR_CODES: &[&str] = &[
    "bad_request",
    "malformed_json",
    "invalid_query",
    "validation_failed",
    "weak_password",
    "token_invalid",
    "token_expired",
    "token_used",
    "unauthenticated",
    "invalid_credentials",
    "api_key_invalid",
    "forbidden",
    "csrf_failed",
    "email_not_verified",
    "account_suspended",
    "tenant_suspended",
    "not_allowed",
    "not_found",
    "route_not_found",
    "tenant_not_found",
    "plan_not_found",
    "domain_not_found",
    "user_not_found",
    "invitation_not_found",
    "agent_not_found",
    "agent_version_not_found",
    "chat_not_found",
    "call_not_found",
    "recording_not_found",
    "number_not_found",
    "role_not_found",
    "api_key_not_found",
    "method_not_allowed",
    "email_taken",
    "already_member",
    "role_name_taken",
    "domain_taken",
    "plan_code_taken",
    "quota_exceeded",
    "setup_done",
    "agent_name_taken",
    "number_taken",
    "number_not_ready",
    "call_refused",
    "insufficient_credits",
    "payload_too_large",
    "unsupported_media_type",
    "rate_limited",
    "llm_failed",
    "carrier_failed",
    "webhook_signature_invalid",
    "webhook_payload_invalid",
    "not_configured",
    "range_not_satisfiable",
    "internal",
    "unavailable",
];
