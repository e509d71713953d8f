//! `just bench` (media part): how many concurrent media streams one server process carries with
//! the agent talking on every call, at p99 frame lateness ≤ 20 ms; and the platform's own added
//! latency per turn on a scripted simulated call (offline speech and engine, so provider time is
//! next to nothing). Client streams run in this same process, so the CPU figure includes them.

use std::time::{Duration, Instant};

use base64::Engine;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use switchboard_telephony::calls::{ProviderCall, upsert};
use switchboard_telephony::voice::{advance, media_token};
use switchboard_test_support::{Client, spawn_app_with};
use tokio_tungstenite::tungstenite::Message;

const WINDOW: Duration = Duration::from_secs(6);

fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let ticks: f64 = fields.get(11).and_then(|u| u.parse().ok()).unwrap_or(0.0)
        + fields
            .get(12)
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(0.0);
    ticks / 100.0
}

/// Busy and total jiffies of the whole machine (the database server included).
fn machine_jiffies() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let v: Vec<f64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    let total: f64 = v.iter().sum();
    let idle = v.get(3).copied().unwrap_or(0.0) + v.get(4).copied().unwrap_or(0.0);
    (total - idle, total)
}

struct Stream {
    lateness_us: Vec<u64>,
    frames_in: u64,
    frames_out: u64,
    /// From the start message to the first agent frame (the caller waiting for the greeting).
    first_frame_us: Option<u64>,
}

async fn one_stream(url: String, call_id: uuid::Uuid, token: String) -> Stream {
    let mut s = Stream {
        lateness_us: vec![],
        frames_in: 0,
        frames_out: 0,
        first_frame_us: None,
    };
    let Ok((ws, _)) = tokio_tungstenite::connect_async(&url).await else {
        return s;
    };
    let (mut sink, mut stream) = ws.split();
    let sid = format!("MZ{}", call_id.simple());
    let start = json!({ "event": "start", "streamSid": sid, "start": { "streamSid": sid, "callSid": "bench",
        "customParameters": { "call_id": call_id.to_string(), "token": token } } });
    let _ = sink.send(Message::text(start.to_string())).await;
    let started = Instant::now();
    let silence = base64::engine::general_purpose::STANDARD.encode([0xFFu8; 160]);
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    let end = Instant::now() + WINDOW;
    // Arrival of each agent frame, µs after the start message.
    let mut arrivals: Vec<i64> = vec![];
    let mut chunk = 0u64;
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if Instant::now() > end { break; }
                chunk += 1;
                let m = json!({ "event": "media", "streamSid": sid, "media": { "track": "inbound", "chunk": chunk.to_string(), "timestamp": ((chunk - 1) * 20).to_string(), "payload": silence } });
                if sink.send(Message::text(m.to_string())).await.is_err() { break; }
                s.frames_out += 1;
            }
            msg = stream.next() => {
                match msg {
                    Some(Ok(Message::Text(t))) if t.contains("\"media\"") => {
                        let at = started.elapsed().as_micros() as i64;
                        s.frames_in += 1;
                        if s.first_frame_us.is_none() {
                            s.first_frame_us = Some(at as u64);
                        }
                        arrivals.push(at);
                    }
                    Some(Ok(_)) => {}
                    _ => break,
                }
            }
        }
    }
    let _ = sink
        .send(Message::text(
            json!({ "event": "stop", "streamSid": sid }).to_string(),
        ))
        .await;
    let _ = sink.close().await;
    // Lateness against the steady 20 ms schedule that fits the earliest arrivals: frame n is due
    // at base + 20n ms, where base is the smallest arrival − 20n. A late first frame therefore
    // does not hide later stalls (measuring from the first frame would).
    let offsets: Vec<i64> = arrivals
        .iter()
        .enumerate()
        .map(|(n, at)| at - 20_000 * n as i64)
        .collect();
    if let Some(base) = offsets.iter().min() {
        s.lateness_us = offsets.iter().map(|o| (o - base) as u64).collect();
    }
    s
}

