//! ElevenLabs-delegated calls end to end: signed post-call webhooks become one call with its
//! transcript, analysis, recording and exactly one charge, however they are delivered.

use base64::Engine;
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;
use switchboard_test_support::{Customer, TestApp, id_of, spawn_app, spawn_app_with};

pub(crate) const SECRET: &str = "wsec_test_0123456789";

pub(crate) fn sign(body: &str, t: i64) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    mac.update(format!("{t}.{body}").as_bytes());
    format!("t={t},v0={}", hex::encode(mac.finalize().into_bytes()))
}

pub(crate) async fn deliver(
    app: &TestApp,
    body: &str,
    signature: Option<String>,
) -> (StatusCode, Value) {
    let mut r = app
        .client()
        .raw(Method::POST, "/webhooks/elevenlabs")
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(s) = signature {
        r = r.header("ElevenLabs-Signature", s);
    }
    let res = r.send().await.unwrap_or_else(|e| panic!("{e}"));
    (res.status(), res.json().await.unwrap_or(Value::Null))
}

pub(crate) fn transcription(conversation: &str) -> String {
    json!({
        "type": "post_call_transcription",
        "event_timestamp": chrono::Utc::now().timestamp(),
        "data": {
            "agent_id": "el_agent_1",
            "conversation_id": conversation,
            "status": "done",
            "transcript": [
                { "role": "agent", "message": "Hello, Acme Dental, how can I help?", "time_in_call_secs": 0 },
                { "role": "user", "message": "I need to move my appointment to Friday.", "time_in_call_secs": 4 },
                { "role": "agent", "message": "Done: Friday at 10 am.", "time_in_call_secs": 9 }
            ],
            "metadata": {
                "start_time_unix_secs": 1764590400,
                "call_duration_secs": 133,
                "cost": 412,
                "termination_reason": "end_call tool was called.",
                "phone_call": { "direction": "inbound", "agent_number": "+14155550100", "external_number": "+14155550123", "type": "twilio" }
            },
            "analysis": {
                "call_successful": "success",
                "transcript_summary": "The caller moved an appointment to Friday 10 am.",
                "data_collection_results": { "new_day": { "value": "Friday" } },
                "evaluation_criteria_results": {}
            },
            "conversation_initiation_client_data": { "dynamic_variables": {} }
        }
    })
    .to_string()
}

fn audio(conversation: &str, bytes: &[u8]) -> String {
    json!({
        "type": "post_call_audio",
        "event_timestamp": chrono::Utc::now().timestamp(),
        "data": { "agent_id": "el_agent_1", "conversation_id": conversation, "full_audio": base64::engine::general_purpose::STANDARD.encode(bytes) }
    })
    .to_string()
}

async fn linked(app: &TestApp) -> Customer {
    let cust = app.customer().await;
    let agent = cust
        .admin
        .post("/api/v1/agents", json!({ "name": "Phone", "kind": "call" }))
        .await;
    let r = cust
        .admin
        .patch(
            &format!("/api/v1/agents/{}", id_of(&agent.body)),
            json!({ "elevenlabs_agent_id": "el_agent_1" }),
        )
        .await;
    assert_eq!(r.body["elevenlabs_agent_id"], "el_agent_1", "{:?}", r.body);
    cust
}

async fn with_secret() -> TestApp {
    spawn_app_with(&[("SWITCHBOARD__ELEVENLABS__WEBHOOK_SECRET", SECRET)]).await
}

