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
        match std::env::var("BENCH_DATABASE_URL") {
            Ok(url) => suite("postgres", &url).await,
            Err(_) => println!("(set BENCH_DATABASE_URL=postgres://... to measure PostgreSQL too)"),
        }
    });
}
