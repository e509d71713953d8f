//! Start-up: connect and migrate, make sure the platform tenant and its secret exist, create the
//! first administrator or print a set-up link, then serve.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

use actix_web::HttpServer;
use migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use switchboard_api::{ApiConfig, AppState};
use switchboard_auth::{Auth, AuthConfig};
use switchboard_platform::email::{Mailer, SmtpConfig};
use switchboard_tenancy::tenants;

use crate::config::Settings;

/// A server that is listening.
pub struct Running {
    /// The bound port.
    pub port: u16,
    /// The server future; await it to serve until shutdown.
    pub server: actix_web::dev::Server,
    /// The state the server uses (tests reach the database through it).
    pub state: AppState,
    /// The one-time set-up link, when no administrator exists yet.
    pub setup_link: Option<String>,
}

async fn token_secret(db: &DatabaseConnection, configured: Option<&str>) -> anyhow::Result<String> {
    if let Some(s) = configured {
        return Ok(s.to_string());
    }
    const KEY: &str = "generated_token_secret";
    if let Some(s) = switchboard_platform::settings::get(db, KEY).await? {
        return Ok(s);
    }
    let s = format!(
        "{}{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    switchboard_platform::settings::set(db, KEY, &s).await?;
    Ok(s)
}

/// Connects, migrates, and makes the state (platform tenant, secret, first administrator).
pub async fn prepare(s: &Settings) -> anyhow::Result<(AppState, Option<String>)> {
    let db = switchboard_db::connect(&s.database.url.0, s.database.max_connections).await?;
    Migrator::up(&db, None).await?;
    let platform = tenants::ensure_platform(&db, &s.bootstrap.platform_name).await?;
    let secret = token_secret(&db, s.auth.token_secret.get()).await?;
    let public_url = s.public_url();
    let mailer = if s.email.smtp_host.is_empty() {
        Mailer::outbox_only(&s.email.from)
    } else {
        let smtp = SmtpConfig {
            host: s.email.smtp_host.clone(),
            port: s.email.smtp_port,
            security: s.email.smtp_security.clone(),
            username: (!s.email.smtp_username.is_empty()).then(|| s.email.smtp_username.clone()),
            password: s.email.smtp_password.get().map(String::from),
        };
        Mailer::smtp(&s.email.from, &smtp).map_err(anyhow::Error::msg)?
    };
    let auth = Auth::new(
        db.clone(),
        AuthConfig {
            token_secret: secret.clone(),
            public_url: public_url.clone(),
            argon2_memory_kib: s.auth.argon2_memory_kib,
            argon2_iterations: s.auth.argon2_iterations,
            max_failures_per_account: s.auth.max_failures_per_account,
            max_failures_per_ip: s.auth.max_failures_per_ip,
            throttle_window_secs: s.auth.throttle_window_secs,
            invitation_ttl_hours: s.auth.invitation_ttl_hours,
        },
        mailer,
    );
    let mut setup_link = None;
    if !auth.has_platform_admin().await? {
        if let (false, Some(pw)) = (
            s.bootstrap.admin_email.is_empty(),
            s.bootstrap.admin_password.get(),
        ) {
            auth.create_platform_admin(
                &platform,
                &s.bootstrap.admin_email,
                &s.bootstrap.admin_name,
                pw,
            )
            .await?;
            tracing::info!(email = %s.bootstrap.admin_email, "created the first platform administrator");
        } else if let Some(token) = auth.issue_setup_token().await? {
            setup_link = Some(format!("{public_url}/setup?token={token}"));
        }
    }
    let web_dist = if s.web.dist_dir.is_empty() {
        std::path::PathBuf::from("web/dist")
    } else {
        s.web.dist_dir.clone().into()
    };
    let mut origins: Vec<String> = s
        .server
        .allowed_origins
        .split(',')
        .map(|o| o.trim().trim_end_matches('/').to_string())
        .filter(|o| !o.is_empty())
        .collect();
    origins.push(public_url.clone());
    let cfg = ApiConfig {
        public_url,
        base_domain: (!s.server.base_domain.is_empty()).then(|| s.server.base_domain.clone()),
        allowed_origins: origins,
        tls: s.server.tls,
        trust_proxy: s.server.trust_proxy,
        session_idle_secs: s.session.idle_timeout_secs,
        session_absolute_secs: s.session.absolute_timeout_secs,
        max_json_bytes: s.server.max_json_bytes,
        internal_token: s.server.internal_token.get().map(String::from),
        web_dist: Some(web_dist),
        cookie_secret: secret.clone(),
    };
    let cfg_secret = secret;
    let engines = switchboard_agents::chats::Engines::new(llm_provider(s)?);
    let keyring = match s.security.encryption_keys.get() {
        Some(k) => switchboard_platform::secrets::Keyring::parse(k).map_err(anyhow::Error::msg)?,
        None => switchboard_platform::secrets::Keyring::derived(&cfg_secret),
    };
    let recordings = if s.storage.recordings_url.trim().is_empty() {
        switchboard_telephony::recordings::Recordings::local(std::path::Path::new(
            &s.storage.recordings_dir,
        ))
        .map_err(|e| anyhow::anyhow!("storage.recordings_dir: {e}"))?
    } else {
        switchboard_telephony::recordings::Recordings::from_url(s.storage.recordings_url.trim())
            .map_err(|e| anyhow::anyhow!("storage.recordings_url: {e}"))?
    };
    // Live events cross nodes through PostgreSQL LISTEN/NOTIFY; SQLite runs in one process.
    let bus = match switchboard_db::backend(&db) {
        switchboard_db::Backend::Postgres => switchboard_platform::events::Bus::with_postgres(
            db.get_postgres_connection_pool().clone(),
            s.database.url.0.clone(),
        ),
        switchboard_db::Backend::Sqlite => switchboard_platform::events::Bus::new(),
    };
    let media = Arc::new(switchboard_telephony::media::session::Runtime {
        db: db.clone(),
        recordings: recordings.clone(),
        bus: bus.clone(),
        engines: engines.clone(),
        speech: speech_providers(s)?,
        media_secret: cfg_secret.clone(),
        pool: switchboard_telephony::media::pool::MediaPool::start(s.media.workers)?,
    });
    let state = AppState {
        db,
        auth,
        cfg: Arc::new(cfg),
        platform_id: platform.id,
        started: Instant::now(),
        engines,
        recordings,
        elevenlabs_webhook_secret: s.elevenlabs.webhook_secret.get().map(String::from),
        elevenlabs: switchboard_agents::elevenlabs::ElevenLabsAccess {
            base_url: s.elevenlabs.base_url.clone(),
            platform_key: s.elevenlabs.api_key.get().map(String::from),
            keyring: keyring.clone(),
        },
        carriers: switchboard_telephony::numbers::CarrierAccess {
            twilio_base_url: s.twilio.base_url.clone(),
            platform_twilio: match (s.twilio.account_sid.trim(), s.twilio.auth_token.get()) {
                ("", _) | (_, None) => None,
                (sid, Some(token)) => Some((sid.to_string(), token.to_string())),
            },
            keyring: keyring.clone(),
            public_url: s.public_url(),
        },
        media,
        local_url: Arc::new(std::sync::OnceLock::new()),
        job_wake: Arc::new(tokio::sync::Notify::new()),
        bus,
        keyring,
    };
    Ok((state, setup_link))
}

fn speech_providers(s: &Settings) -> anyhow::Result<switchboard_telephony::media::speech::Speech> {
    use switchboard_telephony::media::deepgram_stt::DeepgramStt;
    use switchboard_telephony::media::elevenlabs_speech::{ElevenLabsStt, ElevenLabsTts};
    use switchboard_telephony::media::speech::{OfflineStt, Speech, SpeechToText};
    let fail =
        |e: switchboard_telephony::media::speech::SpeechError| anyhow::anyhow!("speech: {e}");
    let mut speech = Speech::default();
    let key = s.elevenlabs.api_key.get();
    if let ("elevenlabs", Some(key)) = (s.speech.provider.as_str(), key) {
        speech.tts = Arc::new(
            ElevenLabsTts::new(&s.elevenlabs.base_url, key, &s.speech.tts_model).map_err(fail)?,
        );
    }
    speech.stt = match (s.speech.stt_provider(), key, s.deepgram.api_key.get()) {
        ("elevenlabs", Some(key), _) => Arc::new(
            ElevenLabsStt::new(&s.elevenlabs.base_url, key, &s.speech.stt_model).map_err(fail)?,
        ) as Arc<dyn SpeechToText>,
        ("deepgram", _, Some(dg)) => {
            Arc::new(DeepgramStt::new(&s.deepgram.base_url, dg, &s.deepgram.model).map_err(fail)?)
        }
        _ => Arc::new(OfflineStt),
    };
    Ok(speech)
}

fn llm_provider(
    s: &Settings,
) -> anyhow::Result<Option<Arc<dyn switchboard_agents::llm::LlmProvider>>> {
    use switchboard_agents::llm::{OpenAiCompatible, OpenAiConfig};
    if s.llm.base_url.is_empty() && s.llm.api_key.get().is_none() {
        return Ok(None);
    }
    let base_url = if s.llm.base_url.is_empty() {
        "https://api.openai.com/v1".to_string()
    } else {
        s.llm.base_url.clone()
    };
    let client = OpenAiCompatible::new(OpenAiConfig {
        base_url,
        api_key: s.llm.api_key.0.clone(),
        max_attempts: s.llm.max_attempts,
        backoff: std::time::Duration::from_millis(250),
    })
    .map_err(|e| anyhow::anyhow!("llm: {e}"))?;
    Ok(Some(Arc::new(client)))
}

/// Prepares and binds the server (port 0 picks a free one); housekeeping starts with it.
pub async fn build(s: &Settings) -> anyhow::Result<Running> {
    let (state, setup_link) = prepare(s).await?;
    let listener = TcpListener::bind((s.server.host.as_str(), s.server.port)).map_err(|e| {
        anyhow::anyhow!(
            "server.host/server.port: cannot listen on {}:{}: {e}",
            s.server.host,
            s.server.port
        )
    })?;
    let port = listener.local_addr()?.port();
    let _ = state.local_url.set(format!("http://127.0.0.1:{port}"));
    let app_state = state.clone();
    let mut server =
        HttpServer::new(move || switchboard_api::app(app_state.clone())).listen(listener)?;
    if s.server.workers > 0 {
        server = server.workers(s.server.workers);
    }
    let server = server.shutdown_timeout(20).run();
    spawn_housekeeping(state.db.clone());
    crate::jobs::spawn(
        state.clone(),
        s.jobs.workers,
        crate::jobs::Schedule {
            sync_interval: std::time::Duration::from_secs(s.elevenlabs.sync_interval_secs),
            lookback: std::time::Duration::from_secs(s.elevenlabs.sync_lookback_hours * 3600),
        },
    );
    Ok(Running {
        port,
        server,
        state,
        setup_link,
    })
}

/// Deletes expired sessions and old throttle rows every ten minutes.
fn spawn_housekeeping(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            match switchboard_auth::sessions::purge_expired(&db).await {
                Ok(n) if n > 0 => tracing::info!(purged = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session purge failed"),
            }
        }
    });
}
