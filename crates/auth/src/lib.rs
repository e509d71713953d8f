//! Authentication and authorisation: users and passwords, sessions, API keys, signed tokens for
//! email links, invitations, built-in and custom roles, and the resolution of a principal into a
//! [`switchboard_core::TenantCtx`].

pub mod api_keys;
pub mod invitations;
pub mod lifecycle;
pub mod members;
pub mod password;
pub mod principal;
pub mod roles;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod users;

mod error;

use std::sync::Arc;

use sea_orm::DatabaseConnection;
use switchboard_platform::email::Mailer;
use tokio::sync::Semaphore;

pub use error::AuthError;

/// Settings of the auth domain (from the `auth` and `server` config sections).
#[derive(Clone)]
pub struct AuthConfig {
    /// HMAC secret for signed tokens (never printed).
    pub token_secret: String,
    /// Public base URL used in email links, e.g. `https://app.example.com`.
    pub public_url: String,
    /// Argon2 memory cost in KiB.
    pub argon2_memory_kib: u32,
    /// Argon2 iterations.
    pub argon2_iterations: u32,
    /// Failed sign-ins per account within the window before 429.
    pub max_failures_per_account: u64,
    /// Failed sign-ins per IP within the window before 429.
    pub max_failures_per_ip: u64,
    /// Throttle window in seconds.
    pub throttle_window_secs: i64,
    /// Invitation lifetime in hours.
    pub invitation_ttl_hours: i64,
}

impl std::fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthConfig")
            .field("token_secret", &"***")
            .field("public_url", &self.public_url)
            .field("argon2_memory_kib", &self.argon2_memory_kib)
            .field("argon2_iterations", &self.argon2_iterations)
            .finish_non_exhaustive()
    }
}

/// The auth domain service: owns what every auth function needs.
#[derive(Clone, Debug)]
pub struct Auth {
    /// Database pool.
    pub db: DatabaseConnection,
    /// Settings.
    pub cfg: Arc<AuthConfig>,
    /// Outgoing email.
    pub mailer: Mailer,
    /// Caps concurrent password hashing at the number of cores so a sign-in storm cannot stall
    /// the server.
    hashing: Arc<Semaphore>,
}

impl Auth {
    /// Builds the service.
    pub fn new(db: DatabaseConnection, cfg: AuthConfig, mailer: Mailer) -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Self {
            db,
            cfg: Arc::new(cfg),
            mailer,
            hashing: Arc::new(Semaphore::new(cores)),
        }
    }

    pub(crate) fn link(&self, path_and_query: &str) -> String {
        format!(
            "{}{}",
            self.cfg.public_url.trim_end_matches('/'),
            path_and_query
        )
    }
}

/// Lower-cases and trims an email address and checks its shape.
pub fn normalize_email(field: &'static str, email: &str) -> Result<String, AuthError> {
    let e = email.trim().to_lowercase();
    let ok = e.len() <= 254
        && !e.contains(char::is_whitespace)
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if ok {
        Ok(e)
    } else {
        Err(AuthError::invalid(field, "must be an email address"))
    }
}

/// Random URL-safe token of `bytes` bytes of entropy.
pub(crate) fn random_token(bytes: usize) -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// SHA-256 hex of a secret (for high-entropy tokens and keys, not passwords).
pub(crate) fn sha256_hex(s: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(s.as_bytes()))
}
