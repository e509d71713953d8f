//! The ElevenLabs sync job: conversations the webhooks missed are pulled (list + get + audio) and
//! applied once; a webhook and the sync never double anything; transient failures are retried;
//! a key change pushes agents under the new key (re-creating missing ones) and pulls again.
//! ElevenLabs is a loopback mock whose received requests are checked against the official spec.

use reqwest::StatusCode;
use serde_json::{Value, json};
use switchboard_test_support::openapi_check::Spec;
use switchboard_test_support::{Client, Customer, TestApp, id_of, spawn_app_with};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::elevenlabs::{SECRET, deliver, sign, transcription};

fn conversation(id: &str, agent: &str, has_audio: bool) -> Value {
    let mut v: Value = serde_json::from_str(&transcription(id)).unwrap_or_default();
    let mut data = v["data"].take();
    data["agent_id"] = json!(agent);
    data["has_audio"] = json!(has_audio);
    data["has_user_audio"] = json!(has_audio);
    data["has_response_audio"] = json!(has_audio);
    data
}

fn summary(id: &str, agent: &str, status: &str) -> Value {
    json!({
        "agent_id": agent, "conversation_id": id, "start_time_unix_secs": 1764590400,
        "call_duration_secs": 133, "message_count": 3, "status": status,
        "call_successful": "success", "direction": "inbound"
    })
}

async fn mount_conversations(el: &MockServer, agent: &str, key: &str) {
    // Two pages: c_hooked + c_missed, then c_running (still in progress) + c_failed.
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations"))
        .and(query_param("agent_id", agent))
        .and(query_param_is_missing("cursor"))
        .and(header("xi-api-key", key))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "conversations": [summary("c_hooked", agent, "done"), summary("c_missed", agent, "done")],
            "has_more": true, "next_cursor": "page_2"
        })))
        .mount(el)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations"))
        .and(query_param("agent_id", agent))
        .and(query_param("cursor", "page_2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "conversations": [summary("c_running", agent, "in-progress"), summary("c_failed", agent, "failed")],
            "has_more": false, "next_cursor": null
        })))
        .mount(el)
        .await;
    for (id, audio) in [("c_hooked", true), ("c_missed", true), ("c_failed", false)] {
        let mut c = conversation(id, agent, audio);
        if id == "c_failed" {
            c["status"] = json!("failed");
            c["transcript"] = json!([]);
            c["metadata"]["call_duration_secs"] = json!(0);
        }
        Mock::given(method("GET"))
            .and(path(format!("/v1/convai/conversations/{id}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(c))
            .mount(el)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("/v1/convai/conversations/{id}/audio")))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", "audio/mpeg")
                    .set_body_bytes(format!("ID3 audio of {id}").into_bytes()),
            )
            .mount(el)
            .await;
    }
}

async fn app_with(el: &MockServer) -> TestApp {
    let base = el.uri();
    spawn_app_with(&[
        ("SWITCHBOARD__ELEVENLABS__WEBHOOK_SECRET", SECRET),
        ("SWITCHBOARD__ELEVENLABS__BASE_URL", base.as_str()),
    ])
    .await
}

