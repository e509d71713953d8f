//! The error vocabulary shared by all domain crates. Each domain error maps to a stable
//! snake_case code and a kind; the API crate owns the single kind → HTTP status table.

/// What sort of failure an error is; the API maps each kind to one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Input is malformed or violates a rule (400).
    Invalid,
    /// No valid credentials (401).
    Unauthenticated,
    /// Authenticated but not allowed (403).
    Forbidden,
    /// Missing, or belongs to another tenant (404).
    NotFound,
    /// Conflicts with existing state: duplicates, quotas (409).
    Conflict,
    /// Too many attempts (429).
    RateLimited,
    /// A dependency is down (503).
    Unavailable,
    /// A bug or an unexpected failure (500).
    Internal,
}

/// Implemented by every domain error enum.
pub trait ErrorCode: std::error::Error {
    /// Stable snake_case code sent to clients.
    fn code(&self) -> &'static str;
    /// Which status family the error belongs to.
    fn kind(&self) -> ErrorKind;
    /// Optional machine-readable details (field errors, limits).
    fn details(&self) -> Option<serde_json::Value> {
        None
    }
    /// Seconds after which a retry may succeed (rate limits).
    fn retry_after(&self) -> Option<u64> {
        None
    }
}