fn pct(v: &mut [u64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_unstable();
    v[((v.len() as f64 - 1.0) * p) as usize] as f64 / 1000.0
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "Switchboard media benchmark: agent speaking on every call, {cores} cores, {}s per step",
        WINDOW.as_secs()
    );
    // The simulated carrier's side runs on its own two threads, like a separate machine would.
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let clients = client_rt.handle().clone();
    actix_web::rt::System::new().block_on(async {
        let app = spawn_app_with(&[("SWITCHBOARD__DATABASE__MAX_CONNECTIONS", "16")]).await;
        let cust = app.customer().await;
        // Enough lines and numbers for the load (platform staff move the tenant to Enterprise).
        let root = app.platform_admin().await;
        let moved = root
            .patch(
                &format!("/api/v1/tenants/{}", cust.tenant_id),
                json!({ "plan_code": "enterprise" }),
            )
            .await;
        println!("(bench tenant on the Enterprise plan: {})", moved.status);
        let long: String =
            std::iter::repeat_n("thanks for calling the front desk of our clinic", 30)
                .collect::<Vec<_>>()
                .join(" ");
        let agent = cust
            .admin
            .post("/api/v1/agents", json!({ "name": "Bench", "kind": "call" }))
            .await;
        let agent_id = agent.body["id"].as_str().unwrap_or_default().to_string();
        let mut config = agent.body["config"].clone();
        config["first_message"] = json!(long);
        cust.admin
            .patch(
                &format!("/api/v1/agents/{agent_id}"),
                json!({ "config": config }),
            )
            .await;
        cust.admin
            .post(&format!("/api/v1/agents/{agent_id}/publish"), json!({}))
            .await;
        let agent_uuid: uuid::Uuid = agent_id.parse().unwrap_or_default();
        let secret = app.state.media.media_secret.clone();
        let ws_base = app.address.replacen("http", "ws", 1);
        println!();
        println!(
            "| streams | frames/s (in+out) | lateness p50 | p99 | first agent frame p50 | p99 | CPU (process) | CPU (machine) |"
        );
        println!("|---|---|---|---|---|---|---|---|");
        let mut carried = 0;

        for n in [25usize, 50, 100, 150, 200, 300, 400, 800] {
            let mut calls = vec![];
            for i in 0..n {
                let c = upsert(
                    &app.state.db,
                    &ProviderCall {
                        tenant_id: cust.tenant_id,
                        agent_id: Some(agent_uuid),
                        agent_version: 1,
                        provider: "simulator",
                        provider_call_id: &format!("bench-{n}-{i}"),
                        runtime: "builtin",
                    },
                )
                .await
                .unwrap_or_else(|e| panic!("{e}"));
                let _ = advance(&app.state.db, &c, "in_progress", None).await;
                calls.push(c.id);
            }
            let cpu0 = cpu_secs();
            let machine0 = machine_jiffies();
            let t0 = Instant::now();
            let tasks: Vec<_> = calls
                .iter()
                .map(|id| {
                    let token = media_token(&secret, *id);
                    let url = format!("{ws_base}/media/twilio?call_id={id}&token={token}");
                    clients.spawn(one_stream(url, *id, token))
                })
                .collect();
            let mut lateness = vec![];
            let mut first_frame = vec![];
            let (mut fin, mut fout) = (0u64, 0u64);
            for t in tasks {
                if let Ok(s) = t.await {
                    lateness.extend(s.lateness_us);
                    // A stream that never heard the agent counts as waiting the whole window.
                    first_frame.push(s.first_frame_us.unwrap_or(WINDOW.as_micros() as u64));
                    fin += s.frames_in;
                    fout += s.frames_out;
                }
            }
            let wall = t0.elapsed().as_secs_f64();
            let cpu = (cpu_secs() - cpu0) / wall / cores as f64 * 100.0;
            let machine1 = machine_jiffies();
            let machine = (machine1.0 - machine0.0) / (machine1.1 - machine0.1).max(1.0) * 100.0;
            let p50 = pct(&mut lateness, 0.50);
            let p99 = pct(&mut lateness, 0.99);
            let f50 = pct(&mut first_frame, 0.50);
            let f99 = pct(&mut first_frame, 0.99);
            println!(
                "| {n} | {:.0} | {p50:.1} ms | {p99:.1} ms | {f50:.0} ms | {f99:.0} ms | {cpu:.0}% | {machine:.0}% |",
                (fin + fout) as f64 / WINDOW.as_secs_f64()
            );
            // Carried: frames on time once flowing, and every caller hears the agent within 1 s.
            if p99 <= 20.0 && f99 <= 1000.0 && fin > 0 {
                carried = n;
            } else {
                break;
            }
            // Let the step's calls finish (transcript, recording, charge) before the next step, so
            // one step's wind-down does not count against the next.
            settle(&app.state.db, &calls).await;
        }
        println!();
        println!(
            "carried (p99 lateness ≤ 20 ms, p99 first agent frame ≤ 1 s): {carried} concurrent streams"
        );
        // A fresh tenant, so the load's calls do not count against its lines.
        let quiet = app.customer().await;
        turn_latency(&quiet.admin).await;
    });
}

