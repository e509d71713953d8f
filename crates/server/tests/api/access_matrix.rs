//! Negative tests generated from the route list: every protected operation answers 401 without
//! credentials and 403 to a member whose role holds no permission; every operation on a
//! tenant-owned resource answers 404 to another tenant's user and key. A new endpoint that is not
//! classified here makes these tests fail.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use switchboard_test_support::{Client, TestApp, id_of, spawn_app};
use uuid::Uuid;

/// Operations any authenticated principal may call (about oneself).
const SELF_SERVICE: &[&str] = &[
    "get_me",
    "list_my_tenants",
    "switch_tenant",
    "logout",
    "logout_all",
    "change_password",
    "list_permissions",
    "health_detailed",
];

/// Bodies for operations whose body has required fields (so the lookup, not the body, decides).
fn body_for(op_id: &str) -> Value {
    match op_id {
        "rollback_agent" => json!({ "version": 1 }),
        "send_chat_message" => json!({ "content": "hello" }),
        _ => json!({}),
    }
}

/// Operations on resources that belong to no tenant (global catalogue, platform staff only).
const NOT_TENANT_OWNED: &[&str] = &["update_plan", "get_outbox_message"];

struct Op {
    id: String,
    method: Method,
    path: String,
    public: bool,
}

fn operations() -> Vec<Op> {
    let doc = serde_json::to_value(switchboard_api::openapi_document()).unwrap_or(Value::Null);
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            ops.push(Op {
                id: op["operationId"].as_str().unwrap_or_default().to_string(),
                method: method.to_uppercase().parse().unwrap_or(Method::GET),
                path: path.clone(),
                public: op["security"].as_array().is_none_or(|s| s.is_empty()),
            });
        }
    }
    ops
}

fn concrete(path: &str, id: Uuid) -> String {
    path.replace("{id}", &id.to_string())
}

#[actix_web::test]
async fn protected_operations_refuse_anonymous_callers_with_401() {
    let app = spawn_app().await;
    let anon = app.client();
    for op in operations()
        .iter()
        .filter(|o| !o.public && o.id != "logout")
    {
        let r = anon
            .send(
                op.method.clone(),
                &concrete(&op.path, Uuid::now_v7()),
                Some(json!({})),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "{} {} answered {:?}",
            op.method,
            op.path,
            r.body
        );
        assert_eq!(r.code(), "unauthenticated", "{}", op.id);
    }
}

#[actix_web::test]
async fn a_role_without_the_permission_gets_403_on_every_permissioned_operation() {
    let app = spawn_app().await;
    let owner = app.customer().await;
    let role = owner
        .admin
        .post(
            "/api/v1/roles",
            json!({ "name": "nothing", "permissions": [] }),
        )
        .await;
    assert_eq!(role.status, StatusCode::CREATED, "{:?}", role.body);
    let nobody = app
        .member(&owner.admin, None, Some(id_of(&role.body)))
        .await;
    let mut checked = 0;
    for op in operations()
        .iter()
        .filter(|o| !o.public && !SELF_SERVICE.contains(&o.id.as_str()))
    {
        let before = audit_count(&app).await;
        let r = nobody
            .send(
                op.method.clone(),
                &concrete(&op.path, Uuid::now_v7()),
                Some(json!({})),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{} {} answered {:?}",
            op.method,
            op.path,
            r.body
        );
        assert_eq!(r.code(), "forbidden", "{}", op.id);
        assert_eq!(
            audit_count(&app).await,
            before,
            "{}: a refused request changed something",
            op.id
        );
        checked += 1;
    }
    assert!(checked >= 35, "only {checked} operations checked");
}

async fn audit_count(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    switchboard_db::entity::audit_log::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap_or(0)
}

/// Two unrelated customers, an agency each with a customer, and platform staff.
struct World {
    a: Client,
    a_key: Client,
    agency_a: Client,
    b_member: Uuid,
    b_invitation: Uuid,
    b_role: Uuid,
    b_key: Uuid,
    b_domain: Uuid,
    b_agency_customer: Uuid,
    b_agent: Uuid,
    b_chat: Uuid,
    b_call: Uuid,
    b_sync_run: Uuid,
    b_number: Uuid,
}