#[actix_web::test]
async fn a_post_call_webhook_becomes_a_call_with_transcript_analysis_and_one_charge() {
    let app = with_secret().await;
    let cust = linked(&app).await;
    let body = transcription("conv_1");
    let (status, ack) = deliver(
        &app,
        &body,
        Some(sign(&body, chrono::Utc::now().timestamp())),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ack}");
    assert_eq!(ack["status"], "applied");
    let calls = cust.admin.get("/api/v1/calls").await;
    let call = &calls.body["items"][0];
    assert_eq!(call["status"], "completed");
    assert_eq!(call["duration_secs"], 133);
    assert_eq!(call["cost_credits"], 3, "2:13 costs three credits");
    assert_eq!(call["provider_cost"], 412);
    assert_eq!(call["from_number"], "+14155550123");
    assert_eq!(call["successful"], true);
    assert_eq!(call["data_collected"]["new_day"]["value"], "Friday");
    let id = id_of(call);
    let t = cust
        .admin
        .get(&format!("/api/v1/calls/{id}/transcript"))
        .await;
    let speakers: Vec<&str> = t
        .body
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["speaker"].as_str())
        .collect();
    assert_eq!(speakers, vec!["agent", "caller", "agent"]);
    assert_eq!(t.body[1]["start_ms"], 4000);
    assert_eq!(cust.admin.get("/api/v1/credits").await.body["balance"], 12);
    let found = cust.admin.get("/api/v1/calls?q=Friday").await;
    assert_eq!(found.body["items"].as_array().map(Vec::len), Some(1));
    let none = cust.admin.get("/api/v1/calls?q=pizza").await;
    assert_eq!(none.body["items"].as_array().map(Vec::len), Some(0));
    let csv = cust
        .admin
        .raw(Method::GET, "/api/v1/calls/export")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        csv.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.starts_with("text/csv"))
    );
    let text = csv.text().await.unwrap_or_default();
    assert!(
        text.lines().count() == 2
            && text.contains(&id.to_string())
            && text.contains("'+14155550123"),
        "{text}"
    );
}

#[actix_web::test]
async fn redeliveries_concurrent_and_out_of_order_events_have_one_effect() {
    let app = with_secret().await;
    let cust = linked(&app).await;
    let mp3 = b"ID3\x04\x00fake-mp3-frames-0123456789".repeat(100);
    let t = transcription("conv_2");
    let a = audio("conv_2", &mp3);
    let now = chrono::Utc::now().timestamp();
    // Audio first, then five concurrent transcriptions and a second audio.
    let (s, _) = deliver(&app, &a, Some(sign(&a, now))).await;
    assert_eq!(s, StatusCode::OK);
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let (addr, body, sig) = (app.address.clone(), t.clone(), sign(&t, now));
        tasks.push(actix_web::rt::spawn(async move {
            let c = switchboard_test_support::Client::new(&addr);
            let r = c
                .raw(Method::POST, "/webhooks/elevenlabs")
                .header("ElevenLabs-Signature", sig)
                .body(body)
                .send()
                .await;
            r.map(|r| r.status()).ok()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.ok().flatten(), Some(StatusCode::OK));
    }
    let (s, ack) = deliver(&app, &a, Some(sign(&a, now))).await;
    assert_eq!(
        (s, ack["status"].as_str()),
        (StatusCode::OK, Some("duplicate"))
    );

    let calls = cust.admin.get("/api/v1/calls").await;
    assert_eq!(
        calls.body["items"].as_array().map(Vec::len),
        Some(1),
        "one call"
    );
    let call = &calls.body["items"][0];
    assert_eq!(call["has_recording"], true);
    assert_eq!(
        call["duration_secs"], 133,
        "the transcript completed the call the audio created"
    );
    let ledger = cust.admin.get("/api/v1/credits/ledger").await;
    let usage = ledger.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["entry_type"] == "usage")
        .count();
    assert_eq!(usage, 1, "one charge");
    assert_eq!(cust.admin.get("/api/v1/credits").await.body["balance"], 12);
    let segments = cust
        .admin
        .get(&format!("/api/v1/calls/{}/transcript", id_of(call)))
        .await;
    assert_eq!(
        segments.body.as_array().map(Vec::len),
        Some(3),
        "one transcript"
    );

    let rec = cust
        .admin
        .raw(
            Method::GET,
            &format!("/api/v1/calls/{}/recording", id_of(call)),
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rec.status(), StatusCode::OK);
    assert_eq!(
        rec.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
        mp3
    );
    let part = cust
        .admin
        .raw(
            Method::GET,
            &format!("/api/v1/calls/{}/recording", id_of(call)),
        )
        .header("range", "bytes=0-2")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()
            .get("content-range")
            .and_then(|v| v.to_str().ok()),
        Some(format!("bytes 0-2/{}", mp3.len()).as_str())
    );
    assert_eq!(
        part.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
        b"ID3".to_vec()
    );
}