/// Waits (up to 60 s) until no call of a step is live any more.
async fn settle(db: &sea_orm::DatabaseConnection, calls: &[uuid::Uuid]) {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    use switchboard_db::entity::call;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let open = call::Entity::find()
            .filter(call::Column::Id.is_in(calls.to_vec()))
            .filter(call::Column::Status.is_in(["queued", "ringing", "in_progress"]))
            .count(db)
            .await
            .unwrap_or(0);
        if open == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    println!("(some calls of this step were still live after 60 s)");
}

/// One scripted simulated call; prints per-turn timings.
async fn turn_latency(c: &Client) {
    let agent = c
        .post("/api/v1/agents", json!({ "name": "Turns", "kind": "call" }))
        .await;
    let id = agent.body["id"].as_str().unwrap_or_default().to_string();
    c.post(&format!("/api/v1/agents/{id}/publish"), json!({}))
        .await;
    let n = c
        .post(
            "/api/v1/numbers",
            json!({ "carrier": "simulator", "phone_number": "+12125550177", "agent_id": id }),
        )
        .await;
    let nid = n.body["id"].as_str().unwrap_or_default().to_string();
    for _ in 0..100 {
        if c.get(&format!("/api/v1/numbers/{nid}")).await.body["status"] == "active" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let r = c
        .post(
            "/api/v1/simulator/calls",
            json!({ "number_id": nid, "script": [
                { "type": "say", "text": "Hello there" },
                { "type": "say", "text": "What are your opening hours" },
                { "type": "say", "text": "And your prices" },
                { "type": "hangup" }
            ] }),
        )
        .await;
    let call = r.body["id"].as_str().unwrap_or_default().to_string();
    let mut done = serde_json::Value::Null;
    for _ in 0..600 {
        done = c.get(&format!("/api/v1/calls/{call}")).await.body;
        if done["status"] != "in_progress" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!();
    println!(
        "Per-turn latency of a simulated call (offline speech and engine: provider time ≈ 0):"
    );
    println!(
        "| turn | STT | LLM first token | TTS first byte | first agent audio | added by the platform |"
    );
    println!("|---|---|---|---|---|---|");
    if done["turn_timings"].as_array().is_none_or(|t| t.is_empty()) {
        println!(
            "(no turns: call {} ended {} / {}; start answered {} {}; number {} {})",
            call, done["status"], done["end_reason"], r.status, r.body, n.status, n.body
        );
    }
    for t in done["turn_timings"].as_array().into_iter().flatten() {
        let first = t["first_audio_ms"].as_u64().unwrap_or(0);
        let tts = t["tts_first_byte_ms"].as_u64().unwrap_or(0);
        println!(
            "| {} | {} ms | {} ms | {tts} ms | {first} ms | {} ms |",
            t["turn"],
            t["stt_ms"],
            t["llm_first_token_ms"],
            first.saturating_sub(tts)
        );
    }
    println!(
        "(measured from the end of the caller's turn, i.e. after the 700 ms of silence that ends it)"
    );
}
