//! The ElevenLabs client against a loopback mock whose requests are checked against ElevenLabs'
//! official OpenAPI description (../shared/provider-specs/elevenlabs_openapi_2026-08.json).

use serde_json::{Value, json};
use switchboard_agents::config::AgentConfig;
use switchboard_agents::elevenlabs::{ElevenLabsClient, ElevenLabsError};
use switchboard_test_support::openapi_check::Spec;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> ElevenLabsClient {
    let _ = rustls::crypto::ring::default_provider().install_default();
    ElevenLabsClient::new(&server.uri(), "xi_test_key").unwrap_or_else(|e| panic!("{e}"))
}

fn spec_problems(
    spec: &Spec,
    server_requests: &[wiremock::Request],
    template: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    for r in server_requests {
        let body: Option<Value> = if r.body.is_empty() {
            None
        } else {
            serde_json::from_slice(&r.body).ok()
        };
        out.extend(spec.check_request(r.method.as_str(), template, body.as_ref()));
    }
    out
}

#[tokio::test]
async fn agents_are_created_updated_and_deleted_with_requests_the_spec_accepts() {
    let spec = Spec::load("elevenlabs_openapi_2026-08.json");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/convai/agents/create"))
        .and(header("xi-api-key", "xi_test_key"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "agent_id": "J3Pbu5gP6NNKBscdCdwB" })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let mut config = AgentConfig::default();
    config.languages.primary = "de-AT".into();
    let id = c.create_agent("Receptionist", &config).await;
    assert_eq!(id.as_deref().ok(), Some("J3Pbu5gP6NNKBscdCdwB"));
    let reqs = server.received_requests().await.unwrap_or_default();
    let problems = spec_problems(&spec, &reqs, "/v1/convai/agents/create");
    assert!(problems.is_empty(), "{problems:?}");
    let sent: Value = serde_json::from_slice(&reqs[0].body).unwrap_or_default();
    assert_eq!(sent["conversation_config"]["agent"]["language"], "de");

    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1/convai/agents/J3Pbu5gP6NNKBscdCdwB"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "agent_id": "J3Pbu5gP6NNKBscdCdwB" })),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/convai/agents/J3Pbu5gP6NNKBscdCdwB"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let c = client(&server);
    assert_eq!(
        c.update_agent("J3Pbu5gP6NNKBscdCdwB", "Receptionist v2", &config)
            .await,
        Ok(())
    );
    assert_eq!(c.delete_agent("J3Pbu5gP6NNKBscdCdwB").await, Ok(()));
    let reqs = server.received_requests().await.unwrap_or_default();
    let problems = spec_problems(&spec, &reqs, "/v1/convai/agents/{agent_id}");
    assert!(problems.is_empty(), "{problems:?}");
}

#[tokio::test]
async fn the_spec_check_catches_requests_elevenlabs_would_refuse() {
    let spec = Spec::load("elevenlabs_openapi_2026-08.json");
    let bad = json!({ "conversation_config": { "agent": { "not_a_field": 1 } } });
    assert!(
        !spec
            .check_request("POST", "/v1/convai/agents/create", Some(&bad))
            .is_empty()
    );
    assert!(
        !spec
            .check_request("POST", "/v1/convai/agents/nope", None)
            .is_empty()
    );
}

#[tokio::test]
async fn conversations_are_listed_and_fetched_and_errors_carry_elevenlabs_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/convai/conversations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "conversations": [{ "conversation_id": "c1", "agent_id": "a" }], "has_more": false, "next_cursor": null })))
        .mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations/c1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({ "conversation_id": "c1", "agent_id": "a", "status": "done", "transcript": [] }),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations/c1/audio"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"ID3fake-mp3".to_vec()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({ "detail": { "status": "not_found", "message": "Conversation not found" } }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let page = c
        .list_conversations("a", Some("cur_2"), Some(1_764_000_000))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.conversations.len(), 1);
    assert_eq!(
        c.get_conversation("c1")
            .await
            .ok()
            .map(|v| v["status"].clone()),
        Some(json!("done"))
    );
    assert_eq!(
        c.get_conversation_audio("c1").await.ok().as_deref(),
        Some(&b"ID3fake-mp3"[..])
    );
    // A 404 is an answer, not a failure to retry.
    assert_eq!(
        c.get_conversation("missing").await,
        Err(ElevenLabsError::Upstream {
            status: 404,
            message: "Conversation not found".into()
        })
    );
    let spec = Spec::load("elevenlabs_openapi_2026-08.json");
    let reqs = server.received_requests().await.unwrap_or_default();
    assert_eq!(reqs.len(), 4);
    for r in reqs {
        let p = r.url.path();
        let template = if p == "/v1/convai/conversations" {
            "/v1/convai/conversations"
        } else if p.ends_with("/audio") {
            "/v1/convai/conversations/{conversation_id}/audio"
        } else {
            "/v1/convai/conversations/{conversation_id}"
        };
        let q: Vec<(String, String)> = r
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut problems = spec.check_request("GET", template, None);
        problems.extend(spec.check_query("GET", template, &q));
        assert!(problems.is_empty(), "{template}: {problems:?}");
        if template == "/v1/convai/conversations" {
            for k in ["agent_id", "page_size", "cursor", "call_start_after_unix"] {
                assert!(q.iter().any(|(n, _)| n == k), "{k} was not sent: {q:?}");
            }
        }
    }
}

#[tokio::test]
async fn reads_are_retried_on_429_5xx_and_not_on_other_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations/flaky"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream busy"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations/flaky"))
        .respond_with(ResponseTemplate::new(429).set_body_json(
            json!({ "detail": { "status": "too_many_concurrent_requests", "message": "slow down" } }),
        ))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations/flaky"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "conversation_id": "flaky" })),
        )
        .with_priority(3)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations/denied"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({ "detail": { "status": "invalid_api_key", "message": "Invalid API key" } }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/convai/conversations/down"))
        .respond_with(ResponseTemplate::new(500))
        .expect(4)
        .mount(&server)
        .await;
    let c = client(&server).with_retry_delay(std::time::Duration::from_millis(5));
    assert_eq!(
        c.get_conversation("flaky")
            .await
            .ok()
            .map(|v| v["conversation_id"].clone()),
        Some(json!("flaky"))
    );
    assert!(matches!(
        c.get_conversation("denied").await,
        Err(ElevenLabsError::Upstream { status: 401, .. })
    ));
    assert!(matches!(
        c.get_conversation("down").await,
        Err(ElevenLabsError::Upstream { status: 500, .. })
    ));
    // Ids cannot steer the request elsewhere.
    let _ = c.get_conversation("../agents/x").await;
    let last = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        last.last().map(|r| r.url.path().to_string()).as_deref(),
        Some("/v1/convai/conversations/agentsx")
    );
}
