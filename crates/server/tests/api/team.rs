//! Members, invitations, roles and seats.

use reqwest::StatusCode;
use serde_json::json;
use switchboard_test_support::{PASSWORD, id_of, spawn_app};

#[actix_web::test]
async fn an_invited_user_joins_with_the_role_and_sees_only_what_it_allows() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let user = app.member(&cust.admin, Some("customer_user"), None).await;
    let me = user.get("/api/v1/me").await;
    assert_eq!(me.body["role"], "customer_user");
    assert_eq!(me.body["tenant"]["id"], cust.tenant_id.to_string());
    assert_eq!(
        user.get("/api/v1/users").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        user.get("/api/v1/api-keys").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        user.get("/api/v1/plans").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(cust.admin.get("/api/v1/plans").await.status, StatusCode::OK);
    let members = cust.admin.get("/api/v1/users").await;
    assert_eq!(members.body["items"].as_array().map(Vec::len), Some(2));
}

#[actix_web::test]
async fn an_invitation_link_works_once_and_revoked_ones_not_at_all() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    cust.admin
        .post(
            "/api/v1/invitations",
            json!({ "email": "once@example.test", "role": "customer_user" }),
        )
        .await;
    let token = app.token_from_email("once@example.test").await;
    let look = app
        .client()
        .get(&format!("/api/v1/invitations/lookup?token={token}"))
        .await;
    assert_eq!(look.body["tenant_name"], "Test Co");
    assert_eq!(look.body["user_exists"], false);
    let a = app
        .client()
        .post(
            "/api/v1/invitations/accept",
            json!({ "token": token, "name": "Once", "password": PASSWORD }),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    let b = app
        .client()
        .post(
            "/api/v1/invitations/accept",
            json!({ "token": token, "name": "Once", "password": PASSWORD }),
        )
        .await;
    assert_eq!(b.code(), "token_used");
    let inv = cust
        .admin
        .post(
            "/api/v1/invitations",
            json!({ "email": "revoked@example.test", "role": "customer_user" }),
        )
        .await;
    let token = app.token_from_email("revoked@example.test").await;
    assert_eq!(
        cust.admin
            .delete(&format!("/api/v1/invitations/{}", id_of(&inv.body)))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let r = app
        .client()
        .post(
            "/api/v1/invitations/accept",
            json!({ "token": token, "name": "R", "password": PASSWORD }),
        )
        .await;
    assert_eq!(r.code(), "token_invalid");
    let dup = cust
        .admin
        .post(
            "/api/v1/invitations",
            json!({ "email": "once@example.test", "role": "customer_user" }),
        )
        .await;
    assert_eq!(
        (dup.status, dup.code()),
        (StatusCode::CONFLICT, "already_member")
    );
}

#[actix_web::test]
async fn accepting_with_an_existing_account_links_it_after_checking_its_password() {
    let app = spawn_app().await;
    let a = app.customer().await;
    let b = app.customer().await;
    b.admin
        .post(
            "/api/v1/invitations",
            json!({ "email": a.email, "role": "customer_user" }),
        )
        .await;
    let token = app.token_from_email(&a.email).await;
    let wrong = app
        .client()
        .post(
            "/api/v1/invitations/accept",
            json!({ "token": token, "password": "not-the-password" }),
        )
        .await;
    assert_eq!(wrong.code(), "invalid_credentials");
    let ok = app
        .client()
        .post(
            "/api/v1/invitations/accept",
            json!({ "token": token, "password": PASSWORD }),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert_eq!(ok.body["tenant"]["id"], b.tenant_id.to_string());
    assert_eq!(
        ok.body["can_switch_tenant"], true,
        "two memberships make a switcher"
    );
    let tenants = a.admin.get("/api/v1/me/tenants").await;
    assert_eq!(tenants.status, StatusCode::OK);
}

#[actix_web::test]
async fn seats_are_limited_by_the_plan_with_a_clear_error() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    // Starter: 3 seats = the owner + two more (members or pending invitations).
    for i in 0..2 {
        let r = cust
            .admin
            .post(
                "/api/v1/invitations",
                json!({ "email": format!("seat{i}@example.test"), "role": "customer_user" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    let r = cust
        .admin
        .post(
            "/api/v1/invitations",
            json!({ "email": "seat9@example.test", "role": "customer_user" }),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "quota_exceeded")
    );
    assert_eq!(r.body["error"]["details"]["limit"], "seats");
    assert!(
        app.last_email("seat9@example.test").await.is_none(),
        "nothing was sent"
    );
}

#[actix_web::test]
async fn roles_can_be_changed_and_suspension_ends_sessions_at_once() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let user = app.member(&cust.admin, Some("customer_user"), None).await;
    let uid = id_of(&user.get("/api/v1/me").await.body["user"]);
    let promoted = cust
        .admin
        .patch(
            &format!("/api/v1/users/{uid}"),
            json!({ "role": "customer_admin" }),
        )
        .await;
    assert_eq!(promoted.body["role"], "customer_admin");
    assert_eq!(
        user.get("/api/v1/users").await.status,
        StatusCode::OK,
        "new rights apply at once"
    );
    let bad = cust
        .admin
        .patch(
            &format!("/api/v1/users/{uid}"),
            json!({ "role": "platform_admin" }),
        )
        .await;
    assert_eq!(bad.code(), "validation_failed");
    let s = cust
        .admin
        .patch(
            &format!("/api/v1/users/{uid}"),
            json!({ "status": "suspended" }),
        )
        .await;
    assert_eq!(s.body["status"], "suspended");
    assert_eq!(
        user.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    let me_id = id_of(&cust.admin.get("/api/v1/me").await.body["user"]);
    let own = cust
        .admin
        .patch(
            &format!("/api/v1/users/{me_id}"),
            json!({ "status": "suspended" }),
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn custom_roles_grant_exactly_their_permissions() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let role = cust
        .admin
        .post(
            "/api/v1/roles",
            json!({ "name": "Auditor", "permissions": ["audit:read", "users:read"] }),
        )
        .await;
    assert_eq!(role.status, StatusCode::CREATED, "{:?}", role.body);
    let dup = cust
        .admin
        .post(
            "/api/v1/roles",
            json!({ "name": "Auditor", "permissions": [] }),
        )
        .await;
    assert_eq!(dup.code(), "role_name_taken");
    let platform_only = cust
        .admin
        .post(
            "/api/v1/roles",
            json!({ "name": "Sys", "permissions": ["system:write"] }),
        )
        .await;
    assert_eq!(platform_only.code(), "validation_failed");
    let auditor = app.member(&cust.admin, None, Some(id_of(&role.body))).await;
    assert_eq!(auditor.get("/api/v1/me").await.body["role"], "Auditor");
    assert_eq!(
        auditor.get("/api/v1/audit-log").await.status,
        StatusCode::OK
    );
    assert_eq!(
        auditor.get("/api/v1/api-keys").await.status,
        StatusCode::FORBIDDEN
    );
    let held = cust
        .admin
        .delete(&format!("/api/v1/roles/{}", id_of(&role.body)))
        .await;
    assert_eq!(
        held.code(),
        "validation_failed",
        "a role in use cannot be deleted"
    );
    let perms = cust.admin.get("/api/v1/permissions").await;
    assert!(perms.body.as_array().is_some_and(|p| p.len() >= 30));
}
