//! The error envelope, for domain errors and framework rejections alike (snapshots).

use reqwest::{Method, StatusCode};
use serde_json::json;
use switchboard_test_support::{PASSWORD, redact, spawn_app, spawn_app_with};

async fn raw_json(
    res: reqwest::Response,
) -> (StatusCode, serde_json::Value, reqwest::header::HeaderMap) {
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.json().await.unwrap_or(serde_json::Value::Null);
    (status, body, headers)
}

#[actix_web::test]
async fn framework_rejections_use_the_envelope() {
    let app = spawn_app_with(&[("SWITCHBOARD__SERVER__MAX_JSON_BYTES", "2048")]).await;
    let c = app.client();
    let (s, body, h) = raw_json(
        c.raw(Method::GET, "/api/v1/does-not-exist")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(h.get("x-request-id").is_some());
    assert_eq!(
        body["error"]["request_id"].as_str(),
        h.get("x-request-id").and_then(|v| v.to_str().ok())
    );
    insta::assert_json_snapshot!("unknown_route", redact(body));

    let (s, body, _) = raw_json(
        c.raw(Method::POST, "/api/v1/auth/login")
            .header("content-type", "application/json")
            .body("{\"email\": ")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    insta::assert_json_snapshot!("malformed_json", redact(body));

    let big = json!({ "email": "x".repeat(5000), "password": "y" });
    let (s, body, _) = raw_json(
        c.raw(Method::POST, "/api/v1/auth/login")
            .json(&big)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    insta::assert_json_snapshot!("payload_too_large", redact(body));

    let (s, body, _) = raw_json(
        c.raw(Method::POST, "/api/v1/auth/login")
            .header("content-type", "text/plain")
            .body("hi")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    insta::assert_json_snapshot!("unsupported_media_type", redact(body));

    let (s, body, _) = raw_json(
        c.raw(Method::DELETE, "/api/v1/auth/login")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .await;
    assert!(
        s == StatusCode::METHOD_NOT_ALLOWED || s == StatusCode::NOT_FOUND,
        "{s}"
    );
    assert!(body["error"]["code"].is_string(), "{body}");

    let (s, body, _) = raw_json(
        c.raw(Method::GET, "/health/detailed")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    insta::assert_json_snapshot!("unauthenticated", redact(body));
}

#[actix_web::test]
async fn bad_query_strings_and_ids_use_the_envelope() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let r = cust.admin.get("/api/v1/users?limit=1000").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    insta::assert_json_snapshot!("limit_out_of_range", redact(r.body));
    let r = cust.admin.get("/api/v1/users?limit=abc").await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );
    let r = cust.admin.get("/api/v1/users?cursor=bogus").await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );
    let r = cust.admin.get("/api/v1/users/not-a-uuid").await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "not_found"));
}

#[actix_web::test]
async fn domain_errors_use_the_envelope() {
    let app = spawn_app().await;
    let c = app.client();
    let r = c.post("/api/v1/auth/register", json!({ "company_name": "A", "name": "A", "email": "w@example.test", "password": "short" })).await;
    insta::assert_json_snapshot!("weak_password", redact(r.body));
    let r = c
        .post(
            "/api/v1/auth/login",
            json!({ "email": "nobody@example.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    insta::assert_json_snapshot!("invalid_credentials", redact(r.body));
    let cust = app.customer().await;
    let user = app.member(&cust.admin, Some("customer_user"), None).await;
    let r = user.get("/api/v1/api-keys").await;
    insta::assert_json_snapshot!("forbidden", redact(r.body));
}

#[actix_web::test]
async fn every_response_carries_security_headers() {
    let app = spawn_app().await;
    let res = app
        .client()
        .raw(Method::GET, "/health")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let h = res.headers();
    for name in [
        "x-content-type-options",
        "content-security-policy",
        "cross-origin-opener-policy",
        "cross-origin-resource-policy",
        "permissions-policy",
        "x-request-id",
        "referrer-policy",
    ] {
        assert!(h.get(name).is_some(), "missing {name}");
    }
    let csp = h
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(csp.contains("frame-ancestors 'none'"));
    let pp = h
        .get("permissions-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(pp.contains("microphone=(self)"));
    let given = app
        .client()
        .raw(Method::GET, "/health")
        .header("x-request-id", "trace-123")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        given
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("trace-123")
    );
}

#[actix_web::test]
async fn health_details_need_an_admin_or_the_internal_token() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    assert_eq!(
        cust.admin.get("/health/detailed").await.status,
        StatusCode::FORBIDDEN
    );
    let root = app.platform_admin().await;
    let r = root.get("/health/detailed").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["database"], "ok");
    assert!(r.body["uptime_seconds"].is_u64());
    let tok = app
        .client()
        .raw(Method::GET, "/health/detailed")
        .bearer_auth("internal-test-token")
        .send()
        .await
        .map(|r| r.status())
        .ok();
    assert_eq!(tok, Some(StatusCode::OK));
}

#[actix_web::test]
async fn swagger_ui_and_the_openapi_document_are_served() {
    let app = spawn_app().await;
    let c = app.client();
    let doc = c.get("/api/v1/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    assert_eq!(doc.body["openapi"], "3.1.0");
    let ui = c
        .raw(Method::GET, "/docs/")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ui.status(), StatusCode::OK);
    assert!(ui.text().await.unwrap_or_default().contains("swagger"));
}
