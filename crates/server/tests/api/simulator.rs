//! A complete simulated call through the real media websocket: greeting, two turns, a barge-in,
//! key presses, and the agent saying goodbye — frames exchanged, transcript, per-turn timings,
//! a two-channel recording as long as the call, and one charge.

use reqwest::StatusCode;
use serde_json::{Value, json};
use switchboard_test_support::{Client, id_of, spawn_app};

async fn simulator_number(c: &Client) -> (String, String) {
    let agent = c
        .post(
            "/api/v1/agents",
            json!({ "name": "Front desk", "kind": "call" }),
        )
        .await;
    let agent_id = id_of(&agent.body).to_string();
    let mut config = agent.body["config"].clone();
    config["variables"] = json!({ "company": "Acme Dental" });
    config["first_message"] = json!("Hello, thanks for calling {{company}}.");
    c.patch(
        &format!("/api/v1/agents/{agent_id}"),
        json!({ "config": config }),
    )
    .await;
    c.post(&format!("/api/v1/agents/{agent_id}/publish"), json!({}))
        .await;
    let n = c
        .post(
            "/api/v1/numbers",
            json!({ "carrier": "simulator", "phone_number": "+12125550142", "agent_id": agent_id }),
        )
        .await;
    assert_eq!(n.status, StatusCode::ACCEPTED, "{:?}", n.body);
    let id = n.body["id"].as_str().unwrap_or_default().to_string();
    let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while c.get(&format!("/api/v1/numbers/{id}")).await.body["status"] != "active" {
        assert!(std::time::Instant::now() < end);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    (id, agent_id)
}

/// The call once it is no longer in progress (shared with the Twilio tests).
pub(super) async fn ended(c: &Client, call: &str) -> Value {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(90);
    loop {
        let r = c.get(&format!("/api/v1/calls/{call}")).await;
        if r.body["status"] != "in_progress" {
            return r.body;
        }
        assert!(
            std::time::Instant::now() < end,
            "the call never ended: {}",
            r.body
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// The call's transcript as (speaker, text) lines (shared with the Twilio tests).
pub(super) async fn transcript_lines(c: &Client, call: &str) -> Vec<(String, String)> {
    let t = c.get(&format!("/api/v1/calls/{call}/transcript")).await;
    t.body
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["speaker"].as_str().unwrap_or_default().to_string(),
                s["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn a_scripted_call_runs_end_to_end_on_the_builtin_runtime() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let (number, agent) = simulator_number(&cust.admin).await;
    let before = cust.admin.get("/api/v1/credits").await.body["balance"]
        .as_i64()
        .unwrap_or(0);
    let r = cust
        .admin
        .post(
            "/api/v1/simulator/calls",
            json!({
                "number_id": number,
                "script": [
                    { "type": "say", "text": "Hi there" },
                    { "type": "say", "text": "What are your opening hours" },
                    { "type": "barge_in", "text": "Sorry what about prices" },
                    { "type": "dtmf", "digits": "12#" },
                    { "type": "say", "text": "Thanks goodbye" }
                ]
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["status"], "in_progress");
    assert_eq!(r.body["provider"], "simulator");
    assert_eq!(r.body["agent_id"], agent);
    let call = r.body["id"].as_str().unwrap_or_default().to_string();
    let done = ended(&cust.admin, &call).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["end_reason"], "agent_ended", "{done}");
    let a = &done["analysis"];
    assert!(a["frames_in"].as_u64().is_some_and(|n| n > 100), "{a}");
    assert!(a["frames_out"].as_u64().is_some_and(|n| n > 100), "{a}");
    assert!(a["barge_ins"].as_u64().is_some_and(|n| n >= 1), "{a}");

    let lines = transcript_lines(&cust.admin, &call).await;
    let text = format!("{lines:?}");
    assert_eq!(lines.first().map(|l| l.0.as_str()), Some("agent"), "{text}");
    assert!(lines[0].1.contains("Acme Dental"), "{text}");
    assert!(
        lines
            .iter()
            .any(|(s, l)| s == "caller" && l == "What are your opening hours"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|(s, l)| s == "agent" && l.contains("Monday to Friday")),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|(s, l)| s == "caller" && l.contains("[pressed 12#]")),
        "{text}"
    );
    assert!(
        lines
            .last()
            .is_some_and(|l| l.0 == "agent" && l.1.ends_with("Goodbye!")),
        "{text}"
    );

    let timings = done["turn_timings"].as_array().cloned().unwrap_or_default();
    assert!(timings.len() >= 4, "{timings:?}");
    for tm in timings.iter().filter(|t| t["interrupted"] == false) {
        assert!(
            tm["first_audio_ms"].as_u64().is_some_and(|ms| ms < 2000),
            "{tm}"
        );
    }
    assert!(timings.iter().any(|t| t["input"] == "dtmf"), "{timings:?}");

    let rec = cust
        .admin
        .raw(
            reqwest::Method::GET,
            &format!("/api/v1/calls/{call}/recording"),
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rec.status(), StatusCode::OK);
    let wav = rec.bytes().await.unwrap_or_default();
    assert_eq!(&wav[0..4], b"RIFF");
    assert_eq!(u16::from_le_bytes([wav[22], wav[23]]), 2, "two channels");
    let secs = (wav.len() - 44) as f64 / 4.0 / 8000.0;
    let duration = done["duration_secs"].as_f64().unwrap_or(0.0);
    assert!(
        (secs - duration).abs() <= 1.5,
        "recording {secs} s, call {duration} s"
    );

    let after = cust.admin.get("/api/v1/credits").await.body["balance"]
        .as_i64()
        .unwrap_or(0);
    assert_eq!(before - after, done["cost_credits"].as_i64().unwrap_or(-1));
    assert!(done["cost_credits"].as_i64().is_some_and(|c| c >= 1));
    let ledger = cust.admin.get("/api/v1/credits/ledger").await;
    let charges = ledger.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["source_ref"] == format!("call:{call}"))
        .count();
    assert_eq!(charges, 1, "{:?}", ledger.body);
}

#[actix_web::test]
async fn scripts_are_checked_and_media_needs_a_token() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let (number, _) = simulator_number(&cust.admin).await;
    for script in [
        json!([]),
        json!([{ "type": "dtmf", "digits": "12a" }]),
        json!([{ "type": "say", "text": "" }]),
    ] {
        let r = cust
            .admin
            .post(
                "/api/v1/simulator/calls",
                json!({ "number_id": number, "script": script }),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);
        assert!(r.body["error"]["details"]["fields"]["script"].is_array());
    }
    assert_eq!(
        cust.admin.get("/api/v1/calls").await.body["items"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    // No token, a wrong token: the upgrade is refused.
    for q in [
        "",
        "?call_id=0190b5e0-0000-7000-8000-000000000000&token=nope",
    ] {
        let res = reqwest::Client::new()
            .get(format!("{}/media/twilio{q}", app.address))
            .header("connection", "upgrade")
            .header("upgrade", "websocket")
            .header("sec-websocket-version", "13")
            .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
}

#[actix_web::test]
async fn outbound_calls_are_placed_once_per_idempotency_key() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let (number, _) = simulator_number(&cust.admin).await;
    let place = |key: &'static str, body: Value| {
        let c = cust.admin.clone();
        async move {
            let r = c
                .authed(reqwest::Method::POST, "/api/v1/calls")
                .header("idempotency-key", key)
                .json(&body)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let status = r.status();
            (status, r.json::<Value>().await.unwrap_or_default())
        }
    };
    let body = json!({
        "from_number_id": number, "to": "+1 (415) 555-2671",
        "variables": { "customer": "Ada" },
        "simulator_script": [{ "type": "say", "text": "Hello" }, { "type": "hangup" }]
    });
    let (s, first) = place("call-ada-1", body.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    assert_eq!(first["direction"], "outbound");
    assert_eq!(first["to_number"], "+14155552671");
    assert_eq!(first["from_number"], "+12125550142");
    let (s, again) = place("call-ada-1", body.clone()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(again["id"], first["id"]);
    let done = ended(&cust.admin, first["id"].as_str().unwrap_or_default()).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["end_reason"], "caller_hung_up", "{done}");
    let calls = cust.admin.get("/api/v1/calls").await;
    assert_eq!(calls.body["items"].as_array().map(Vec::len), Some(1));

    let (s, bad) = place("call-bad", json!({ "from_number_id": number, "to": "555" })).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(bad["error"]["details"]["fields"]["to"].is_array(), "{bad}");
    let (s, bad) = place(
        "call-bad-2",
        json!({ "from_number_id": uuid::Uuid::now_v7(), "to": "+14155552671" }),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        bad["error"]["details"]["fields"]["from_number_id"].is_array(),
        "{bad}"
    );
    // Without credits the call is refused and stays on record.
    let root = app.platform_admin().await;
    let bal = cust.admin.get("/api/v1/credits").await.body["balance"]
        .as_i64()
        .unwrap_or(0);
    root.post(
        "/api/v1/admin/credit-adjustments",
        json!({ "tenant_id": cust.tenant_id, "amount": -bal, "reason": "test: empty the balance" }),
    )
    .await;
    let (s, refused) = place("call-broke", body.clone()).await;
    assert_eq!(
        (s, refused["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("insufficient_credits")),
        "{refused}"
    );
    let failed = cust.admin.get("/api/v1/calls?status=failed").await;
    assert_eq!(failed.body["items"].as_array().map(Vec::len), Some(1));
    // Customer users place calls; a role without calls:write cannot.
    let role = cust
        .admin
        .post(
            "/api/v1/roles",
            json!({ "name": "viewer", "permissions": ["calls:read"] }),
        )
        .await;
    let viewer = app.member(&cust.admin, None, Some(id_of(&role.body))).await;
    let r = viewer.post("/api/v1/calls", body).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn the_agents_maximum_duration_ends_the_call() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let (number, agent) = simulator_number(&cust.admin).await;
    let a = cust.admin.get(&format!("/api/v1/agents/{agent}")).await;
    let mut config = a.body["config"].clone();
    config["max_call_duration_secs"] = json!(30);
    config["recording"] = json!(false);
    let r = cust
        .admin
        .patch(
            &format!("/api/v1/agents/{agent}"),
            json!({ "config": config }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    cust.admin
        .post(&format!("/api/v1/agents/{agent}/publish"), json!({}))
        .await;
    let r = cust
        .admin
        .post(
            "/api/v1/simulator/calls",
            json!({ "number_id": number, "script": [{ "type": "pause", "ms": 30000 }, { "type": "pause", "ms": 20000 }] }),
        )
        .await;
    let call = r.body["id"].as_str().unwrap_or_default().to_string();
    let done = ended(&cust.admin, &call).await;
    assert_eq!(done["end_reason"], "max_duration", "{done}");
    let d = done["duration_secs"].as_i64().unwrap_or(0);
    assert!((30..=32).contains(&d), "{d}");
    assert_eq!(
        done["has_recording"], false,
        "recording is off for this agent"
    );
}
