//! The OpenAI-compatible client against a local fake speaking the protocol: streaming, usage,
//! retries on 429/5xx, errors after the last attempt.

use std::collections::BTreeMap;
use std::time::Duration;

use futures_util::StreamExt;
use switchboard_agents::llm::{
    LlmError, LlmEvent, LlmMessage, LlmProvider, LlmRequest, OpenAiCompatible, OpenAiConfig, Usage,
};
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> OpenAiCompatible {
    let _ = rustls::crypto::ring::default_provider().install_default();
    OpenAiCompatible::new(OpenAiConfig {
        base_url: format!("{}/v1", server.uri()),
        api_key: "sk-test".into(),
        max_attempts: 3,
        backoff: Duration::from_millis(10),
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn request() -> LlmRequest {
    LlmRequest {
        model: "gpt-test".into(),
        messages: vec![
            LlmMessage {
                role: "system".into(),
                content: "Be brief.".into(),
            },
            LlmMessage {
                role: "user".into(),
                content: "Hi".into(),
            },
        ],
        temperature: 0.2,
        max_tokens: 50,
        variables: BTreeMap::new(),
    }
}

const STREAM: &str = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n\
data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n\
data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there!\"}}]}\n\n\
data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}\n\n\
data: [DONE]\n\n";

async fn collect(c: &OpenAiCompatible) -> Result<Vec<LlmEvent>, LlmError> {
    let mut s = c.stream(request()).await?;
    let mut out = Vec::new();
    while let Some(ev) = s.next().await {
        out.push(ev?);
    }
    Ok(out)
}

#[tokio::test]
async fn a_streamed_completion_yields_deltas_and_the_reported_usage() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", "Bearer sk-test"))
        .and(body_partial_json(serde_json::json!({ "model": "gpt-test", "stream": true, "stream_options": { "include_usage": true }, "max_tokens": 50 })))
        .respond_with(ResponseTemplate::new(200).insert_header("content-type", "text/event-stream").set_body_string(STREAM))
        .expect(1)
        .mount(&server)
        .await;
    let events = collect(&client(&server)).await;
    assert_eq!(
        events,
        Ok(vec![
            LlmEvent::Delta("Hello".into()),
            LlmEvent::Delta(" there!".into()),
            LlmEvent::Done(Usage {
                prompt_tokens: 12,
                completion_tokens: 3
            })
        ])
    );
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_retried_with_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_string("{\"error\":{\"message\":\"slow down\"}}"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_string(STREAM))
        .with_priority(3)
        .mount(&server)
        .await;
    let events = collect(&client(&server)).await.unwrap_or_default();
    assert_eq!(events.len(), 3);
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(3));
}

#[tokio::test]
async fn errors_after_the_last_attempt_and_client_errors_are_reported_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(500).set_body_string("{\"error\":{\"message\":\"boom\"}}"),
        )
        .mount(&server)
        .await;
    let err = collect(&client(&server)).await.err();
    assert_eq!(
        err,
        Some(LlmError::Upstream {
            status: 500,
            message: "boom".into()
        })
    );
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(3));

    let bad = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_string("{\"error\":{\"message\":\"Incorrect API key\"}}"),
        )
        .mount(&bad)
        .await;
    let err = collect(&client(&bad)).await.err();
    assert_eq!(
        err,
        Some(LlmError::Upstream {
            status: 401,
            message: "Incorrect API key".into()
        })
    );
    assert_eq!(
        bad.received_requests().await.map(|r| r.len()),
        Some(1),
        "4xx other than 429 is not retried"
    );
}

#[tokio::test]
async fn a_stream_cut_without_done_ends_with_what_arrived() {
    let server = MockServer::start().await;
    let partial = "data: {\"choices\":[{\"delta\":{\"content\":\"Par\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"tial\"}}]}\n\n";
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(partial))
        .mount(&server)
        .await;
    let events = collect(&client(&server)).await.unwrap_or_default();
    assert_eq!(events.first(), Some(&LlmEvent::Delta("Par".into())));
    assert!(matches!(events.last(), Some(LlmEvent::Done(u)) if u.completion_tokens > 0));
}