async fn world(app: &TestApp) -> World {
    let a = app.customer().await;
    let b = app.customer().await;
    let scopes = [
        "calls:read",
        "agents:read",
        "agents:write",
        "users:read",
        "users:write",
        "invitations:read",
        "invitations:write",
        "roles:read",
        "roles:write",
        "api_keys:read",
        "api_keys:write",
        "settings:read",
        "settings:write",
        "audit:read",
        "numbers:read",
        "numbers:write",
    ];
    let a_key = app.api_key(&a.admin, &scopes).await;
    let b_member = app.member(&b.admin, Some("customer_user"), None).await;
    let b_me = b_member.get("/api/v1/me").await;
    let inv = b
        .admin
        .post(
            "/api/v1/invitations",
            json!({ "email": "pending@example.test", "role": "customer_user" }),
        )
        .await;
    let role = b
        .admin
        .post(
            "/api/v1/roles",
            json!({ "name": "viewer", "permissions": ["users:read"] }),
        )
        .await;
    let key = b
        .admin
        .post(
            "/api/v1/api-keys",
            json!({ "name": "b", "scopes": ["users:read"] }),
        )
        .await;
    let dom = b
        .admin
        .post(
            "/api/v1/tenant/domains",
            json!({ "domain": format!("{}.example.com", Uuid::new_v4().simple()) }),
        )
        .await;
    let agent = b
        .admin
        .post(
            "/api/v1/agents",
            json!({ "name": "B's agent", "kind": "call" }),
        )
        .await;
    assert_eq!(agent.status, StatusCode::CREATED, "{:?}", agent.body);
    let chat = b
        .admin
        .post(
            &format!("/api/v1/agents/{}/chats", id_of(&agent.body)),
            json!({}),
        )
        .await;
    assert_eq!(chat.status, StatusCode::CREATED, "{:?}", chat.body);
    let number = b
        .admin
        .post(
            "/api/v1/numbers",
            json!({ "carrier": "simulator", "phone_number": "+12125550199" }),
        )
        .await;
    assert_eq!(number.status, StatusCode::ACCEPTED, "{:?}", number.body);
    let root = app.platform_admin().await;
    let mk_agency = |name: &'static str| {
        let root = &root;
        async move {
            let r = root
                .post("/api/v1/tenants", json!({ "name": name, "kind": "agency" }))
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            id_of(&r.body)
        }
    };
    let ag_a = mk_agency("Agency A").await;
    let ag_b = mk_agency("Agency B").await;
    let agency_a = agency_admin(app, &root, ag_a).await;
    let agency_b = agency_admin(app, &root, ag_b).await;
    let cust = agency_b
        .post(
            "/api/v1/tenants",
            json!({ "name": "B's customer", "kind": "customer" }),
        )
        .await;
    assert_eq!(cust.status, StatusCode::CREATED, "{:?}", cust.body);
    World {
        a: a.admin,
        a_key,
        agency_a,
        b_member: id_of(&b_me.body["user"]),
        b_invitation: id_of(&inv.body),
        b_role: id_of(&role.body),
        b_key: id_of(&key.body["api_key"]),
        b_domain: id_of(&dom.body),
        b_agency_customer: id_of(&cust.body),
        b_agent: id_of(&agent.body),
        b_chat: id_of(&chat.body),
        b_call: b_call(app, b.tenant_id).await,
        b_sync_run: b_sync_run(app, b.tenant_id).await,
        b_number: id_of(&number.body),
    }
}

/// A call of tenant B, made the way provider events make them.
async fn b_call(app: &TestApp, tenant_id: Uuid) -> Uuid {
    use switchboard_telephony::calls::{ProviderCall, upsert};
    let call = upsert(
        &app.state.db,
        &ProviderCall {
            tenant_id,
            agent_id: None,
            agent_version: 0,
            provider: "simulator",
            provider_call_id: "b-call",
            runtime: "builtin",
        },
    )
    .await;
    call.map(|c| c.id).unwrap_or_else(|e| panic!("{e}"))
}