#[actix_web::test]
async fn bad_signatures_old_timestamps_and_malformed_bodies_change_nothing() {
    let app = with_secret().await;
    let cust = linked(&app).await;
    let body = transcription("conv_3");
    let now = chrono::Utc::now().timestamp();
    let cases = [
        (body.clone(), None, StatusCode::UNAUTHORIZED),
        (
            body.clone(),
            Some(format!("t={now},v0={}", "0".repeat(64))),
            StatusCode::UNAUTHORIZED,
        ),
        (
            body.clone(),
            Some(sign(&body, now - 31 * 60)),
            StatusCode::UNAUTHORIZED,
        ),
        (
            body.replace("conv_3", "conv_4"),
            Some(sign(&body, now)),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "{not json".to_string(),
            Some(sign("{not json", now)),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (b, sig, expected) in cases {
        let (status, err) = deliver(&app, &b, sig).await;
        assert_eq!(status, expected, "{err}");
        assert!(err["error"]["code"].is_string(), "{err}");
    }
    let unknown = transcription("conv_5").replace("el_agent_1", "el_other");
    let (status, _) = deliver(&app, &unknown, Some(sign(&unknown, now))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        cust.admin.get("/api/v1/calls").await.body["items"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    assert_eq!(cust.admin.get("/api/v1/credits").await.body["balance"], 15);
}

#[actix_web::test]
async fn without_a_secret_the_webhook_is_unavailable() {
    let app = spawn_app().await;
    let body = transcription("x");
    let (status, err) = deliver(
        &app,
        &body,
        Some(sign(&body, chrono::Utc::now().timestamp())),
    )
    .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("not_configured"))
    );
}

#[actix_web::test]
async fn a_finished_call_appears_on_the_live_stream_of_its_tenant_only() {
    let app = with_secret().await;
    let cust = linked(&app).await;
    let other = app.customer().await;
    let mut mine = cust
        .admin
        .raw(Method::GET, "/api/v1/calls/live")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut theirs = other
        .admin
        .raw(Method::GET, "/api/v1/calls/live")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mine.status(), StatusCode::OK);
    let body = transcription("conv_live");
    let (s, _) = deliver(
        &app,
        &body,
        Some(sign(&body, chrono::Utc::now().timestamp())),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let mut seen = String::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !seen.contains("event: call") && std::time::Instant::now() < deadline {
        match tokio::time::timeout(std::time::Duration::from_secs(5), mine.chunk()).await {
            Ok(Ok(Some(c))) => seen.push_str(&String::from_utf8_lossy(&c)),
            _ => break,
        }
    }
    assert!(
        seen.contains("event: call") && seen.contains("conv_live"),
        "{seen}"
    );
    // The other tenant's stream carries keep-alives only.
    let first = tokio::time::timeout(std::time::Duration::from_millis(500), theirs.chunk()).await;
    let mut other_seen = String::new();
    if let Ok(Ok(Some(c))) = first {
        other_seen.push_str(&String::from_utf8_lossy(&c));
    }
    if let Ok(Ok(Some(c))) =
        tokio::time::timeout(std::time::Duration::from_millis(500), theirs.chunk()).await
    {
        other_seen.push_str(&String::from_utf8_lossy(&c));
    }
    assert!(!other_seen.contains("conv_live"), "{other_seen}");
}

#[actix_web::test]
async fn call_initiation_gets_the_agents_variables_and_is_refused_without_credits() {
    let app = with_secret().await;
    let cust = linked(&app).await;
    let ask = |auth: Option<&'static str>| {
        let app = &app;
        async move {
            let mut r = app.client().raw(Method::POST, "/webhooks/elevenlabs/initiation").json(&json!({ "caller_id": "+14155550123", "agent_id": "el_agent_1", "called_number": "+14155550100", "call_sid": "CA123" }));
            if let Some(a) = auth {
                r = r.header("authorization", a);
            }
            let res = r.send().await.unwrap_or_else(|e| panic!("{e}"));
            (res.status(), res.json::<Value>().await.unwrap_or_default())
        }
    };
    let (s, _) = ask(None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, body) = ask(Some("Bearer wsec_test_0123456789")).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["type"], "conversation_initiation_client_data");
    assert_eq!(body["dynamic_variables"]["caller_number"], "+14155550123");
    assert_eq!(body["dynamic_variables"]["company"], "our company");
    assert!(body["dynamic_variables"]["contact_name"].is_null());
    // Unknown callers get the tenant's caller defaults.
    let d = cust
        .admin
        .put(
            "/api/v1/contacts/defaults",
            json!({ "name": "valued caller", "variables": { "tier": "standard", "company": "Acme" } }),
        )
        .await;
    assert_eq!(d.status, StatusCode::OK, "{:?}", d.body);
    let (_, body) = ask(Some("Bearer wsec_test_0123456789")).await;
    assert_eq!(body["dynamic_variables"]["contact_name"], "valued caller");
    assert_eq!(body["dynamic_variables"]["tier"], "standard");
    assert_eq!(body["dynamic_variables"]["company"], "Acme");
    let root = app.platform_admin().await;
    let r = root.post("/api/v1/admin/credit-adjustments", json!({ "tenant_id": cust.tenant_id, "amount": -15, "reason": "test: empty the balance" })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let (s, body) = ask(Some("Bearer wsec_test_0123456789")).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (StatusCode::PAYMENT_REQUIRED, Some("insufficient_credits"))
    );
}

