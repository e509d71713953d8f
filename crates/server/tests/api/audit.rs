//! The audit log: written for changes, filtered, paginated; support reads are audited.

use reqwest::StatusCode;
use serde_json::json;
use switchboard_test_support::spawn_app;

#[actix_web::test]
async fn changes_are_written_to_the_tenants_audit_log_with_who_and_where() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    cust.admin
        .post(
            "/api/v1/invitations",
            json!({ "email": "aud@example.test", "role": "customer_user" }),
        )
        .await;
    cust.admin
        .post(
            "/api/v1/roles",
            json!({ "name": "R", "permissions": ["users:read"] }),
        )
        .await;
    let log = cust.admin.get("/api/v1/audit-log").await;
    assert_eq!(log.status, StatusCode::OK);
    let actions: Vec<&str> = log.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"user.invited") && actions.contains(&"role.created"),
        "{actions:?}"
    );
    let entry = &log.body["items"][0];
    assert_eq!(entry["actor_type"], "user");
    assert_eq!(entry["actor_label"], cust.email);
    assert_eq!(entry["ip"], "127.0.0.1");
    let filtered = cust.admin.get("/api/v1/audit-log?action=user.").await;
    assert!(
        filtered.body["items"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|e| e["action"].as_str().is_some_and(|a| a.starts_with("user.")))
    );
    let paged = cust.admin.get("/api/v1/audit-log?limit=1").await;
    assert!(paged.body["next_cursor"].is_string());
    let other = app.customer().await;
    let theirs = other.admin.get("/api/v1/audit-log").await;
    assert!(
        theirs.body["items"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|e| e["tenant_id"] == other.tenant_id.to_string())
    );
}

#[actix_web::test]
async fn support_reads_any_tenant_cannot_write_and_every_read_is_audited() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let root = app.platform_admin().await;
    let support = app.member(&root, Some("support"), None).await;
    let sw = support.switch_to(cust.tenant_id).await;
    assert_eq!(sw.status, StatusCode::OK, "{:?}", sw.body);
    assert_eq!(support.get("/api/v1/users").await.status, StatusCode::OK);
    let write = support
        .post(
            "/api/v1/invitations",
            json!({ "email": "x@example.test", "role": "customer_user" }),
        )
        .await;
    assert_eq!(write.status, StatusCode::FORBIDDEN);
    let log = cust
        .admin
        .get("/api/v1/audit-log?action=support.read")
        .await;
    let entry = &log.body["items"][0];
    assert_eq!(
        entry["details"]["request"], "GET /api/v1/users",
        "{:?}",
        log.body
    );
    let platform = root
        .get(&format!(
            "/api/v1/admin/audit-log?tenant_id={}",
            cust.tenant_id
        ))
        .await;
    assert_eq!(platform.status, StatusCode::OK);
    assert!(
        platform.body["items"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
    assert_eq!(
        cust.admin.get("/api/v1/admin/audit-log").await.status,
        StatusCode::FORBIDDEN
    );
}
