//! Live events cross nodes: a call finished through one server process appears on the live
//! stream of a client connected to another process on the same PostgreSQL database
//! (LISTEN/NOTIFY). Runs in the PostgreSQL suite (`TEST_DATABASE_URL`); on SQLite there is one
//! process by design.

use reqwest::{Method, StatusCode};
use switchboard_test_support::{spawn_app_with, spawn_peer};

use crate::elevenlabs::{SECRET, deliver, sign, transcription};

#[actix_web::test]
async fn a_call_finished_on_one_node_appears_live_on_another() {
    if std::env::var("TEST_DATABASE_URL").is_err() {
        eprintln!("live events cross nodes on PostgreSQL only; this runs in the PostgreSQL suite");
        return;
    }
    let env = [("SWITCHBOARD__ELEVENLABS__WEBHOOK_SECRET", SECRET)];
    let a = spawn_app_with(&env).await;
    let b = spawn_peer(&a, &env).await;
    assert_ne!(a.address, b.address);
    let cust = a.customer().await;
    let agent = cust
        .admin
        .post(
            "/api/v1/agents",
            serde_json::json!({ "name": "Phone", "kind": "call" }),
        )
        .await;
    cust.admin
        .patch(
            &format!(
                "/api/v1/agents/{}",
                switchboard_test_support::id_of(&agent.body)
            ),
            serde_json::json!({ "elevenlabs_agent_id": "el_agent_1" }),
        )
        .await;
    let key = a.api_key(&cust.admin, &["calls:read"]).await;
    let secret = key.bearer.clone().unwrap_or_default();
    // Subscribe on node B.
    let mut stream = reqwest::Client::new()
        .request(Method::GET, format!("{}/api/v1/calls/live", b.address))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stream.status(), StatusCode::OK);
    // The call finishes through node A.
    let body = transcription("conv_cross_node");
    let (s, ack) = deliver(&a, &body, Some(sign(&body, chrono::Utc::now().timestamp()))).await;
    assert_eq!(
        (s, ack["status"].as_str()),
        (StatusCode::OK, Some("applied"))
    );
    let mut seen = String::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !seen.contains("conv_cross_node") && std::time::Instant::now() < deadline {
        match tokio::time::timeout(std::time::Duration::from_secs(5), stream.chunk()).await {
            Ok(Ok(Some(c))) => seen.push_str(&String::from_utf8_lossy(&c)),
            _ => break,
        }
    }
    assert!(
        seen.contains("event: call") && seen.contains("conv_cross_node"),
        "node B did not see the call: {seen}"
    );
}
