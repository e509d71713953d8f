//! Test support: spawn the real server on port 0 against a fresh database (SQLite by default,
//! PostgreSQL when `TEST_DATABASE_URL` is set), a typed client that keeps cookies and the CSRF
//! token, and builders for tenants and members of every role.

pub mod openapi_check;

use std::sync::Once;

use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use switchboard_api::AppState;
use switchboard_db::entity::email_outbox;
use switchboard_server::config::Settings;
use uuid::Uuid;

/// Password used for every test account.
pub const PASSWORD: &str = "violet-harbour-42";
/// The bootstrap platform administrator of every test app.
pub const ADMIN_EMAIL: &str = "root@platform.test";

static INIT: Once = Once::new();

fn init() {
    INIT.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A running app.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// The server's state (database, services).
    pub state: AppState,
    /// Its database.
    pub database_url: String,
}

async fn fresh_database_url(base: Option<String>) -> String {
    match base
        .or_else(|| std::env::var("TEST_DATABASE_URL").ok())
        .filter(|u| !u.is_empty())
    {
        Some(base) => {
            let name = format!("sb_test_{}", Uuid::new_v4().simple());
            let admin = sea_orm::Database::connect(&base)
                .await
                .unwrap_or_else(|e| panic!("TEST_DATABASE_URL: {e}"));
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap_or_else(|e| panic!("create database: {e}"));
            let (head, _) = base.rsplit_once('/').unwrap_or((&base, ""));
            format!("{head}/{name}")
        }
        None => {
            let dir = std::env::temp_dir().join("switchboard-tests");
            let _ = std::fs::create_dir_all(&dir);
            format!(
                "sqlite://{}/{}.db?mode=rwc",
                dir.display(),
                Uuid::new_v4().simple()
            )
        }
    }
}

/// Settings for a test app; `extra` adds `SWITCHBOARD__...` style variables, and
/// `TEST_DATABASE_URL` there picks the database server instead of the environment's.
pub async fn test_settings(extra: &[(&str, &str)]) -> Settings {
    let base = extra
        .iter()
        .find(|(k, _)| *k == "TEST_DATABASE_URL")
        .map(|(_, v)| v.to_string());
    let db = match extra.iter().find(|(k, _)| *k == "DATABASE_URL") {
        Some((_, url)) => url.to_string(),
        None => fresh_database_url(base).await,
    };
    let mut vars: Vec<(String, String)> = vec![
        ("DATABASE_URL".into(), db),
        ("HOST".into(), "127.0.0.1".into()),
        ("PORT".into(), "0".into()),
        ("SWITCHBOARD__DATABASE__MAX_CONNECTIONS".into(), "4".into()),
        ("SWITCHBOARD__AUTH__ARGON2_MEMORY_KIB".into(), "8192".into()),
        ("SWITCHBOARD__AUTH__ARGON2_ITERATIONS".into(), "1".into()),
        ("SWITCHBOARD__WEB__BUILD_ON_START".into(), "false".into()),
        ("SWITCHBOARD__WEB__DIST_DIR".into(), "/nonexistent".into()),
        (
            "SWITCHBOARD__BOOTSTRAP__ADMIN_EMAIL".into(),
            ADMIN_EMAIL.into(),
        ),
        (
            "SWITCHBOARD__BOOTSTRAP__ADMIN_PASSWORD".into(),
            PASSWORD.into(),
        ),
        (
            "SWITCHBOARD__STORAGE__RECORDINGS_DIR".into(),
            std::env::temp_dir()
                .join("switchboard-tests")
                .join(format!("rec-{}", Uuid::new_v4().simple()))
                .display()
                .to_string(),
        ),
        (
            "SWITCHBOARD__SERVER__INTERNAL_TOKEN".into(),
            "internal-test-token".into(),
        ),
    ];
    for (k, v) in extra.iter().filter(|(k, _)| *k != "TEST_DATABASE_URL") {
        vars.retain(|(n, _)| n != k);
        vars.push((k.to_string(), v.to_string()));
    }
    Settings::from_sources(&vars).unwrap_or_else(|e| panic!("test settings: {e}"))
}

