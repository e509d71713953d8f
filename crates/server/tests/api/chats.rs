//! Chat sessions: the offline engine by default, an OpenAI-compatible server when configured,
//! streamed replies over server-sent events, stored messages and usage.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use switchboard_test_support::{Client, id_of, spawn_app, spawn_app_with};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Posts a message and parses the event stream into (event, data) pairs.
async fn send(c: &Client, chat: &str, content: &str) -> (StatusCode, Vec<(String, Value)>) {
    let res = c
        .raw(Method::POST, &format!("/api/v1/chats/{chat}/messages"))
        .header("x-csrf-token", c.csrf.clone().unwrap_or_default())
        .json(&json!({ "content": content }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    let events = text
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .map(|block| {
            let ev = block
                .lines()
                .find_map(|l| l.strip_prefix("event: "))
                .unwrap_or_default()
                .to_string();
            let data = block
                .lines()
                .find_map(|l| l.strip_prefix("data: "))
                .unwrap_or("null");
            (ev, serde_json::from_str(data).unwrap_or(Value::Null))
        })
        .collect();
    (status, events)
}

#[actix_web::test]
async fn the_test_console_chats_with_a_draft_agent_on_the_offline_engine() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let agent = cust
        .admin
        .post("/api/v1/agents", json!({ "name": "Desk", "kind": "chat" }))
        .await;
    let id = id_of(&agent.body);
    let chat = cust
        .admin
        .post(
            &format!("/api/v1/agents/{id}/chats"),
            json!({ "variables": { "company": "Acme Dental" } }),
        )
        .await;
    assert_eq!(chat.status, StatusCode::CREATED, "{:?}", chat.body);
    assert_eq!(chat.body["engine"], "offline");
    assert_eq!(chat.body["agent_version"], 0);
    assert_eq!(
        chat.body["messages"][0]["content"],
        "Hello, thanks for calling Acme Dental. How can I help?"
    );
    let chat_id = chat.body["id"].as_str().unwrap_or_default().to_string();

    let (status, events) = send(&cust.admin, &chat_id, "What are your opening hours?").await;
    assert_eq!(status, StatusCode::OK);
    let deltas: String = events
        .iter()
        .filter(|(e, _)| e == "delta")
        .filter_map(|(_, d)| d["text"].as_str())
        .collect();
    assert_eq!(deltas, "We are open Monday to Friday from 9 am to 5 pm.");
    assert!(
        events.iter().filter(|(e, _)| e == "delta").count() > 3,
        "streamed in pieces"
    );
    let (last, done) = events.last().cloned().unwrap_or_default();
    assert_eq!(last, "done");
    assert_eq!(done["message"]["content"], deltas);
    assert!(
        done["usage"]["completion_tokens"]
            .as_u64()
            .is_some_and(|t| t > 0)
    );

    let stored = cust.admin.get(&format!("/api/v1/chats/{chat_id}")).await;
    let roles: Vec<&str> = stored.body["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["role"].as_str())
        .collect();
    assert_eq!(roles, vec!["assistant", "user", "assistant"]);
    assert!(
        stored.body["usage"]["prompt_tokens"]
            .as_i64()
            .is_some_and(|t| t > 0)
    );

    let empty = cust
        .admin
        .post(
            &format!("/api/v1/chats/{chat_id}/messages"),
            json!({ "content": "  " }),
        )
        .await;
    assert_eq!(
        (empty.status, empty.code()),
        (StatusCode::BAD_REQUEST, "validation_failed")
    );
    let list = cust
        .admin
        .get(&format!("/api/v1/chats?agent_id={id}"))
        .await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));

    cust.admin
        .post(&format!("/api/v1/agents/{id}/publish"), json!({}))
        .await;
    let live = cust
        .admin
        .post(&format!("/api/v1/agents/{id}/chats"), json!({}))
        .await;
    assert_eq!(
        live.body["agent_version"], 1,
        "chats record the version that served them"
    );
    // After publishing, the console can still try unpublished changes on the draft.
    let mut config = cust.admin.get(&format!("/api/v1/agents/{id}")).await.body["config"].clone();
    config["first_message"] = json!("Draft greeting for {{company}}.");
    let r = cust
        .admin
        .patch(&format!("/api/v1/agents/{id}"), json!({ "config": config }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let draft = cust
        .admin
        .post(
            &format!("/api/v1/agents/{id}/chats"),
            json!({ "draft": true, "variables": { "company": "Acme" } }),
        )
        .await;
    assert_eq!(draft.body["agent_version"], 0);
    assert_eq!(
        draft.body["messages"][0]["content"],
        "Draft greeting for Acme."
    );
    let published = cust
        .admin
        .post(
            &format!("/api/v1/agents/{id}/chats"),
            json!({ "variables": { "company": "Acme" } }),
        )
        .await;
    assert_eq!(published.body["agent_version"], 1);
    assert_ne!(
        published.body["messages"][0]["content"],
        "Draft greeting for Acme."
    );
}

#[actix_web::test]
async fn agents_on_an_openai_compatible_provider_stream_its_replies() {
    let llm = MockServer::start().await;
    let stream = "data: {\"choices\":[{\"delta\":{\"content\":\"Bonjour\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\" !\"}}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n";
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_string(stream))
        .mount(&llm)
        .await;
    let base = format!("{}/v1", llm.uri());
    let app = spawn_app_with(&[("SWITCHBOARD__LLM__BASE_URL", base.as_str())]).await;
    let cust = app.customer().await;
    let agent = cust
        .admin
        .post("/api/v1/agents", json!({ "name": "LLM", "kind": "chat" }))
        .await;
    let mut config = agent.body["config"].clone();
    config["llm"] = json!({ "provider": "openai_compatible", "model": "gpt-test", "temperature": 0.3, "max_tokens": 200 });
    cust.admin
        .patch(
            &format!("/api/v1/agents/{}", id_of(&agent.body)),
            json!({ "config": config }),
        )
        .await;
    let chat = cust
        .admin
        .post(
            &format!("/api/v1/agents/{}/chats", id_of(&agent.body)),
            json!({}),
        )
        .await;
    assert_eq!(chat.body["engine"], "openai_compatible");
    let (_, events) = send(
        &cust.admin,
        chat.body["id"].as_str().unwrap_or_default(),
        "Salut",
    )
    .await;
    let done = events
        .iter()
        .find(|(e, _)| e == "done")
        .map(|(_, d)| d.clone())
        .unwrap_or_default();
    assert_eq!(done["message"]["content"], "Bonjour !");
    assert_eq!(done["usage"]["prompt_tokens"], 21);
    let sent = llm.received_requests().await.unwrap_or_default();
    let body: Value = sent
        .first()
        .map(|r| serde_json::from_slice(&r.body).unwrap_or_default())
        .unwrap_or_default();
    assert_eq!(body["model"], "gpt-test");
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(
        body["messages"]
            .as_array()
            .and_then(|m| m.last())
            .map(|m| m["content"].clone()),
        Some(json!("Salut"))
    );
}

#[actix_web::test]
async fn a_failing_provider_ends_the_stream_with_an_error_event() {
    let llm = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_string("{\"error\":{\"message\":\"model not found\"}}"),
        )
        .mount(&llm)
        .await;
    let base = format!("{}/v1", llm.uri());
    let app = spawn_app_with(&[("SWITCHBOARD__LLM__BASE_URL", base.as_str())]).await;
    let cust = app.customer().await;
    let agent = cust
        .admin
        .post("/api/v1/agents", json!({ "name": "LLM", "kind": "chat" }))
        .await;
    let mut config = agent.body["config"].clone();
    config["llm"]["provider"] = json!("openai_compatible");
    cust.admin
        .patch(
            &format!("/api/v1/agents/{}", id_of(&agent.body)),
            json!({ "config": config }),
        )
        .await;
    let chat = cust
        .admin
        .post(
            &format!("/api/v1/agents/{}/chats", id_of(&agent.body)),
            json!({}),
        )
        .await;
    let (_, events) = send(
        &cust.admin,
        chat.body["id"].as_str().unwrap_or_default(),
        "Hi",
    )
    .await;
    let (ev, data) = events.last().cloned().unwrap_or_default();
    assert_eq!(ev, "error");
    assert_eq!(data["error"]["code"], "llm_failed");
    assert!(
        data["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("model not found"))
    );
}