/// A sync run (background job) of tenant B.
async fn b_sync_run(app: &TestApp, tenant_id: Uuid) -> Uuid {
    use switchboard_telephony::elevenlabs_sync::{Trigger, enqueue};
    enqueue(&app.state.db, tenant_id, Trigger::Manual, None)
        .await
        .map(|(j, _)| j.id)
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn agency_admin(app: &TestApp, root: &Client, agency: Uuid) -> Client {
    let sw = root.switch_to(agency).await;
    assert_eq!(sw.status, StatusCode::OK, "{:?}", sw.body);
    let c = app.member(root, Some("agency_admin"), None).await;
    let back = root.switch_to(app.state.platform_id).await;
    assert_eq!(back.status, StatusCode::OK);
    c
}

#[actix_web::test]
async fn another_tenants_resources_answer_404_to_users_and_keys() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let mut checked = 0;
    for op in operations().iter().filter(|o| o.path.contains("{id}")) {
        if NOT_TENANT_OWNED.contains(&op.id.as_str()) {
            continue;
        }
        let (target, callers): (Uuid, Vec<&Client>) = if op.path.starts_with("/api/v1/users/") {
            (w.b_member, vec![&w.a, &w.a_key])
        } else if op.path.starts_with("/api/v1/invitations/") {
            (w.b_invitation, vec![&w.a, &w.a_key])
        } else if op.path.starts_with("/api/v1/roles/") {
            (w.b_role, vec![&w.a, &w.a_key])
        } else if op.path.starts_with("/api/v1/api-keys/") {
            (w.b_key, vec![&w.a, &w.a_key])
        } else if op.path.starts_with("/api/v1/tenant/domains/") {
            if op.id == "verify_domain" {
                // Only platform staff verify domains; the check is that a tenant-scoped lookup
                // cannot reach another tenant's domain even for them.
                continue;
            }
            (w.b_domain, vec![&w.a, &w.a_key])
        } else if op
            .path
            .starts_with("/api/v1/integrations/elevenlabs/sync-runs/")
        {
            (w.b_sync_run, vec![&w.a, &w.a_key])
        } else if op.path.starts_with("/api/v1/numbers/") {
            (w.b_number, vec![&w.a, &w.a_key])
        } else if op.path.starts_with("/api/v1/calls/") {
            (w.b_call, vec![&w.a, &w.a_key])
        } else if op.path.starts_with("/api/v1/chats/") {
            (w.b_chat, vec![&w.a, &w.a_key])
        } else if op.path.starts_with("/api/v1/agents/") {
            (w.b_agent, vec![&w.a, &w.a_key])
        } else if op.path.starts_with("/api/v1/tenants/") {
            (w.b_agency_customer, vec![&w.agency_a])
        } else {
            panic!(
                "{} {} is not classified: add its cross-tenant case here or to NOT_TENANT_OWNED",
                op.method, op.path
            );
        };
        for c in callers {
            let before = audit_entries(&app).await;
            let r = c
                .send(
                    op.method.clone(),
                    &concrete(&op.path, target),
                    Some(body_for(&op.id)),
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{} {} answered {:?}",
                op.method,
                op.path,
                r.body
            );
            assert_eq!(
                audit_entries(&app).await,
                before,
                "{}: the cross-tenant request changed something",
                op.id
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} operations checked");
}

async fn audit_entries(app: &TestApp) -> u64 {
    audit_count(app).await
}

#[actix_web::test]
async fn platform_staff_cannot_verify_a_domain_of_a_tenant_they_are_not_acting_on() {
    let app = spawn_app().await;
    let a = app.customer().await;
    let b = app.customer().await;
    let dom = b
        .admin
        .post(
            "/api/v1/tenant/domains",
            json!({ "domain": "voice.bee.example" }),
        )
        .await;
    let root = app.platform_admin().await;
    assert_eq!(root.switch_to(a.tenant_id).await.status, StatusCode::OK);
    let r = root
        .post(
            &format!("/api/v1/tenant/domains/{}/verify", id_of(&dom.body)),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);
    assert_eq!(root.switch_to(b.tenant_id).await.status, StatusCode::OK);
    let ok = root
        .post(
            &format!("/api/v1/tenant/domains/{}/verify", id_of(&dom.body)),
            json!({}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert_eq!(ok.body["verified"], true);
}
