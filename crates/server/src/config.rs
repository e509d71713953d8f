//! Layered configuration: built-in defaults (a copy of `config/default.toml`) → the file →
//! `config/<SWITCHBOARD_ENV>.toml` → an env file → `SWITCHBOARD__SECTION__KEY` → the conventional
//! names (`DATABASE_URL`, `PORT`, ...). Validated at start; errors name the key.

use config::{Config, Environment, File, FileFormat};
use serde::Deserialize;

const DEFAULTS: &str = include_str!("../../../config/default.toml");

/// A secret string: never printed by `Debug`.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"***\"" })
    }
}

impl Secret {
    /// The value, or `None` when empty.
    pub fn get(&self) -> Option<&str> {
        (!self.0.is_empty()).then_some(self.0.as_str())
    }
}

/// `[server]`
#[derive(Debug, Clone, Deserialize)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub public_url: String,
    pub base_domain: String,
    pub allowed_origins: String,
    pub tls: bool,
    pub trust_proxy: bool,
    pub max_json_bytes: usize,
    pub internal_token: Secret,
    pub workers: usize,
}

/// `[database]`
#[derive(Debug, Clone, Deserialize)]
pub struct Database {
    pub url: Secret,
    pub max_connections: u32,
}

/// `[auth]`
#[derive(Debug, Clone, Deserialize)]
pub struct Auth {
    pub token_secret: Secret,
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub max_failures_per_account: u64,
    pub max_failures_per_ip: u64,
    pub throttle_window_secs: i64,
    pub invitation_ttl_hours: i64,
}

/// `[session]`
#[derive(Debug, Clone, Deserialize)]
pub struct Session {
    pub idle_timeout_secs: i64,
    pub absolute_timeout_secs: i64,
}

/// `[email]`
#[derive(Debug, Clone, Deserialize)]
pub struct Email {
    pub from: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_security: String,
    pub smtp_username: String,
    pub smtp_password: Secret,
}

/// `[web]`
#[derive(Debug, Clone, Deserialize)]
pub struct Web {
    pub dist_dir: String,
    pub build_on_start: bool,
}

/// `[llm]`
#[derive(Debug, Clone, Deserialize)]
pub struct Llm {
    pub base_url: String,
    pub api_key: Secret,
    pub max_attempts: u32,
}

/// `[elevenlabs]`
#[derive(Debug, Clone, Deserialize)]
pub struct ElevenLabs {
    pub webhook_secret: Secret,
    pub base_url: String,
    pub api_key: Secret,
    pub sync_interval_secs: u64,
    pub sync_lookback_hours: u64,
}

/// `[security]`
#[derive(Debug, Clone, Deserialize)]
pub struct Security {
    pub encryption_keys: Secret,
}

/// `[twilio]`
#[derive(Debug, Clone, Deserialize)]
pub struct Twilio {
    pub base_url: String,
    pub account_sid: String,
    pub auth_token: Secret,
}

/// `[speech]`
#[derive(Debug, Clone, Deserialize)]
pub struct SpeechCfg {
    pub provider: String,
    pub tts_model: String,
    pub stt_model: String,
    /// Recognition by another provider than `provider`: `deepgram` (or empty: the same).
    #[serde(default)]
    pub stt: String,
}

impl SpeechCfg {
    /// The recognition provider: `stt`, or `provider` when `stt` is empty.
    pub fn stt_provider(&self) -> &str {
        if self.stt.is_empty() {
            &self.provider
        } else {
            &self.stt
        }
    }
}

/// `[media]`
#[derive(Debug, Clone, Deserialize)]
pub struct Media {
    /// Threads of the media pool (0: one per core).
    pub workers: usize,
}

/// `[deepgram]`
#[derive(Debug, Clone, Deserialize)]
pub struct Deepgram {
    pub base_url: String,
    pub api_key: Secret,
    pub model: String,
}

/// `[jobs]`
#[derive(Debug, Clone, Deserialize)]
pub struct Jobs {
    pub workers: usize,
}

/// `[storage]`
#[derive(Debug, Clone, Deserialize)]
pub struct Storage {
    pub recordings_dir: String,
    pub recordings_url: String,
}