#[actix_web::test]
async fn a_tenants_elevenlabs_key_is_stored_encrypted_and_shown_masked() {
    use sea_orm::EntityTrait;
    let app = with_secret().await;
    let cust = app.customer().await;
    let empty = cust.admin.get("/api/v1/integrations/elevenlabs").await;
    assert_eq!(empty.body["configured"], false);
    assert_eq!(empty.body["webhooks_enabled"], true);
    assert!(
        empty.body["post_call_webhook_url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/webhooks/elevenlabs"))
    );
    let bad = cust
        .admin
        .put(
            "/api/v1/integrations/elevenlabs",
            json!({ "api_key": "short" }),
        )
        .await;
    assert_eq!(bad.code(), "validation_failed");
    let r = cust
        .admin
        .put(
            "/api/v1/integrations/elevenlabs",
            json!({ "api_key": "sk_el_0123456789abcdef" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["key_hint"], "••••••••cdef");
    assert!(!r.body.to_string().contains("0123456789"));
    let rows = switchboard_db::entity::tenant_secret::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(rows.len(), 1);
    assert!(
        !rows[0].value_enc.contains("0123456789abcdef"),
        "stored encrypted"
    );
    let plain = switchboard_platform::tenant_secrets::reveal(
        &app.state.db,
        &app.state.keyring,
        cust.tenant_id,
        "elevenlabs",
    )
    .await
    .ok()
    .flatten();
    assert_eq!(plain.as_deref(), Some("sk_el_0123456789abcdef"));
    let user = app.member(&cust.admin, Some("customer_user"), None).await;
    assert_eq!(
        user.get("/api/v1/integrations/elevenlabs").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        cust.admin
            .delete("/api/v1/integrations/elevenlabs")
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        cust.admin.get("/api/v1/integrations/elevenlabs").await.body["configured"],
        false
    );
    let log = cust
        .admin
        .get("/api/v1/audit-log?action=integration.")
        .await;
    assert_eq!(log.body["items"].as_array().map(Vec::len), Some(2));
}

#[actix_web::test]
async fn recordings_go_to_the_object_store_named_by_url() {
    let app = spawn_app_with(&[
        ("SWITCHBOARD__ELEVENLABS__WEBHOOK_SECRET", SECRET),
        (
            "SWITCHBOARD__STORAGE__RECORDINGS_URL",
            "memory:///recordings",
        ),
        (
            "SWITCHBOARD__STORAGE__RECORDINGS_DIR",
            "/nonexistent/never-used",
        ),
    ])
    .await;
    let cust = linked(&app).await;
    let body = audio("conv_bucket", b"ID3 bucket audio");
    let (s, ack) = deliver(
        &app,
        &body,
        Some(sign(&body, chrono::Utc::now().timestamp())),
    )
    .await;
    assert_eq!(
        (s, ack["status"].as_str()),
        (StatusCode::OK, Some("applied"))
    );
    let calls = cust.admin.get("/api/v1/calls").await;
    let id = id_of(&calls.body["items"][0]);
    let rec = cust
        .admin
        .raw(Method::GET, &format!("/api/v1/calls/{id}/recording"))
        .header("range", "bytes=4-9")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rec.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(rec.bytes().await.ok().as_deref(), Some(&b"bucket"[..]));
}
