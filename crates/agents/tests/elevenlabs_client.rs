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
        .and(path("/v1/convai/conversations/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({ "detail": { "status": "not_found", "message": "Conversation not found" } }),
        ))
        .mount(&server)
        .await;
    let c = client(&server);
    let page = c
        .list_conversations("a", None)
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
        c.get_conversation("missing").await,
        Err(ElevenLabsError::Upstream {
            status: 404,
            message: "Conversation not found".into()
        })
    );
    let spec = Spec::load("elevenlabs_openapi_2026-08.json");
    for r in server.received_requests().await.unwrap_or_default() {
        let template = if r.url.path() == "/v1/convai/conversations" {
            "/v1/convai/conversations"
        } else {
            "/v1/convai/conversations/{conversation_id}"
        };
        assert!(spec.check_request("GET", template, None).is_empty());
        if template == "/v1/convai/conversations" {
            let q: Vec<(String, String)> = r
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let declared: Vec<String> = spec_params(&spec_doc(), template);
            for (k, _) in q {
                assert!(
                    declared.contains(&k),
                    "query parameter {k} is not in the spec ({declared:?})"
                );
            }
        }
    }
}

fn spec_doc() -> Value {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/provider-specs/elevenlabs_openapi_2026-08.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap_or_default()).unwrap_or_default()
}

fn spec_params(doc: &Value, template: &str) -> Vec<String> {
    doc["paths"][template]["get"]["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["name"].as_str().map(String::from))
        .collect()
}
