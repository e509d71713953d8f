//! Tenants in three levels, suspension, plans and branding.

use reqwest::{Method, StatusCode};
use serde_json::json;
use switchboard_test_support::{id_of, spawn_app, spawn_app_with};

#[actix_web::test]
async fn the_platform_creates_agencies_and_agencies_create_customers() {
    let app = spawn_app().await;
    let root = app.platform_admin().await;
    let ag = root
        .post(
            "/api/v1/tenants",
            json!({ "name": "Northwind", "kind": "agency", "plan_code": "professional" }),
        )
        .await;
    assert_eq!(ag.status, StatusCode::CREATED, "{:?}", ag.body);
    assert_eq!(ag.body["kind"], "agency");
    let direct = root
        .post(
            "/api/v1/tenants",
            json!({ "name": "Direct Co", "kind": "customer" }),
        )
        .await;
    assert_eq!(direct.body["parent_id"], app.state.platform_id.to_string());
    let under = root
        .post(
            "/api/v1/tenants",
            json!({ "name": "Under Co", "kind": "customer", "parent_id": id_of(&ag.body) }),
        )
        .await;
    assert_eq!(under.body["parent_id"], ag.body["id"]);
    let bad = root
        .post(
            "/api/v1/tenants",
            json!({ "name": "X", "kind": "customer", "plan_code": "nope" }),
        )
        .await;
    assert_eq!(bad.code(), "validation_failed");
    let nested = root
        .post(
            "/api/v1/tenants",
            json!({ "name": "X", "kind": "customer", "parent_id": id_of(&direct.body) }),
        )
        .await;
    assert_eq!(nested.code(), "validation_failed");
    let list = root.get("/api/v1/tenants?kind=customer&q=Co").await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(2));
    let page = root.get("/api/v1/tenants?limit=1").await;
    assert_eq!(page.body["items"].as_array().map(Vec::len), Some(1));
    let next = page.body["next_cursor"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let page2 = root
        .get(&format!("/api/v1/tenants?limit=1&cursor={next}"))
        .await;
    assert_ne!(page2.body["items"][0]["id"], page.body["items"][0]["id"]);

    assert_eq!(root.switch_to(id_of(&ag.body)).await.status, StatusCode::OK);
    let agency_admin = app.member(&root, Some("agency_admin"), None).await;
    let c = agency_admin
        .post(
            "/api/v1/tenants",
            json!({ "name": "Agency Customer", "kind": "customer" }),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    let no_agency = agency_admin
        .post(
            "/api/v1/tenants",
            json!({ "name": "Sub agency", "kind": "agency" }),
        )
        .await;
    assert_eq!(no_agency.code(), "validation_failed");
    let mine = agency_admin.get("/api/v1/tenants").await;
    let names: Vec<&str> = mine.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, vec!["Agency Customer", "Under Co"]);
    let sw = agency_admin.switch_to(id_of(&c.body)).await;
    assert_eq!(sw.status, StatusCode::OK);
    assert_eq!(sw.body["tenant"]["name"], "Agency Customer");
    let other = agency_admin.switch_to(id_of(&direct.body)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn suspending_a_tenant_ends_its_sessions_and_keys_until_reactivated() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let key = app.api_key(&cust.admin, &["users:read"]).await;
    assert_eq!(key.get("/api/v1/users").await.status, StatusCode::OK);
    let root = app.platform_admin().await;
    let s = root
        .post(
            &format!("/api/v1/tenants/{}/suspend", cust.tenant_id),
            json!({}),
        )
        .await;
    assert_eq!(s.body["status"], "suspended", "{:?}", s.body);
    assert_eq!(
        cust.admin.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(key.get("/api/v1/users").await.code(), "tenant_suspended");
    let login = app
        .client()
        .post(
            "/api/v1/auth/login",
            json!({ "email": cust.email, "password": switchboard_test_support::PASSWORD }),
        )
        .await;
    assert_eq!(login.code(), "tenant_suspended");
    root.post(
        &format!("/api/v1/tenants/{}/reactivate", cust.tenant_id),
        json!({}),
    )
    .await;
    assert_eq!(key.get("/api/v1/users").await.status, StatusCode::OK);
    let del = root
        .delete(&format!("/api/v1/tenants/{}", cust.tenant_id))
        .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    assert_eq!(
        root.get(&format!("/api/v1/tenants/{}", cust.tenant_id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let own = root
        .post(
            &format!("/api/v1/tenants/{}/suspend", app.state.platform_id),
            json!({}),
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn plans_are_data_and_custom_plans_can_be_added() {
    let app = spawn_app().await;
    let root = app.platform_admin().await;
    let plans = root.get("/api/v1/plans").await;
    let codes: Vec<&str> = plans
        .body
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["code"].as_str())
        .collect();
    for c in ["starter", "professional", "enterprise", "custom"] {
        assert!(codes.contains(&c), "{codes:?}");
    }
    let q = json!({ "agents": 1, "phone_numbers": 1, "concurrent_calls": 1, "included_minutes": 10, "knowledge_storage_mb": 5, "seats": 1 });
    let p = root
        .post(
            "/api/v1/plans",
            json!({ "code": "tiny", "name": "Tiny", "quotas": q }),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    let dup = root
        .post(
            "/api/v1/plans",
            json!({ "code": "tiny", "name": "Tiny", "quotas": q }),
        )
        .await;
    assert_eq!(dup.code(), "plan_code_taken");
    let cust = app.customer().await;
    let moved = root
        .patch(
            &format!("/api/v1/tenants/{}", cust.tenant_id),
            json!({ "plan_code": "tiny" }),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    let full = cust
        .admin
        .post(
            "/api/v1/invitations",
            json!({ "email": "one@example.test", "role": "customer_user" }),
        )
        .await;
    assert_eq!(
        full.code(),
        "quota_exceeded",
        "one seat, already taken by the owner"
    );
    let settings = cust.admin.get("/api/v1/tenant").await;
    assert_eq!(settings.body["plan"]["code"], "tiny");
    assert_eq!(settings.body["usage"]["seats"], 1);
}

#[actix_web::test]
async fn branding_is_resolved_from_the_host_and_inherited_from_the_agency() {
    let app = spawn_app_with(&[("SWITCHBOARD__SERVER__BASE_DOMAIN", "voice.test")]).await;
    let root = app.platform_admin().await;
    let ag = root
        .post(
            "/api/v1/tenants",
            json!({ "name": "Brand Agency", "kind": "agency" }),
        )
        .await;
    let cust = root
        .post(
            "/api/v1/tenants",
            json!({ "name": "Brand Customer", "kind": "customer", "parent_id": id_of(&ag.body) }),
        )
        .await;
    root.switch_to(id_of(&ag.body)).await;
    let put = root.put("/api/v1/tenant/branding", json!({ "app_name": "Acme Voice", "primary_color": "#FF5500", "support_email": "help@acme.test" })).await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
    let bad = root
        .put(
            "/api/v1/tenant/branding",
            json!({ "primary_color": "orange" }),
        )
        .await;
    assert_eq!(bad.code(), "validation_failed");
    let host = format!(
        "{}.voice.test",
        cust.body["slug"].as_str().unwrap_or_default()
    );
    let b = app
        .client()
        .raw(Method::GET, "/api/v1/branding")
        .header("host", host)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let b: serde_json::Value = b.json().await.unwrap_or_default();
    assert_eq!(b["app_name"], "Acme Voice");
    assert_eq!(b["primary_color"], "#ff5500");
    assert_eq!(b["tenant_id"], cust.body["id"]);
    let plain = app.client().get("/api/v1/branding").await;
    assert_eq!(plain.body["app_name"], "Switchboard");
    let dom = root
        .post(
            "/api/v1/tenant/domains",
            json!({ "domain": "calls.acme.example" }),
        )
        .await;
    assert_eq!(dom.status, StatusCode::CREATED);
    let taken = root
        .post(
            "/api/v1/tenant/domains",
            json!({ "domain": "CALLS.acme.example" }),
        )
        .await;
    assert_eq!(taken.code(), "domain_taken");
    let unverified = app
        .client()
        .raw(Method::GET, "/api/v1/branding")
        .header("host", "calls.acme.example")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let unverified: serde_json::Value = unverified.json().await.unwrap_or_default();
    assert_eq!(
        unverified["app_name"], "Switchboard",
        "an unverified domain serves nothing"
    );
    root.post(
        &format!("/api/v1/tenant/domains/{}/verify", id_of(&dom.body)),
        json!({}),
    )
    .await;
    let verified = app
        .client()
        .raw(Method::GET, "/api/v1/branding")
        .header("host", "calls.acme.example")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let verified: serde_json::Value = verified.json().await.unwrap_or_default();
    assert_eq!(verified["app_name"], "Acme Voice");
}

#[actix_web::test]
async fn the_demo_data_loads_twice_and_gives_acme_a_working_line() {
    let app = switchboard_test_support::spawn_app().await;
    let first = switchboard_server::demo::load(&app.state).await;
    assert!(first.is_ok(), "{first:?}");
    let again = switchboard_server::demo::load(&app.state).await;
    assert!(again.is_ok(), "{again:?}");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let n = switchboard_db::entity::phone_number::Entity::find()
            .filter(switchboard_db::entity::phone_number::Column::E164.eq("+12125550123"))
            .all(&app.state.db)
            .await
            .unwrap_or_default();
        assert_eq!(n.len(), 1, "one line, however often the demo loads");
        if n[0].status == "active" {
            assert!(n[0].agent_id.is_some());
            let bal = switchboard_billing::ledger::balance(&app.state.db, n[0].tenant_id).await;
            assert_eq!(bal.ok(), Some(100), "demo credits, once");
            break;
        }
        assert!(
            std::time::Instant::now() < end,
            "the demo line never became active"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