/// `[bootstrap]`
#[derive(Debug, Clone, Deserialize)]
pub struct Bootstrap {
    pub admin_email: String,
    pub admin_password: Secret,
    pub admin_name: String,
    pub platform_name: String,
}

/// `[log]`
#[derive(Debug, Clone, Deserialize)]
pub struct Log {
    pub level: String,
    pub format: String,
}

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub server: Server,
    pub database: Database,
    pub auth: Auth,
    pub session: Session,
    pub email: Email,
    pub web: Web,
    pub llm: Llm,
    pub elevenlabs: ElevenLabs,
    pub security: Security,
    pub storage: Storage,
    pub jobs: Jobs,
    pub twilio: Twilio,
    pub speech: SpeechCfg,
    pub deepgram: Deepgram,
    pub media: Media,
    pub bootstrap: Bootstrap,
    pub log: Log,
}

/// The conventional environment names and the keys they set.
const CONVENTIONAL: &[(&str, &str)] = &[
    ("DATABASE_URL", "database.url"),
    ("HOST", "server.host"),
    ("PORT", "server.port"),
    ("PUBLIC_URL", "server.public_url"),
    ("SMTP_HOST", "email.smtp_host"),
    ("SMTP_PORT", "email.smtp_port"),
    ("SMTP_USERNAME", "email.smtp_username"),
    ("SMTP_PASSWORD", "email.smtp_password"),
    ("EMAIL_FROM", "email.from"),
    ("OPENAI_API_KEY", "llm.api_key"),
    ("OPENAI_BASE_URL", "llm.base_url"),
    ("ELEVENLABS_WEBHOOK_SECRET", "elevenlabs.webhook_secret"),
    ("ELEVENLABS_API_KEY", "elevenlabs.api_key"),
    ("TWILIO_ACCOUNT_SID", "twilio.account_sid"),
    ("TWILIO_AUTH_TOKEN", "twilio.auth_token"),
];

impl Settings {
    /// Loads every layer from the process environment and validates the result.
    pub fn load() -> Result<Settings, String> {
        let env_file = std::env::var("SWITCHBOARD_ENV_FILE").unwrap_or_else(|_| ".env".into());
        match dotenvy::from_path(&env_file) {
            Ok(()) => {}
            Err(dotenvy::Error::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("env file {env_file}: {e}")),
        }
        let vars: Vec<(String, String)> = std::env::vars().collect();
        Self::from_sources(&vars)
    }

    /// Builds settings from defaults, files and the given variables (tests pass their own).
    pub fn from_sources(vars: &[(String, String)]) -> Result<Settings, String> {
        let get = |k: &str| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let mut b = Config::builder()
            .add_source(File::from_str(DEFAULTS, FileFormat::Toml))
            .add_source(File::with_name("config/default").required(false));
        if let Some(env) = get("SWITCHBOARD_ENV").filter(|e| !e.is_empty()) {
            b = b.add_source(File::with_name(&format!("config/{env}")).required(true));
        }
        let prefixed: config::Map<String, String> = vars
            .iter()
            .filter(|(k, _)| k.starts_with("SWITCHBOARD__"))
            .cloned()
            .collect();
        b = b.add_source(
            Environment::with_prefix("SWITCHBOARD")
                .prefix_separator("__")
                .separator("__")
                .try_parsing(true)
                .source(Some(prefixed)),
        );
        for (var, key) in CONVENTIONAL {
            if let Some(v) = get(var).filter(|v| !v.is_empty()) {
                b = b.set_override(*key, v).map_err(|e| format!("{var}: {e}"))?;
            }
        }
        let s: Settings = b
            .build()
            .and_then(Config::try_deserialize)
            .map_err(|e| format!("configuration: {e}"))?;
        s.validate()?;
        Ok(s)
    }

