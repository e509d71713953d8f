//! `just bench`: request rates and latencies of the hot paths, printed as a table.
//! SQLite always; PostgreSQL too when `BENCH_DATABASE_URL` is set. The load generator runs on
//! the same machine, so figures are lower bounds for a dedicated server.

use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_test_support::{Client, PASSWORD, TestApp, spawn_app_with};

const CONCURRENCY: usize = 16;
const DURATION: Duration = Duration::from_secs(3);

struct Figures {
    requests: usize,
    errors: usize,
    secs: f64,
    p50: Duration,
    p99: Duration,
}

async fn hammer<F, Fut>(make: F) -> Figures
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Vec<(Duration, bool)>> + 'static,
{
    let start = Instant::now();
    let mut handles = Vec::new();
    for i in 0..CONCURRENCY {
        handles.push(actix_web::rt::spawn(make(i)));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap_or_default());
    }
    let secs = start.elapsed().as_secs_f64();
    let errors = all.iter().filter(|(_, ok)| !ok).count();
    let mut lat: Vec<Duration> = all.iter().map(|(d, _)| *d).collect();
    lat.sort();
    let pick = |q: f64| {
        lat.get(((lat.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or_default()
    };
    Figures {
        requests: all.len(),
        errors,
        secs,
        p50: pick(0.50),
        p99: pick(0.99),
    }
}

async fn run_loop(
    client: Client,
    path: &'static str,
    body: Option<serde_json::Value>,
) -> Vec<(Duration, bool)> {
    let end = Instant::now() + DURATION;
    let mut out = Vec::new();
    while Instant::now() < end {
        let t = Instant::now();
        let r = match &body {
            Some(b) => client.post(path, b.clone()).await,
            None => client.get(path).await,
        };
        out.push((t.elapsed(), r.status.is_success()));
    }
    out
}

fn print(db: &str, name: &str, f: &Figures) {
    println!(
        "{db:<9} {name:<38} {:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms   ({} requests, {} errors)",
        f.requests as f64 / f.secs,
        f.p50.as_secs_f64() * 1000.0,
        f.p99.as_secs_f64() * 1000.0,
        f.requests,
        f.errors
    );
}

async fn suite(db: &str, server: &str) {
    // Real OWASP argon2 parameters, as in production.
    let app: TestApp = spawn_app_with(&[
        ("TEST_DATABASE_URL", server),
        ("SWITCHBOARD__AUTH__ARGON2_MEMORY_KIB", "19456"),
        ("SWITCHBOARD__AUTH__ARGON2_ITERATIONS", "2"),
        ("SWITCHBOARD__AUTH__MAX_FAILURES_PER_IP", "1000000"),
        ("SWITCHBOARD__DATABASE__MAX_CONNECTIONS", "16"),
    ])
    .await;
    let cust = app.customer().await;
    let key = app
        .api_key(&cust.admin, &["users:read", "audit:read"])
        .await;
    let base = app.address.clone();

    let f = hammer(|_| run_loop(Client::new(&base), "/health", None)).await;
    print(db, "GET /health (no database)", &f);

    let mut sessions = Vec::new();
    for _ in 0..CONCURRENCY {
        let mut c = Client::new(&base);
        c.login(&cust.email, PASSWORD).await;
        sessions.push(c);
    }
    let f = hammer(|i| run_loop(sessions[i].clone(), "/api/v1/me", None)).await;
    print(db, "GET /api/v1/me (session)", &f);

    let secret = key.bearer.clone().unwrap_or_default();
    let f = hammer(|_| {
        run_loop(
            Client::with_key(&base, &secret),
            "/api/v1/users?limit=20",
            None,
        )
    })
    .await;
    print(db, "GET /api/v1/users (API key)", &f);

    let f = hammer(|_| {
        run_loop(
            Client::with_key(&base, &secret),
            "/api/v1/audit-log?limit=50",
            None,
        )
    })
    .await;
    print(db, "GET /api/v1/audit-log (API key)", &f);

    let email = cust.email.clone();
    let f = hammer(|_| {
        run_loop(
            Client::new(&base),
            "/api/v1/auth/login",
            Some(json!({ "email": email, "password": PASSWORD })),
        )
    })
    .await;
    print(db, "POST /api/v1/auth/login (argon2id)", &f);
}

const WEBHOOK_SECRET: &str = "wsec_bench_0123456789";

fn signed(body: &str) -> String {
    use hmac::Mac;
    let t = chrono::Utc::now().timestamp();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(WEBHOOK_SECRET.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    mac.update(format!("{t}.{body}").as_bytes());
    format!("t={t},v0={}", hex::encode(mac.finalize().into_bytes()))
}

fn post_call(agent: &str, conversation: &str) -> String {
    json!({
        "type": "post_call_transcription",
        "event_timestamp": chrono::Utc::now().timestamp(),
        "data": {
            "agent_id": agent,
            "conversation_id": conversation,
            "status": "done",
            "transcript": [
                { "role": "agent", "message": "Hello, how can I help?", "time_in_call_secs": 0 },
                { "role": "user", "message": "I would like to book a cleaning next week.", "time_in_call_secs": 3 },
                { "role": "agent", "message": "Tuesday at 9 works. See you then!", "time_in_call_secs": 8 }
            ],
            "metadata": { "start_time_unix_secs": 1764590400, "call_duration_secs": 95, "cost": 300 },
            "analysis": { "call_successful": "success", "transcript_summary": "Booked a cleaning." }
        }
    })
    .to_string()
}

/// Post-call webhook ingestion: verification, de-duplication, call + transcript + charge.
async fn webhook_suite(db: &str, server: &str) {
    use switchboard_core::{TenantCtx, TenantKind};
    let app: TestApp = spawn_app_with(&[
        ("TEST_DATABASE_URL", server),
        ("SWITCHBOARD__ELEVENLABS__WEBHOOK_SECRET", WEBHOOK_SECRET),
        ("SWITCHBOARD__DATABASE__MAX_CONNECTIONS", "16"),
    ])
    .await;
    let mut agents = Vec::new();
    for i in 0..100 {
        let t =
            switchboard_tenancy::tenants::create_self_service(&app.state.db, &format!("Bench {i}"))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        switchboard_billing::ledger::grant_signup_bonus(&app.state.db, t.id)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let ctx = TenantCtx::system(t.id, TenantKind::Customer);
        let a = switchboard_agents::agents::create(
            &app.state.db,
            &ctx,
            "Phone",
            switchboard_agents::agents::AgentKind::Call,
            Default::default(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        let ext = format!("el_bench_{i}");
        switchboard_agents::agents::update(
            &app.state.db,
            &ctx,
            a.row.id,
            switchboard_agents::agents::Change {
                external_id: Some(ext.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        agents.push(ext);
    }
    for (label, spread) in [("100 tenants", true), ("one busy tenant", false)] {
        let base = app.address.clone();
        let agents = agents.clone();
        let label_owned = label.to_string();
        let f = hammer(|task| {
            let base = base.clone();
            let agents = agents.clone();
            let label = label_owned.clone();
            async move {
                let client = Client::new(&base);
                let end = Instant::now() + DURATION;
                let mut out = Vec::new();
                let mut n = 0usize;
                while Instant::now() < end {
                    let agent = if spread {
                        &agents[(task * 7 + n) % agents.len()]
                    } else {
                        &agents[0]
                    };
                    let body = post_call(agent, &format!("{label}-{task}-{n}"));
                    n += 1;
                    let t = Instant::now();
                    let res = client
                        .raw(reqwest::Method::POST, "/webhooks/elevenlabs")
                        .header("ElevenLabs-Signature", signed(&body))
                        .body(body)
                        .send()
                        .await;
                    out.push((
                        t.elapsed(),
                        res.map(|r| r.status().is_success()).unwrap_or(false),
                    ));
                }
                out
            }
        })
        .await;
        print(db, &format!("POST /webhooks/elevenlabs ({label})"), &f);
    }
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    println!(
        "Switchboard API benchmark: {CONCURRENCY} concurrent clients, {}s per scenario, {} cores",
        DURATION.as_secs(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0)
    );
    actix_web::rt::System::new().block_on(async {
        suite("sqlite", "").await;
        webhook_suite("sqlite", "").await;
        match std::env::var("BENCH_DATABASE_URL") {
            Ok(url) => {
                suite("postgres", &url).await;
                webhook_suite("postgres", &url).await;
            }
            Err(_) => println!("(set BENCH_DATABASE_URL=postgres://... to measure PostgreSQL too)"),
        }
    });
}
