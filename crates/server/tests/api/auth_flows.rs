//! Registration, verification, sign-in, sessions, CSRF, passwords and throttling.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use switchboard_auth::tokens::Purpose;
use switchboard_db::entity::{tenant, user};
use switchboard_test_support::{PASSWORD, TestApp, spawn_app, spawn_app_with};

async fn counts(app: &TestApp) -> (u64, u64) {
    (
        user::Entity::find().count(&app.state.db).await.unwrap_or(0),
        tenant::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap_or(0),
    )
}

#[actix_web::test]
async fn registering_verifying_and_signing_in_works_end_to_end() {
    let app = spawn_app().await;
    let c = app.client();
    let r = c.post("/api/v1/auth/register", json!({ "company_name": "Acme", "name": "Jo", "email": "Jo@Example.test", "password": PASSWORD })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["email"], "jo@example.test");
    let early = c
        .post(
            "/api/v1/auth/login",
            json!({ "email": "jo@example.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(
        (early.status, early.code()),
        (StatusCode::FORBIDDEN, "email_not_verified")
    );
    let token = app.token_from_email("jo@example.test").await;
    let v = c
        .post("/api/v1/auth/verify-email", json!({ "token": token }))
        .await;
    assert_eq!(v.status, StatusCode::OK, "{:?}", v.body);
    let again = c
        .post("/api/v1/auth/verify-email", json!({ "token": token }))
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::BAD_REQUEST, "token_used")
    );
    let mut c = app.client();
    let me = c.login("jo@example.test", PASSWORD).await;
    assert_eq!(me["role"], "customer_admin");
    assert_eq!(me["tenant"]["name"], "Acme");
    assert_eq!(me["tenant"]["kind"], "customer");
    assert!(
        me["permissions"]
            .as_array()
            .is_some_and(|p| p.iter().any(|x| x == "users:write"))
    );
    let me2 = c.get("/api/v1/me").await;
    assert_eq!(me2.status, StatusCode::OK);
    assert_eq!(me2.body["csrf_token"], me["csrf_token"]);
    let log = c.get("/api/v1/audit-log").await;
    let actions: Vec<&str> = log.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for a in ["tenant.registered", "user.email_verified", "user.signed_in"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

#[actix_web::test]
async fn bad_registrations_answer_clearly_and_change_nothing() {
    let app = spawn_app().await;
    let c = app.client();
    let first = c.post("/api/v1/auth/register", json!({ "company_name": "A", "name": "A", "email": "dup@example.test", "password": PASSWORD })).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let before = counts(&app).await;
    let cases = [
        (
            json!({ "company_name": "B", "name": "B", "email": "DUP@example.test", "password": PASSWORD }),
            StatusCode::CONFLICT,
            "email_taken",
        ),
        (
            json!({ "company_name": "B", "name": "B", "email": "new@example.test", "password": "short" }),
            StatusCode::BAD_REQUEST,
            "weak_password",
        ),
        (
            json!({ "company_name": "B", "name": "B", "email": "new@example.test", "password": "password123" }),
            StatusCode::BAD_REQUEST,
            "weak_password",
        ),
        (
            json!({ "company_name": "B", "name": "B", "email": "not-an-email", "password": PASSWORD }),
            StatusCode::BAD_REQUEST,
            "validation_failed",
        ),
        (
            json!({ "company_name": "", "name": "B", "email": "new2@example.test", "password": PASSWORD }),
            StatusCode::BAD_REQUEST,
            "validation_failed",
        ),
        (
            json!({ "name": "B", "email": "new3@example.test", "password": PASSWORD }),
            StatusCode::BAD_REQUEST,
            "validation_failed",
        ),
    ];
    for (body, status, code) in cases {
        let r = c.post("/api/v1/auth/register", body.clone()).await;
        assert_eq!((r.status, r.code()), (status, code), "{body}: {:?}", r.body);
    }
    assert_eq!(counts(&app).await, before);
}

#[actix_web::test]
async fn expired_and_forged_tokens_are_refused() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let uid = cust.admin.get("/api/v1/me").await.body["user"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let expired = app
        .state
        .auth
        .issue_token(
            Purpose::VerifyEmail,
            &uid,
            &cust.email,
            Duration::seconds(-5),
        )
        .unwrap_or_default();
    let c = app.client();
    let r = c
        .post("/api/v1/auth/verify-email", json!({ "token": expired }))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "token_expired")
    );
    let wrong_purpose = app
        .state
        .auth
        .issue_token(Purpose::ResetPassword, &uid, "x", Duration::hours(1))
        .unwrap_or_default();
    let r = c
        .post(
            "/api/v1/auth/verify-email",
            json!({ "token": wrong_purpose }),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "token_invalid")
    );
    let r = c
        .post(
            "/api/v1/auth/reset-password",
            json!({ "token": "garbage", "password": "another-good-pass-1" }),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "token_invalid")
    );
}