async fn linked_to(app: &TestApp, ext: &str, key: &str) -> (Customer, uuid::Uuid) {
    let cust = app.customer().await;
    let r = cust
        .admin
        .put("/api/v1/integrations/elevenlabs", json!({ "api_key": key }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let agent = cust
        .admin
        .post("/api/v1/agents", json!({ "name": "Phone", "kind": "call" }))
        .await;
    let id = id_of(&agent.body);
    let r = cust
        .admin
        .patch(
            &format!("/api/v1/agents/{id}"),
            json!({ "elevenlabs_agent_id": ext }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    (cust, id)
}

/// Polls a run until `done` holds (or 20 s pass); returns its last state.
async fn poll(c: &Client, run: &str, done: impl Fn(&Value) -> bool) -> Value {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let r = c
            .get(&format!("/api/v1/integrations/elevenlabs/sync-runs/{run}"))
            .await;
        if done(&r.body) {
            return r.body;
        }
        assert!(
            std::time::Instant::now() < end,
            "gave up waiting: {}",
            r.body
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Waits until the run ends; returns it.
async fn finished(c: &Client, run: &str) -> Value {
    poll(c, run, |r| {
        matches!(r["status"].as_str(), Some("succeeded" | "failed"))
    })
    .await
}

async fn start_sync(c: &Client) -> String {
    let r = c
        .post("/api/v1/integrations/elevenlabs/sync", json!({}))
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    assert_eq!(r.body["trigger"], "manual");
    r.body["id"].as_str().unwrap_or_default().to_string()
}

fn spec_problems(reqs: &[wiremock::Request]) -> Vec<String> {
    let spec = Spec::load("elevenlabs_openapi_2026-08.json");
    let mut out = Vec::new();
    for r in reqs {
        let p = r.url.path();
        let template = if p == "/v1/convai/conversations" {
            "/v1/convai/conversations".to_string()
        } else if p.starts_with("/v1/convai/conversations/") && p.ends_with("/audio") {
            "/v1/convai/conversations/{conversation_id}/audio".to_string()
        } else if p.starts_with("/v1/convai/conversations/") {
            "/v1/convai/conversations/{conversation_id}".to_string()
        } else if p == "/v1/convai/agents/create" {
            p.to_string()
        } else {
            "/v1/convai/agents/{agent_id}".to_string()
        };
        let body: Option<Value> = serde_json::from_slice(&r.body).ok();
        let q: Vec<(String, String)> = r
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        out.extend(spec.check_request(r.method.as_str(), &template, body.as_ref()));
        out.extend(spec.check_query(r.method.as_str(), &template, &q));
    }
    out
}

async fn ledger_len(c: &Client) -> usize {
    c.get("/api/v1/credits/ledger?limit=100").await.body["items"]
        .as_array()
        .map_or(0, Vec::len)
}

#[actix_web::test]
async fn a_sync_fills_in_what_the_webhooks_missed_and_never_doubles_anything() {
    let el = MockServer::start().await;
    mount_conversations(&el, "el_sync_1", "sk_el_sync_1").await;
    let app = app_with(&el).await;
    let (cust, _) = linked_to(&app, "el_sync_1", "sk_el_sync_1").await;
    // One conversation arrived by webhook (transcript only); the rest were lost.
    let body = transcription("c_hooked").replace("el_agent_1", "el_sync_1");
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
    let ledger_before = ledger_len(&cust.admin).await;

    let run = start_sync(&cust.admin).await;
    let done = finished(&cust.admin, &run).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    let p = &done["progress"];
    assert_eq!(p["agents_total"], 1, "{done}");
    assert_eq!(p["agents_done"], 1, "{done}");
    assert_eq!(p["conversations_seen"], 4, "{done}");
    assert_eq!(p["conversations_pending"], 1, "{done}");
    assert_eq!(p["calls_imported"], 2, "{done}"); // c_missed and c_failed
    assert_eq!(p["recordings_imported"], 2, "{done}"); // c_hooked's and c_missed's audio
    assert_eq!(p["errors"], 0, "{done}");

    let calls = cust.admin.get("/api/v1/calls?limit=100").await;
    let items = calls.body["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 3, "{:?}", calls.body);
    let by_provider_id = |id: &str| {
        items
            .iter()
            .find(|c| c["provider_call_id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no call {id}: {items:?}"))
    };
    let missed = by_provider_id("c_missed");
    assert_eq!(missed["status"], "completed");
    assert_eq!(missed["cost_credits"], 3);
    assert_eq!(missed["has_recording"], true, "{missed}");
    assert_eq!(by_provider_id("c_failed")["status"], "failed");
    assert_eq!(by_provider_id("c_hooked")["has_recording"], true);
    let t = cust
        .admin
        .get(&format!("/api/v1/calls/{}/transcript", id_of(&missed)))
        .await;
    assert_eq!(t.body.as_array().map(Vec::len), Some(3), "{:?}", t.body);
    let rec = cust
        .admin
        .get(&format!("/api/v1/calls/{}/recording", id_of(&missed)))
        .await;
    assert_eq!(rec.status, StatusCode::OK);
    // One new charge (c_missed, 133 s = 3 credits); the failed call costs nothing.
    assert_eq!(ledger_len(&cust.admin).await, ledger_before + 1);

    // Again: nothing new; a late webhook for a synced conversation is a duplicate.
    let again = finished(&cust.admin, &start_sync(&cust.admin).await).await;
    assert_eq!(again["progress"]["calls_imported"], 0, "{again}");
    assert_eq!(again["progress"]["recordings_imported"], 0, "{again}");
    let late = transcription("c_missed").replace("el_agent_1", "el_sync_1");
    let (_, ack) = deliver(
        &app,
        &late,
        Some(sign(&late, chrono::Utc::now().timestamp())),
    )
    .await;
    assert_eq!(ack["status"], "duplicate");
    assert_eq!(ledger_len(&cust.admin).await, ledger_before + 1);
    assert_eq!(
        cust.admin.get("/api/v1/calls?limit=100").await.body["items"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );

    let runs = cust
        .admin
        .get("/api/v1/integrations/elevenlabs/sync-runs")
        .await;
    assert_eq!(runs.body["items"].as_array().map(Vec::len), Some(2));
    let status = cust.admin.get("/api/v1/integrations/elevenlabs").await;
    assert_eq!(status.body["last_sync"]["id"], runs.body["items"][0]["id"]);

    let reqs = el.received_requests().await.unwrap_or_default();
    let problems = spec_problems(&reqs);
    assert!(problems.is_empty(), "{problems:?}");
    // The second run fetched no conversation again (each was complete).
    let fetched_missed = reqs
        .iter()
        .filter(|r| r.url.path() == "/v1/convai/conversations/c_missed")
        .count();
    assert_eq!(fetched_missed, 1);
}

#[actix_web::test]
async fn concurrent_syncs_and_webhooks_for_the_same_conversation_charge_once() {
    let el = MockServer::start().await;
    mount_conversations(&el, "el_sync_2", "sk_el_sync_2").await;
    let app = app_with(&el).await;
    let (cust, _) = linked_to(&app, "el_sync_2", "sk_el_sync_2").await;
    let before = ledger_len(&cust.admin).await;
    let body = transcription("c_missed").replace("el_agent_1", "el_sync_2");
    let hook = || {
        deliver(
            &app,
            &body,
            Some(sign(&body, chrono::Utc::now().timestamp())),
        )
    };
    let (run, _, _, _) = tokio::join!(start_sync(&cust.admin), hook(), hook(), hook());
    let done = finished(&cust.admin, &run).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    // c_missed (webhooks and sync racing) and c_hooked (sync only) are charged once each.
    assert_eq!(ledger_len(&cust.admin).await, before + 2);
}

#[actix_web::test]
async fn transient_failures_are_retried_and_a_dead_key_fails_the_run_clearly() {
    let el = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations"))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&el)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations"))
        .and(header("xi-api-key", "sk_el_good_key"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({ "conversations": [], "has_more": false, "next_cursor": null }),
            ),
        )
        .with_priority(2)
        .mount(&el)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({ "detail": { "status": "invalid_api_key", "message": "Invalid API key" } }),
        ))
        .with_priority(3)
        .mount(&el)
        .await;
    let app = app_with(&el).await;
    let (good, _) = linked_to(&app, "el_sync_3", "sk_el_good_key").await;
    let done = finished(&good.admin, &start_sync(&good.admin).await).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    assert_eq!(done["attempts"], 1, "{done}");

    let (bad, _) = linked_to(&app, "el_sync_4", "sk_el_dead_key").await;
    let run = start_sync(&bad.admin).await;
    // The first attempt fails and is queued again with a back-off, naming ElevenLabs' answer.
    let last = poll(&bad.admin, &run, |r| {
        r["status"] == "queued" && r["attempts"] == 1
    })
    .await;
    assert!(
        last["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("Invalid API key")),
        "{last}"
    );
    assert_eq!(last["progress"]["errors"], 1, "{last}");
}

#[actix_web::test]
async fn changing_the_key_pushes_agents_under_it_and_recreates_the_ones_it_does_not_know() {
    let el = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1/convai/agents/el_old_account"))
        .and(header("xi-api-key", "sk_el_new_account"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({ "detail": { "status": "agent_not_found", "message": "Agent not found" } }),
        ))
        .expect(1)
        .mount(&el)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/convai/agents/create"))
        .and(header("xi-api-key", "sk_el_new_account"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "agent_id": "el_new_account" })),
        )
        .expect(1)
        .mount(&el)
        .await;
    mount_conversations(&el, "el_new_account", "sk_el_new_account").await;
    let app = app_with(&el).await;
    let (cust, agent) = linked_to(&app, "el_old_account", "sk_el_old_account").await;
    // Same key again: nothing to do.
    let same = cust
        .admin
        .put(
            "/api/v1/integrations/elevenlabs",
            json!({ "api_key": "sk_el_old_account" }),
        )
        .await;
    assert!(same.body["last_sync"].is_null(), "{:?}", same.body);
    let r = cust
        .admin
        .put(
            "/api/v1/integrations/elevenlabs",
            json!({ "api_key": "sk_el_new_account" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        r.body["last_sync"]["trigger"], "key_changed",
        "{:?}",
        r.body
    );
    let run = r.body["last_sync"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let done = finished(&cust.admin, &run).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    assert_eq!(done["progress"]["agents_pushed"], 1, "{done}");
    assert_eq!(done["progress"]["agents_recreated"], 1, "{done}");
    assert_eq!(done["progress"]["calls_imported"], 3, "{done}");
    let a = cust.admin.get(&format!("/api/v1/agents/{agent}")).await;
    assert_eq!(a.body["elevenlabs_agent_id"], "el_new_account");
    // Webhooks for the new id reach the tenant.
    let body = transcription("c_new").replace("el_agent_1", "el_new_account");
    let (_, ack) = deliver(
        &app,
        &body,
        Some(sign(&body, chrono::Utc::now().timestamp())),
    )
    .await;
    assert_eq!(ack["status"], "applied");
    let audit = cust
        .admin
        .get("/api/v1/audit-log?action=agent.synced")
        .await;
    assert!(
        audit.body.to_string().contains("el_old_account"),
        "{:?}",
        audit.body
    );
    let problems = spec_problems(&el.received_requests().await.unwrap_or_default());
    assert!(problems.is_empty(), "{problems:?}");
}

#[actix_web::test]
async fn sync_needs_a_key_and_the_settings_permission() {
    let el = MockServer::start().await;
    let app = app_with(&el).await;
    let cust = app.customer().await;
    let r = cust
        .admin
        .post("/api/v1/integrations/elevenlabs/sync", json!({}))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "not_configured"),
        "{:?}",
        r.body
    );
    let user = app.member(&cust.admin, Some("customer_user"), None).await;
    let r = user
        .post("/api/v1/integrations/elevenlabs/sync", json!({}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    let bad = cust
        .admin
        .put(
            "/api/v1/integrations/elevenlabs",
            json!({ "api_key": "has space" }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body["error"]["details"]["fields"]["api_key"].is_array());
    assert_eq!(
        cust.admin.get("/api/v1/integrations/elevenlabs").await.body["configured"],
        false
    );
}

#[actix_web::test]
async fn customers_without_a_key_use_their_agencys_then_the_platforms() {
    let el = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/convai/agents/create"))
        .and(header("xi-api-key", "sk_el_agency_key"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "agent_id": "el_via_agency" })),
        )
        .expect(1)
        .mount(&el)
        .await;
    let app = app_with(&el).await;
    let root = app.platform_admin().await;
    let agency = root
        .post(
            "/api/v1/tenants",
            json!({ "name": "Voice Agency", "kind": "agency" }),
        )
        .await;
    assert_eq!(agency.status, StatusCode::CREATED, "{:?}", agency.body);
    let agency_id = id_of(&agency.body);
    assert_eq!(root.switch_to(agency_id).await.status, StatusCode::OK);
    let r = root
        .put(
            "/api/v1/integrations/elevenlabs",
            json!({ "api_key": "sk_el_agency_key" }),
        )
        .await;
    assert_eq!(r.body["key_source"], "own", "{:?}", r.body);
    let customer = root
        .post(
            "/api/v1/tenants",
            json!({ "name": "Dental Clinic", "kind": "customer" }),
        )
        .await;
    assert_eq!(customer.status, StatusCode::CREATED, "{:?}", customer.body);
    assert_eq!(
        root.switch_to(id_of(&customer.body)).await.status,
        StatusCode::OK
    );
    let seen = root.get("/api/v1/integrations/elevenlabs").await;
    assert_eq!(seen.body["configured"], false, "{:?}", seen.body);
    assert_eq!(seen.body["key_source"], "agency", "{:?}", seen.body);
    assert_eq!(seen.body["platform_key_available"], true);
    // Publishing the customer's ElevenLabs agent uses the agency's key.
    let a = root
        .post(
            "/api/v1/agents",
            json!({ "name": "Clinic line", "kind": "call" }),
        )
        .await;
    let id = id_of(&a.body);
    let mut config = a.body["config"].clone();
    config["runtime"] = json!("elevenlabs");
    root.patch(&format!("/api/v1/agents/{id}"), json!({ "config": config }))
        .await;
    let p = root
        .post(&format!("/api/v1/agents/{id}/publish"), json!({}))
        .await;
    assert_eq!(p.body["elevenlabs_sync"]["ok"], true, "{:?}", p.body);
    assert_eq!(
        p.body["elevenlabs_sync"]["elevenlabs_agent_id"],
        "el_via_agency"
    );

    // A self-registered customer sits under the platform: nothing until staff store a key there.
    let direct = app.customer().await;
    let none = direct.admin.get("/api/v1/integrations/elevenlabs").await;
    assert!(none.body["key_source"].is_null(), "{:?}", none.body);
    assert_eq!(none.body["platform_key_available"], false);
    assert_eq!(
        root.switch_to(app.state.platform_id).await.status,
        StatusCode::OK
    );
    root.put(
        "/api/v1/integrations/elevenlabs",
        json!({ "api_key": "sk_el_platform_key" }),
    )
    .await;
    let now = direct.admin.get("/api/v1/integrations/elevenlabs").await;
    assert_eq!(now.body["key_source"], "platform", "{:?}", now.body);
    // The key itself is never shown to anyone below.
    assert!(!now.body.to_string().contains("sk_el_platform_key"));
}