/// Spawns the app with the default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Spawns the app with extra settings.
pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    init();
    let settings = test_settings(extra).await;
    let running = switchboard_server::build(&settings)
        .await
        .unwrap_or_else(|e| panic!("spawn app: {e:#}"));
    let address = format!("http://127.0.0.1:{}", running.port);
    tokio::spawn(running.server);
    TestApp {
        address,
        state: running.state,
        database_url: settings.database.url.0.clone(),
    }
}

/// Spawns a second server process-equivalent (its own state, bus and job workers) on the same
/// database as `app`, as a second node behind a load balancer would run.
pub async fn spawn_peer(app: &TestApp, extra: &[(&str, &str)]) -> TestApp {
    let mut all: Vec<(&str, &str)> = vec![("DATABASE_URL", app.database_url.as_str())];
    all.extend_from_slice(extra);
    spawn_app_with(&all).await
}

/// An HTTP response, read.
#[derive(Debug)]
pub struct Res {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: reqwest::header::HeaderMap,
    /// JSON body (Null when empty or not JSON).
    pub body: Value,
}

impl Res {
    /// The envelope's error code.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

/// A client with its own cookie jar and CSRF token; clones share the jar (same session).
#[derive(Clone)]
pub struct Client {
    /// Base address.
    pub base: String,
    http: reqwest::Client,
    /// CSRF token from the last sign-in.
    pub csrf: Option<String>,
    /// Bearer API key instead of the session.
    pub bearer: Option<String>,
}

impl Client {
    /// A fresh, signed-out client.
    pub fn new(base: &str) -> Self {
        init();
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"));
        Self {
            base: base.to_string(),
            http,
            csrf: None,
            bearer: None,
        }
    }

    /// A client authenticating with an API key.
    pub fn with_key(base: &str, key: &str) -> Self {
        let mut c = Self::new(base);
        c.bearer = Some(key.to_string());
        c
    }

    /// Sends a request; `path` is relative to the base (`/api/v1/...`).
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Res {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        if let Some(t) = &self.csrf {
            req = req.header("x-csrf-token", t);
        }
        if let Some(k) = &self.bearer {
            req = req.bearer_auth(k);
        }
        let res = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("request {path}: {e}"));
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Res {
            status,
            headers,
            body,
        }
    }

