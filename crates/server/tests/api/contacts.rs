//! Caller lookup by phone number and the tenant's caller defaults.

use reqwest::StatusCode;
use serde_json::json;
use switchboard_test_support::spawn_app;

#[actix_web::test]
async fn a_number_is_looked_up_in_e164_and_unknown_callers_get_the_defaults() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let empty = cust.admin.get("/api/v1/contacts/defaults").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(empty.body, json!({ "name": null, "variables": {} }));
    let put = cust
        .admin
        .put(
            "/api/v1/contacts/defaults",
            json!({ "name": "  friend  ", "variables": { "tier": "standard", "contact.language": "de" } }),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
    assert_eq!(put.body["name"], "friend");

    let key = app.api_key(&cust.admin, &["contacts:read"]).await;
    for (q, e164) in [
        ("phone=%2B43%201%205123456", "+4315123456"),
        ("phone=(415)%20555-2671&region=us", "+14155552671"),
    ] {
        let r = key.get(&format!("/api/v1/contacts/lookup?{q}")).await;
        assert_eq!(r.status, StatusCode::OK, "{q}: {:?}", r.body);
        assert_eq!(r.body["phone"], e164);
        assert_eq!(r.body["found"], false);
        assert_eq!(r.body["name"], "friend");
        assert_eq!(r.body["variables"]["contact.language"], "de");
    }
    let bad = key.get("/api/v1/contacts/lookup?phone=12345").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{:?}", bad.body);
    assert_eq!(bad.code(), "validation_failed");
    assert!(bad.body["error"]["details"]["fields"]["phone"].is_array());
    let missing = key.get("/api/v1/contacts/lookup").await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);

    // Another tenant sees its own defaults only.
    let other = app.customer().await;
    let r = other
        .admin
        .get("/api/v1/contacts/lookup?phone=%2B14155552671")
        .await;
    assert_eq!(r.body["name"], serde_json::Value::Null);
    assert_eq!(r.body["variables"], json!({}));
}

#[actix_web::test]
async fn bad_defaults_name_the_field_and_change_nothing() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let ok = json!({ "name": "friend", "variables": { "tier": "gold" } });
    cust.admin
        .put("/api/v1/contacts/defaults", ok.clone())
        .await;
    let too_many: serde_json::Map<String, serde_json::Value> =
        (0..51).map(|i| (format!("v{i}"), json!("x"))).collect();
    for (body, field) in [
        (json!({ "variables": { "1st": "x" } }), "variables"),
        (
            json!({ "variables": { "ok": "x".repeat(1001) } }),
            "variables",
        ),
        (json!({ "variables": too_many }), "variables"),
        (json!({ "name": "n".repeat(201) }), "name"),
    ] {
        let r = cust.admin.put("/api/v1/contacts/defaults", body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);
        assert!(
            r.body["error"]["details"]["fields"][field].is_array(),
            "{:?}",
            r.body
        );
    }
    let wrong_type = cust
        .admin
        .put(
            "/api/v1/contacts/defaults",
            json!({ "variables": { "a": 1 } }),
        )
        .await;
    assert_eq!(wrong_type.status, StatusCode::BAD_REQUEST);
    assert_eq!(cust.admin.get("/api/v1/contacts/defaults").await.body, ok);
    // A role with contacts:read only can read them, not change them.
    let role = cust
        .admin
        .post(
            "/api/v1/roles",
            json!({ "name": "reader", "permissions": ["contacts:read"] }),
        )
        .await;
    let reader = app
        .member(
            &cust.admin,
            None,
            Some(switchboard_test_support::id_of(&role.body)),
        )
        .await;
    assert_eq!(reader.get("/api/v1/contacts/defaults").await.body, ok);
    let r = reader.put("/api/v1/contacts/defaults", ok.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
}
