//! Credits: the sign-up bonus, the ledger, adjustments applied once, concurrency.

use reqwest::{Method, StatusCode};
use serde_json::json;
use switchboard_billing::ledger::{self, EntryType};
use switchboard_test_support::spawn_app;

#[actix_web::test]
async fn a_registered_tenant_starts_with_fifteen_credits() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let c = cust.admin.get("/api/v1/credits").await;
    assert_eq!(c.status, StatusCode::OK, "{:?}", c.body);
    assert_eq!(c.body["balance"], 15);
    assert_eq!(c.body["low_balance"], false);
    let l = cust.admin.get("/api/v1/credits/ledger").await;
    assert_eq!(l.body["items"][0]["entry_type"], "bonus");
    assert_eq!(l.body["items"][0]["balance_after"], 15);
    let user = app.member(&cust.admin, Some("customer_user"), None).await;
    assert_eq!(
        user.get("/api/v1/credits").await.status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn platform_adjustments_are_audited_and_apply_once_per_idempotency_key() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let root = app.platform_admin().await;
    let send = |key: &'static str, amount: i64| {
        let root = &root;
        let tenant = cust.tenant_id;
        async move {
            let res = root
                .raw(Method::POST, "/api/v1/admin/credit-adjustments")
                .header("x-csrf-token", root.csrf.clone().unwrap_or_default())
                .header("idempotency-key", key)
                .json(&json!({ "tenant_id": tenant, "amount": amount, "reason": "goodwill after outage" }))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            (
                res.status(),
                res.json::<serde_json::Value>().await.unwrap_or_default(),
            )
        }
    };
    let (s1, b1) = send("k-1", -12).await;
    assert_eq!(s1, StatusCode::CREATED, "{b1}");
    assert_eq!(b1["entry"]["balance_after"], 3);
    let (s2, b2) = send("k-1", -12).await;
    assert_eq!(s2, StatusCode::OK);
    assert_eq!(b2["created"], false);
    let c = cust.admin.get("/api/v1/credits").await;
    assert_eq!(c.body["balance"], 3);
    assert_eq!(c.body["low_balance"], true);
    let log = cust
        .admin
        .get("/api/v1/audit-log?action=credits.adjusted")
        .await;
    assert_eq!(log.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        log.body["items"][0]["details"]["reason"],
        "goodwill after outage"
    );
    let no_reason = root
        .post(
            "/api/v1/admin/credit-adjustments",
            json!({ "tenant_id": cust.tenant_id, "amount": 5, "reason": " " }),
        )
        .await;
    assert_eq!(no_reason.code(), "validation_failed");
    assert_eq!(
        cust.admin
            .post(
                "/api/v1/admin/credit-adjustments",
                json!({ "tenant_id": cust.tenant_id, "amount": 5, "reason": "x" })
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn the_same_source_applied_concurrently_charges_once() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let db = app.state.db.clone();
        let tenant = cust.tenant_id;
        tasks.push(actix_web::rt::spawn(async move {
            ledger::apply(
                &db,
                tenant,
                EntryType::Usage,
                -3,
                "call:same-call",
                "Call, 2:13",
                None,
            )
            .await
            .map(|a| a.created)
        }));
    }
    let mut created = 0;
    for t in tasks {
        if t.await.ok().and_then(Result::ok) == Some(true) {
            created += 1;
        }
    }
    assert_eq!(created, 1);
    assert_eq!(
        ledger::balance(&app.state.db, cust.tenant_id).await.ok(),
        Some(12)
    );
    let l = cust.admin.get("/api/v1/credits/ledger").await;
    assert_eq!(l.body["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(l.body["items"][0]["balance_after"], 12);
}