#[actix_web::test]
async fn a_password_reset_works_once_and_ends_every_session() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let r = app
        .client()
        .post(
            "/api/v1/auth/forgot-password",
            json!({ "email": cust.email }),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let unknown = app
        .client()
        .post(
            "/api/v1/auth/forgot-password",
            json!({ "email": "nobody@example.test" }),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::ACCEPTED,
        "no account enumeration"
    );
    let token = app.token_from_email(&cust.email).await;
    let weak = app
        .client()
        .post(
            "/api/v1/auth/reset-password",
            json!({ "token": token, "password": "12345678" }),
        )
        .await;
    assert_eq!(weak.code(), "weak_password");
    let ok = app
        .client()
        .post(
            "/api/v1/auth/reset-password",
            json!({ "token": token, "password": "brand-new-secret-7" }),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{:?}", ok.body);
    let reuse = app
        .client()
        .post(
            "/api/v1/auth/reset-password",
            json!({ "token": token, "password": "yet-another-one-8" }),
        )
        .await;
    assert_eq!(
        (reuse.status, reuse.code()),
        (StatusCode::BAD_REQUEST, "token_used")
    );
    assert_eq!(
        cust.admin.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED,
        "old session must be gone"
    );
    let old = app
        .client()
        .post(
            "/api/v1/auth/login",
            json!({ "email": cust.email, "password": PASSWORD }),
        )
        .await;
    assert_eq!(old.code(), "invalid_credentials");
    app.client().login(&cust.email, "brand-new-secret-7").await;
}

#[actix_web::test]
async fn changing_the_password_keeps_this_session_and_ends_the_others() {
    let app = spawn_app().await;
    let mut cust = app.customer().await;
    let mut other = app.client();
    other.login(&cust.email, PASSWORD).await;
    let wrong = cust
        .admin
        .post(
            "/api/v1/auth/change-password",
            json!({ "current_password": "nope-nope-nope", "new_password": "fresh-password-9" }),
        )
        .await;
    assert_eq!(wrong.code(), "validation_failed");
    let r = cust
        .admin
        .post(
            "/api/v1/auth/change-password",
            json!({ "current_password": PASSWORD, "new_password": "fresh-password-9" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    cust.admin.csrf = r.body["csrf_token"].as_str().map(String::from);
    assert_eq!(cust.admin.get("/api/v1/me").await.status, StatusCode::OK);
    assert_eq!(
        other.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn signing_out_and_signing_out_everywhere_revoke_sessions_server_side() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let mut second = app.client();
    second.login(&cust.email, PASSWORD).await;
    let out = second.post("/api/v1/auth/logout", json!({})).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(
        second.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    let mut third = app.client();
    third.login(&cust.email, PASSWORD).await;
    let all = cust.admin.post("/api/v1/auth/logout-all", json!({})).await;
    assert_eq!(all.status, StatusCode::NO_CONTENT);
    assert_eq!(
        third.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        cust.admin.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn the_session_id_changes_at_sign_in() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let c = app.client();
    let a = c
        .post(
            "/api/v1/auth/login",
            json!({ "email": cust.email, "password": PASSWORD }),
        )
        .await;
    let b = c
        .post(
            "/api/v1/auth/login",
            json!({ "email": cust.email, "password": PASSWORD }),
        )
        .await;
    let cookie = |r: &switchboard_test_support::Res| {
        r.headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        cookie(&a).contains("sb_session=")
            && cookie(&a).contains("HttpOnly")
            && cookie(&a).contains("SameSite=Lax"),
        "{}",
        cookie(&a)
    );
    assert_ne!(cookie(&a), cookie(&b));
}

#[actix_web::test]
async fn cookie_writes_need_the_csrf_token_and_an_allowed_origin() {
    let app = spawn_app().await;
    let mut cust = app.customer().await;
    let token = cust.admin.csrf.take();
    let r = cust
        .admin
        .post("/api/v1/roles", json!({ "name": "x", "permissions": [] }))
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "csrf_failed"));
    cust.admin.csrf = Some("wrong".into());
    let r = cust
        .admin
        .post("/api/v1/roles", json!({ "name": "x", "permissions": [] }))
        .await;
    assert_eq!(r.code(), "csrf_failed");
    cust.admin.csrf = token;
    let evil = cust
        .admin
        .raw(Method::POST, "/api/v1/roles")
        .header("origin", "https://evil.example")
        .header("x-csrf-token", cust.admin.csrf.clone().unwrap_or_default())
        .json(&json!({ "name": "x", "permissions": [] }))
        .send()
        .await;
    assert_eq!(evil.map(|r| r.status()).ok(), Some(StatusCode::FORBIDDEN));
    let roles = cust.admin.get("/api/v1/roles").await;
    assert_eq!(
        roles.body["custom"].as_array().map(Vec::len),
        Some(0),
        "refused writes changed nothing"
    );
    let good = cust
        .admin
        .raw(Method::POST, "/api/v1/roles")
        .header("origin", &app.address)
        .header("x-csrf-token", cust.admin.csrf.clone().unwrap_or_default())
        .json(&json!({ "name": "x", "permissions": [] }))
        .send()
        .await;
    assert_eq!(good.map(|r| r.status()).ok(), Some(StatusCode::CREATED));
}

#[actix_web::test]
async fn repeated_failures_are_throttled_with_retry_after_and_no_lockout() {
    let app = spawn_app_with(&[
        ("SWITCHBOARD__AUTH__MAX_FAILURES_PER_ACCOUNT", "3"),
        ("SWITCHBOARD__AUTH__THROTTLE_WINDOW_SECS", "2"),
    ])
    .await;
    let cust = app.customer().await;
    let c = app.client();
    for _ in 0..3 {
        let r = c
            .post(
                "/api/v1/auth/login",
                json!({ "email": cust.email, "password": "wrong-password-x" }),
            )
            .await;
        assert_eq!(r.code(), "invalid_credentials");
    }
    let r = c
        .post(
            "/api/v1/auth/login",
            json!({ "email": cust.email, "password": PASSWORD }),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    let retry: u64 = r
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=2).contains(&retry), "retry-after {retry}");
    let ok = switchboard_test_support::eventually(std::time::Duration::from_secs(5), || async {
        c.post(
            "/api/v1/auth/login",
            json!({ "email": cust.email, "password": PASSWORD }),
        )
        .await
        .status
            == StatusCode::OK
    })
    .await;
    assert!(ok, "the account must open again once the window passes");
}

#[actix_web::test]
async fn the_first_administrator_comes_from_a_one_time_setup_link() {
    let app = spawn_app_with(&[
        ("SWITCHBOARD__BOOTSTRAP__ADMIN_EMAIL", ""),
        ("SWITCHBOARD__BOOTSTRAP__ADMIN_PASSWORD", ""),
    ])
    .await;
    let c = app.client();
    assert_eq!(c.get("/api/v1/setup").await.body["needs_setup"], true);
    let bad = c.post("/api/v1/setup", json!({ "token": "nope", "email": "first@example.test", "name": "First", "password": PASSWORD })).await;
    assert_eq!(bad.code(), "token_invalid");
    let token = app
        .state
        .auth
        .issue_setup_token()
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let ok = c.post("/api/v1/setup", json!({ "token": token, "email": "first@example.test", "name": "First", "password": PASSWORD })).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{:?}", ok.body);
    let again = c.post("/api/v1/setup", json!({ "token": token, "email": "second@example.test", "name": "Second", "password": PASSWORD })).await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "setup_done")
    );
    let mut admin = app.client();
    let me = admin.login("first@example.test", PASSWORD).await;
    assert_eq!(me["role"], "platform_admin");
}

#[actix_web::test]
async fn signing_in_again_with_a_stale_session_cookie_works() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let mut c = app.client();
    c.login(&cust.email, PASSWORD).await;
    c.csrf = None;
    let again = c
        .post(
            "/api/v1/auth/login",
            json!({ "email": cust.email, "password": PASSWORD }),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
}
