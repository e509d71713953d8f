//! What every handler can reach: the domain services and the API's settings.

use std::time::Instant;

use sea_orm::DatabaseConnection;
use switchboard_auth::Auth;
use uuid::Uuid;

/// Settings of the HTTP layer (from the `server`, `session` and `web` config sections).
#[derive(Clone)]
pub struct ApiConfig {
    /// Public base URL (scheme + host), used for Origin checks and links.
    pub public_url: String,
    /// Base domain whose subdomains are tenant slugs (white-label), if any.
    pub base_domain: Option<String>,
    /// Origins allowed for CORS and for cookie-authenticated writes.
    pub allowed_origins: Vec<String>,
    /// Mark cookies Secure and send HSTS (true when served over TLS).
    pub tls: bool,
    /// Trust `X-Forwarded-For`/`Forwarded` for the client address (behind a proxy).
    pub trust_proxy: bool,
    /// Session idle timeout in seconds.
    pub session_idle_secs: i64,
    /// Session absolute timeout in seconds.
    pub session_absolute_secs: i64,
    /// Largest JSON body in bytes.
    pub max_json_bytes: usize,
    /// Token for `/health/detailed` without a session (load balancers, monitors).
    pub internal_token: Option<String>,
    /// Folder of the built web app (`web/dist`).
    pub web_dist: Option<std::path::PathBuf>,
    /// Secret from which the session cookie key is derived (≥ 32 bytes).
    pub cookie_secret: String,
}

impl std::fmt::Debug for ApiConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiConfig")
            .field("public_url", &self.public_url)
            .field("base_domain", &self.base_domain)
            .field("allowed_origins", &self.allowed_origins)
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

/// Shared application state.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Database pool.
    pub db: DatabaseConnection,
    /// Auth domain.
    pub auth: Auth,
    /// HTTP settings.
    pub cfg: std::sync::Arc<ApiConfig>,
    /// The platform tenant.
    pub platform_id: Uuid,
    /// Process start, for uptime.
    pub started: Instant,
    /// Language-model engines for agents.
    pub engines: switchboard_agents::chats::Engines,
    /// Call recordings.
    pub recordings: switchboard_telephony::recordings::Recordings,
    /// Secret of ElevenLabs' post-call webhooks.
    pub elevenlabs_webhook_secret: Option<String>,
    /// ElevenLabs REST access (the tenant's key, else the platform's).
    pub elevenlabs: switchboard_agents::elevenlabs::ElevenLabsAccess,
    /// Carrier credentials and webhook addresses.
    pub carriers: switchboard_telephony::numbers::CarrierAccess,
    /// The built-in voice runtime.
    pub media: std::sync::Arc<switchboard_telephony::media::session::Runtime>,
    /// This process's own address (`http://127.0.0.1:<port>`), once bound (the simulated caller
    /// connects to it).
    pub local_url: std::sync::Arc<std::sync::OnceLock<String>>,
    /// Wakes the job workers when a job is queued.
    pub job_wake: std::sync::Arc<tokio::sync::Notify>,
    /// Live events for dashboards.
    pub bus: switchboard_platform::events::Bus,
    /// Keys for stored provider secrets.
    pub keyring: switchboard_platform::secrets::Keyring,
}