    /// A raw request builder on this client's cookie jar (for malformed bodies and headers).
    pub fn raw(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    /// A request builder carrying this client's credentials (CSRF token or API key), for
    /// requests that need extra headers.
    pub fn authed(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut req = self.raw(method, path);
        if let Some(t) = &self.csrf {
            req = req.header("x-csrf-token", t);
        }
        if let Some(k) = &self.bearer {
            req = req.bearer_auth(k);
        }
        req
    }

    /// GET.
    pub async fn get(&self, path: &str) -> Res {
        self.send(Method::GET, path, None).await
    }
    /// POST with a JSON body.
    pub async fn post(&self, path: &str, body: Value) -> Res {
        self.send(Method::POST, path, Some(body)).await
    }
    /// PATCH with a JSON body.
    pub async fn patch(&self, path: &str, body: Value) -> Res {
        self.send(Method::PATCH, path, Some(body)).await
    }
    /// PUT with a JSON body.
    pub async fn put(&self, path: &str, body: Value) -> Res {
        self.send(Method::PUT, path, Some(body)).await
    }
    /// DELETE.
    pub async fn delete(&self, path: &str) -> Res {
        self.send(Method::DELETE, path, None).await
    }

    /// Signs in; keeps the CSRF token. Panics unless it succeeds.
    pub async fn login(&mut self, email: &str, password: &str) -> Value {
        let r = self
            .post(
                "/api/v1/auth/login",
                json!({ "email": email, "password": password }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "login {email}: {:?}", r.body);
        self.csrf = r.body["csrf_token"].as_str().map(String::from);
        r.body
    }

    /// Switches the acting tenant.
    pub async fn switch_to(&self, tenant_id: Uuid) -> Res {
        self.post("/api/v1/me/tenant", json!({ "tenant_id": tenant_id }))
            .await
    }
}

/// A customer tenant with its admin signed in.
pub struct Customer {
    /// Tenant id.
    pub tenant_id: Uuid,
    /// The admin's email.
    pub email: String,
    /// The admin, signed in.
    pub admin: Client,
}

impl TestApp {
    /// A fresh client.
    pub fn client(&self) -> Client {
        Client::new(&self.address)
    }

    /// The bootstrap platform admin, signed in.
    pub async fn platform_admin(&self) -> Client {
        let mut c = self.client();
        c.login(ADMIN_EMAIL, PASSWORD).await;
        c
    }

    /// The newest email sent to `to`.
    pub async fn last_email(&self, to: &str) -> Option<email_outbox::Model> {
        email_outbox::Entity::find()
            .filter(email_outbox::Column::ToEmail.eq(to.to_lowercase()))
            .order_by_desc(email_outbox::Column::Id)
            .one(&self.state.db)
            .await
            .unwrap_or_else(|e| panic!("outbox: {e}"))
    }

    /// The `token` of the link in the newest email to `to`.
    pub async fn token_from_email(&self, to: &str) -> String {
        let mail = self
            .last_email(to)
            .await
            .unwrap_or_else(|| panic!("no email to {to}"));
        let start = mail
            .body_text
            .find("token=")
            .unwrap_or_else(|| panic!("no link in {}", mail.body_text))
            + 6;
        mail.body_text[start..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    }

    /// Registers a customer, verifies the address, signs in its admin.
    pub async fn customer(&self) -> Customer {
        let email = format!("owner-{}@example.test", Uuid::new_v4().simple());
        let c = self.client();
        let r = c.post("/api/v1/auth/register", json!({ "company_name": "Test Co", "name": "Owner", "email": email, "password": PASSWORD })).await;
        assert_eq!(r.status, StatusCode::CREATED, "register: {:?}", r.body);
        let tenant_id: Uuid = r.body["tenant_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_default();
        let token = self.token_from_email(&email).await;
        let v = c
            .post("/api/v1/auth/verify-email", json!({ "token": token }))
            .await;
        assert_eq!(v.status, StatusCode::OK, "verify: {:?}", v.body);
        let mut admin = self.client();
        admin.login(&email, PASSWORD).await;
        Customer {
            tenant_id,
            email,
            admin,
        }
    }

    /// Invites a new person into the inviter's acting tenant with `role` (or a custom role) and
    /// signs them in through the accept flow.
    pub async fn member(
        &self,
        inviter: &Client,
        role: Option<&str>,
        custom_role_id: Option<Uuid>,
    ) -> Client {
        let email = format!("member-{}@example.test", Uuid::new_v4().simple());
        let r = inviter
            .post(
                "/api/v1/invitations",
                json!({ "email": email, "role": role, "custom_role_id": custom_role_id }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "invite: {:?}", r.body);
        let token = self.token_from_email(&email).await;
        let mut c = self.client();
        let a = c
            .post(
                "/api/v1/invitations/accept",
                json!({ "token": token, "name": "Member", "password": PASSWORD }),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "accept: {:?}", a.body);
        c.csrf = a.body["csrf_token"].as_str().map(String::from);
        c
    }

    /// An API key of the client's acting tenant with the given scopes.
    pub async fn api_key(&self, owner: &Client, scopes: &[&str]) -> Client {
        let r = owner
            .post(
                "/api/v1/api-keys",
                json!({ "name": "test key", "scopes": scopes }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "api key: {:?}", r.body);
        Client::with_key(&self.address, r.body["secret"].as_str().unwrap_or_default())
    }
}

/// Reads an id field of a JSON body.
pub fn id_of(v: &Value) -> Uuid {
    v["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no id in {v}"))
}

/// Waits for `cond` to hold, checking every 50 ms until `deadline` (no blind sleeps).
pub async fn eventually<F, Fut>(deadline: std::time::Duration, mut cond: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let end = std::time::Instant::now() + deadline;
    while std::time::Instant::now() < end {
        if cond().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}

/// Ensures timestamps are ignored in snapshots.
pub fn redact(mut v: Value) -> Value {
    if let Some(e) = v.get_mut("error") {
        e["request_id"] = json!("[request_id]");
        e["timestamp"] = json!("[timestamp]");
    }
    v
}
