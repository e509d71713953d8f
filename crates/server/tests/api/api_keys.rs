//! API keys: shown once, hashed, scoped, expiring, revocable.

use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::json;
use switchboard_test_support::{Client, id_of, spawn_app};

#[actix_web::test]
async fn a_key_works_as_a_bearer_token_within_its_scopes_until_revoked() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let r = cust
        .admin
        .post(
            "/api/v1/api-keys",
            json!({ "name": "CRM", "scopes": ["users:read"] }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let secret = r.body["secret"].as_str().unwrap_or_default().to_string();
    assert!(secret.starts_with(r.body["api_key"]["prefix"].as_str().unwrap_or("?")));
    let stored = switchboard_db::entity::api_key::Entity::find_by_id(id_of(&r.body["api_key"]))
        .one(&app.state.db)
        .await
        .ok()
        .flatten();
    assert!(
        stored.is_some_and(|k| k.secret_hash != secret && !k.secret_hash.contains(&secret[12..])),
        "stored hashed"
    );
    let key = Client::with_key(&app.address, &secret);
    assert_eq!(key.get("/api/v1/users").await.status, StatusCode::OK);
    assert_eq!(
        key.get("/api/v1/api-keys").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        key.post(
            "/api/v1/invitations",
            json!({ "email": "k@example.test", "role": "customer_user" })
        )
        .await
        .status,
        StatusCode::FORBIDDEN,
        "no CSRF needed, but scopes apply"
    );
    let listed = cust.admin.get("/api/v1/api-keys").await;
    assert!(listed.body["items"][0]["last_used_at"].is_string());
    assert!(listed.body["items"][0].get("secret").is_none());
    let id = id_of(&r.body["api_key"]);
    assert_eq!(
        cust.admin
            .delete(&format!("/api/v1/api-keys/{id}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(key.get("/api/v1/users").await.code(), "api_key_invalid");
    let forged = Client::with_key(&app.address, &format!("{}x", &secret[..secret.len() - 1]));
    assert_eq!(
        forged.get("/api/v1/users").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn keys_cannot_exceed_their_creators_rights_and_expire() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let too_much = cust
        .admin
        .post(
            "/api/v1/api-keys",
            json!({ "name": "x", "scopes": ["system:write"] }),
        )
        .await;
    assert_eq!(too_much.code(), "validation_failed");
    let past = cust
        .admin
        .post(
            "/api/v1/api-keys",
            json!({ "name": "x", "scopes": ["users:read"], "expires_at": "2020-01-01T00:00:00Z" }),
        )
        .await;
    assert_eq!(past.code(), "validation_failed");
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(1)).to_rfc3339();
    let r = cust
        .admin
        .post(
            "/api/v1/api-keys",
            json!({ "name": "short", "scopes": ["users:read"], "expires_at": soon }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let key = Client::with_key(&app.address, r.body["secret"].as_str().unwrap_or_default());
    let expired =
        switchboard_test_support::eventually(std::time::Duration::from_secs(5), || async {
            key.get("/api/v1/users").await.status == StatusCode::UNAUTHORIZED
        })
        .await;
    assert!(expired);
    let me = key.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}
