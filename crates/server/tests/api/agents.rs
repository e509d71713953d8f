//! Agents: CRUD, validation naming fields, quota, publish, versions, roll-back.

use reqwest::StatusCode;
use serde_json::json;
use switchboard_test_support::{id_of, spawn_app};

#[actix_web::test]
async fn an_agent_is_created_with_defaults_changed_published_and_rolled_back() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let a = cust
        .admin
        .post(
            "/api/v1/agents",
            json!({ "name": "Receptionist", "kind": "call" }),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    assert_eq!(a.body["status"], "draft");
    assert_eq!(a.body["current_version"], 0);
    assert_eq!(a.body["config"]["languages"]["primary"], "en-US");
    let id = id_of(&a.body);
    let early = cust
        .admin
        .patch(
            &format!("/api/v1/agents/{id}"),
            json!({ "status": "active" }),
        )
        .await;
    assert_eq!(
        early.code(),
        "validation_failed",
        "activation needs a published version"
    );

    let v1 = cust
        .admin
        .post(
            &format!("/api/v1/agents/{id}/publish"),
            json!({ "note": "first" }),
        )
        .await;
    assert_eq!(v1.status, StatusCode::CREATED, "{:?}", v1.body);
    assert_eq!(v1.body["version"], 1);
    let mut config = a.body["config"].clone();
    config["first_message"] = json!("Guten Tag, {{company}}!");
    config["languages"] = json!({ "primary": "de-AT", "allowed": ["en-US"] });
    let changed = cust
        .admin
        .patch(&format!("/api/v1/agents/{id}"), json!({ "config": config }))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    let v2 = cust
        .admin
        .post(&format!("/api/v1/agents/{id}/publish"), json!({}))
        .await;
    assert_eq!(v2.body["version"], 2);
    assert_eq!(v2.body["config"]["languages"]["primary"], "de-AT");

    let back = cust
        .admin
        .post(
            &format!("/api/v1/agents/{id}/rollback"),
            json!({ "version": 1 }),
        )
        .await;
    assert_eq!(back.status, StatusCode::CREATED, "{:?}", back.body);
    assert_eq!(back.body["version"], 3);
    assert_eq!(back.body["config"]["languages"]["primary"], "en-US");
    let versions = cust
        .admin
        .get(&format!("/api/v1/agents/{id}/versions"))
        .await;
    let numbers: Vec<i64> = versions.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["version"].as_i64())
        .collect();
    assert_eq!(numbers, vec![3, 2, 1]);
    let agent = cust.admin.get(&format!("/api/v1/agents/{id}")).await;
    assert_eq!(agent.body["current_version"], 3);
    assert_eq!(
        agent.body["config"]["languages"]["primary"], "en-US",
        "the draft follows the roll-back"
    );
    let missing = cust
        .admin
        .post(
            &format!("/api/v1/agents/{id}/rollback"),
            json!({ "version": 9 }),
        )
        .await;
    assert_eq!(
        (missing.status, missing.code()),
        (StatusCode::NOT_FOUND, "agent_version_not_found")
    );

    let act = cust
        .admin
        .patch(
            &format!("/api/v1/agents/{id}"),
            json!({ "status": "active" }),
        )
        .await;
    assert_eq!(act.body["status"], "active");
    let log = cust.admin.get("/api/v1/audit-log?action=agent.").await;
    assert!(log.body["items"].as_array().is_some_and(|a| a.len() >= 6));
    assert_eq!(
        cust.admin
            .delete(&format!("/api/v1/agents/{id}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        cust.admin.get(&format!("/api/v1/agents/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn invalid_agent_configs_name_each_field_and_change_nothing() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let a = cust
        .admin
        .post("/api/v1/agents", json!({ "name": "Bot", "kind": "chat" }))
        .await;
    let mut config = a.body["config"].clone();
    config["llm"]["temperature"] = json!(5.0);
    config["languages"]["primary"] = json!("english");
    config["max_call_duration_secs"] = json!(5);
    let r = cust
        .admin
        .patch(
            &format!("/api/v1/agents/{}", id_of(&a.body)),
            json!({ "config": config }),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "validation_failed")
    );
    let fields = &r.body["error"]["details"]["fields"];
    for f in [
        "llm.temperature",
        "languages.primary",
        "max_call_duration_secs",
    ] {
        assert!(fields[f].is_array(), "{f} not named in {fields}");
    }
    let after = cust
        .admin
        .get(&format!("/api/v1/agents/{}", id_of(&a.body)))
        .await;
    assert_eq!(after.body["config"], a.body["config"]);
    let bad_kind = cust
        .admin
        .post("/api/v1/agents", json!({ "name": "X", "kind": "fax" }))
        .await;
    assert_eq!(bad_kind.status, StatusCode::BAD_REQUEST);
    let dup = cust
        .admin
        .post("/api/v1/agents", json!({ "name": "Bot", "kind": "call" }))
        .await;
    assert_eq!(
        (dup.status, dup.code()),
        (StatusCode::CONFLICT, "agent_name_taken")
    );
    let empty = cust
        .admin
        .post("/api/v1/agents", json!({ "name": "  ", "kind": "call" }))
        .await;
    assert_eq!(empty.code(), "validation_failed");
}

#[actix_web::test]
async fn the_plan_limits_the_number_of_agents() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    // Starter allows three agents.
    for i in 0..3 {
        let r = cust
            .admin
            .post(
                "/api/v1/agents",
                json!({ "name": format!("A{i}"), "kind": "call" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    let r = cust
        .admin
        .post("/api/v1/agents", json!({ "name": "A4", "kind": "call" }))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "quota_exceeded")
    );
    assert_eq!(r.body["error"]["details"]["limit"], "agents");
    let list = cust.admin.get("/api/v1/agents?kind=call&limit=2").await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(2));
    assert!(list.body["next_cursor"].is_string());
}

#[actix_web::test]
async fn customer_users_work_with_agents_and_keys_need_the_scope() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let user = app.member(&cust.admin, Some("customer_user"), None).await;
    let r = user
        .post("/api/v1/agents", json!({ "name": "Mine", "kind": "chat" }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let reader = app.api_key(&cust.admin, &["agents:read"]).await;
    assert_eq!(reader.get("/api/v1/agents").await.status, StatusCode::OK);
    assert_eq!(
        reader
            .post("/api/v1/agents", json!({ "name": "K", "kind": "chat" }))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn publishing_an_elevenlabs_agent_creates_then_updates_it_there_with_the_tenants_key() {
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let el = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/convai/agents/create"))
        .and(header("xi-api-key", "sk_el_tenant_key_1234"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "agent_id": "el_created_1" })),
        )
        .expect(1)
        .mount(&el)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/v1/convai/agents/el_created_1"))
        .and(header("xi-api-key", "sk_el_tenant_key_1234"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "agent_id": "el_created_1" })),
        )
        .expect(1)
        .mount(&el)
        .await;
    let base = el.uri();
    let app = switchboard_test_support::spawn_app_with(&[(
        "SWITCHBOARD__ELEVENLABS__BASE_URL",
        base.as_str(),
    )])
    .await;
    let cust = app.customer().await;
    let a = cust
        .admin
        .post(
            "/api/v1/agents",
            json!({ "name": "Delegated", "kind": "call" }),
        )
        .await;
    let id = id_of(&a.body);
    let mut config = a.body["config"].clone();
    config["runtime"] = json!("elevenlabs");
    cust.admin
        .patch(&format!("/api/v1/agents/{id}"), json!({ "config": config }))
        .await;
    let no_key = cust
        .admin
        .post(&format!("/api/v1/agents/{id}/publish"), json!({}))
        .await;
    assert_eq!(no_key.status, StatusCode::CREATED);
    assert_eq!(
        no_key.body["elevenlabs_sync"]["ok"], false,
        "{:?}",
        no_key.body
    );
    cust.admin
        .put(
            "/api/v1/integrations/elevenlabs",
            json!({ "api_key": "sk_el_tenant_key_1234" }),
        )
        .await;
    let v2 = cust
        .admin
        .post(&format!("/api/v1/agents/{id}/publish"), json!({}))
        .await;
    assert_eq!(v2.body["elevenlabs_sync"]["ok"], true, "{:?}", v2.body);
    assert_eq!(
        v2.body["elevenlabs_sync"]["elevenlabs_agent_id"],
        "el_created_1"
    );
    assert_eq!(
        cust.admin.get(&format!("/api/v1/agents/{id}")).await.body["elevenlabs_agent_id"],
        "el_created_1"
    );
    let v3 = cust
        .admin
        .post(&format!("/api/v1/agents/{id}/publish"), json!({}))
        .await;
    assert_eq!(v3.body["elevenlabs_sync"]["ok"], true, "{:?}", v3.body);
    let plain = cust
        .admin
        .post(
            "/api/v1/agents",
            json!({ "name": "Builtin", "kind": "call" }),
        )
        .await;
    let p = cust
        .admin
        .post(
            &format!("/api/v1/agents/{}/publish", id_of(&plain.body)),
            json!({}),
        )
        .await;
    assert!(p.body["elevenlabs_sync"].is_null());
}