    fn validate(&self) -> Result<(), String> {
        let url = &self.database.url.0;
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err("database.url: must start with sqlite:// or postgres://".into());
        }
        if self.database.max_connections == 0 {
            return Err("database.max_connections: must be at least 1".into());
        }
        if !self.server.public_url.is_empty()
            && url::Url::parse(&self.server.public_url)
                .map(|u| u.scheme().starts_with("http"))
                .ok()
                != Some(true)
        {
            return Err("server.public_url: must be an http(s) URL".into());
        }
        if let Some(s) = self.auth.token_secret.get()
            && s.len() < 32
        {
            return Err("auth.token_secret: must be at least 32 characters".into());
        }
        if self.auth.argon2_memory_kib < 8 * 1024 || self.auth.argon2_iterations < 1 {
            return Err("auth.argon2_memory_kib / auth.argon2_iterations: at least 8192 KiB and 1 iteration".into());
        }
        if self.auth.throttle_window_secs < 1
            || self.auth.max_failures_per_account < 1
            || self.auth.max_failures_per_ip < 1
        {
            return Err("auth.throttle_window_secs / max_failures_*: must be positive".into());
        }
        if self.session.idle_timeout_secs < 60
            || self.session.absolute_timeout_secs < self.session.idle_timeout_secs.min(3600)
        {
            return Err("session.idle_timeout_secs / absolute_timeout_secs: idle at least 60 s, absolute at least an hour".into());
        }
        if !["starttls", "tls", "none"].contains(&self.email.smtp_security.as_str()) {
            return Err("email.smtp_security: must be starttls, tls or none".into());
        }
        if self.server.max_json_bytes < 1024 {
            return Err("server.max_json_bytes: at least 1024".into());
        }
        if !self.llm.base_url.is_empty()
            && url::Url::parse(&self.llm.base_url)
                .map(|u| u.scheme().starts_with("http"))
                .ok()
                != Some(true)
        {
            return Err("llm.base_url: must be an http(s) URL".into());
        }
        if let Some(k) = self.security.encryption_keys.get() {
            switchboard_platform::secrets::Keyring::parse(k).map_err(|e| e.to_string())?;
        }
        match self.speech.provider.as_str() {
            "offline" => {}
            "elevenlabs" if self.elevenlabs.api_key.get().is_some() => {}
            "elevenlabs" => {
                return Err("speech.provider: \"elevenlabs\" needs elevenlabs.api_key".into());
            }
            _ => return Err("speech.provider: \"offline\" or \"elevenlabs\"".into()),
        }
        match self.speech.stt_provider() {
            "offline" => {}
            "elevenlabs" if self.elevenlabs.api_key.get().is_none() => {
                return Err("speech.stt: \"elevenlabs\" needs elevenlabs.api_key".into());
            }
            "elevenlabs" => {}
            "deepgram" if self.deepgram.api_key.get().is_none() => {
                return Err("speech.stt: \"deepgram\" needs deepgram.api_key".into());
            }
            "deepgram" => {
                let scheme =
                    url::Url::parse(&self.deepgram.base_url).map(|u| u.scheme().to_string());
                if !matches!(scheme.as_deref(), Ok("ws" | "wss")) {
                    return Err("deepgram.base_url: must be a ws:// or wss:// URL".into());
                }
            }
            _ => {
                return Err(
                    "speech.stt: empty (the same as speech.provider), \"offline\", \"elevenlabs\" or \"deepgram\"".into(),
                );
            }
        }
        if self.media.workers > 64 {
            return Err("media.workers: 0 (one per core) to 64".into());
        }
        if !(1..=16).contains(&self.jobs.workers) {
            return Err("jobs.workers: between 1 and 16".into());
        }
        if self.elevenlabs.sync_interval_secs != 0 && self.elevenlabs.sync_interval_secs < 60 {
            return Err("elevenlabs.sync_interval_secs: 0 (off) or at least 60".into());
        }
        if !(1..=24 * 90).contains(&self.elevenlabs.sync_lookback_hours) {
            return Err("elevenlabs.sync_lookback_hours: between 1 and 2160".into());
        }
        if !(1..=10).contains(&self.llm.max_attempts) {
            return Err("llm.max_attempts: between 1 and 10".into());
        }
        if !["text", "json"].contains(&self.log.format.as_str()) {
            return Err("log.format: must be text or json".into());
        }
        if !self.bootstrap.admin_email.is_empty() && self.bootstrap.admin_password.get().is_none() {
            return Err(
                "bootstrap.admin_password: required when bootstrap.admin_email is set".into(),
            );
        }
        Ok(())
    }

    /// The public URL, defaulting to the listen address.
    pub fn public_url(&self) -> String {
        if self.server.public_url.is_empty() {
            let host = if self.server.host == "0.0.0.0" {
                "localhost"
            } else {
                &self.server.host
            };
            format!("http://{host}:{}", self.server.port)
        } else {
            self.server.public_url.trim_end_matches('/').to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn the_defaults_load_and_validate() {
        let s = Settings::from_sources(&[]).map_err(|e| e.to_string());
        assert_eq!(s.as_ref().map(|s| s.server.port).ok(), Some(8080));
        assert_eq!(
            s.map(|s| s.public_url()).ok().as_deref(),
            Some("http://127.0.0.1:8080")
        );
    }

    #[test]
    fn environment_variables_override_with_both_naming_schemes() {
        let s = Settings::from_sources(&vars(&[
            ("PORT", "9000"),
            ("SWITCHBOARD__AUTH__MAX_FAILURES_PER_IP", "7"),
            ("DATABASE_URL", "postgres://x@localhost/db"),
        ]));
        let s = s.map_err(|e| e.to_string());
        assert_eq!(s.as_ref().map(|s| s.server.port).ok(), Some(9000));
        assert_eq!(s.as_ref().map(|s| s.auth.max_failures_per_ip).ok(), Some(7));
        assert_eq!(
            s.map(|s| s.database.url.0).ok().as_deref(),
            Some("postgres://x@localhost/db")
        );
    }

    #[test]
    fn invalid_values_are_refused_with_the_key_name() {
        let e = Settings::from_sources(&vars(&[("PORT", "not-a-port")]))
            .err()
            .unwrap_or_default();
        assert!(e.contains("server.port"), "{e}");
        let e = Settings::from_sources(&vars(&[("SWITCHBOARD__AUTH__TOKEN_SECRET", "short")]))
            .err()
            .unwrap_or_default();
        assert!(e.contains("auth.token_secret"), "{e}");
        let e = Settings::from_sources(&vars(&[("DATABASE_URL", "mysql://x")]))
            .err()
            .unwrap_or_default();
        assert!(e.contains("database.url"), "{e}");
    }

    #[test]
    fn speech_recognition_needs_its_provider_key() {
        let e = Settings::from_sources(&vars(&[("SWITCHBOARD__SPEECH__STT", "deepgram")]))
            .err()
            .unwrap_or_default();
        assert!(e.contains("deepgram.api_key"), "{e}");
        let e = Settings::from_sources(&vars(&[
            ("SWITCHBOARD__SPEECH__STT", "deepgram"),
            ("SWITCHBOARD__DEEPGRAM__API_KEY", "k"),
            (
                "SWITCHBOARD__DEEPGRAM__BASE_URL",
                "https://api.deepgram.com",
            ),
        ]))
        .err()
        .unwrap_or_default();
        assert!(e.contains("deepgram.base_url"), "{e}");
        let e = Settings::from_sources(&vars(&[("SWITCHBOARD__SPEECH__STT", "whisper")]))
            .err()
            .unwrap_or_default();
        assert!(e.contains("speech.stt"), "{e}");
        let ok = Settings::from_sources(&vars(&[
            ("SWITCHBOARD__SPEECH__STT", "deepgram"),
            ("SWITCHBOARD__DEEPGRAM__API_KEY", "k"),
        ]));
        assert!(ok.is_ok(), "{:?}", ok.err());
    }

    #[test]
    fn secrets_are_not_printed() {
        let s = Settings::from_sources(&vars(&[
            ("SMTP_PASSWORD", "hunter2-hunter2"),
            (
                "SWITCHBOARD__AUTH__TOKEN_SECRET",
                "0123456789abcdef0123456789abcdef",
            ),
        ]));
        let text = format!("{s:?}");
        assert!(
            !text.contains("hunter2") && !text.contains("0123456789abcdef"),
            "{text}"
        );
    }
}
