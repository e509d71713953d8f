//! ElevenLabs Conversational AI REST client: agents are created, updated and deleted there when
//! their runtime is `elevenlabs` (our agent ↔ their `agent_id`), and conversations can be listed
//! and fetched to fill in anything a webhook missed.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::config::AgentConfig;

/// Failures talking to ElevenLabs.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ElevenLabsError {
    /// ElevenLabs answered an error.
    #[error("ElevenLabs answered {status}: {message}")]
    Upstream {
        /// HTTP status.
        status: u16,
        /// Their message.
        message: String,
    },
    /// Not reachable or timed out.
    #[error("ElevenLabs is unreachable: {0}")]
    Unreachable(String),
    /// An answer we cannot read.
    #[error("ElevenLabs sent an unreadable answer: {0}")]
    Protocol(String),
}

/// The client, with one tenant's (or the platform's) API key.
#[derive(Clone)]
pub struct ElevenLabsClient {
    base_url: String,
    api_key: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for ElevenLabsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ElevenLabsClient")
            .field("base_url", &self.base_url)
            .field("api_key", &"***")
            .finish()
    }
}

/// The body ElevenLabs expects for an agent, from our configuration.
pub fn agent_body(name: &str, c: &AgentConfig) -> Value {
    let language = c
        .languages
        .primary
        .split('-')
        .next()
        .unwrap_or("en")
        .to_string();
    json!({
        "name": name,
        "conversation_config": {
            "agent": {
                "first_message": c.first_message,
                "language": language,
                "prompt": {
                    "prompt": c.system_prompt,
                    "temperature": c.llm.temperature,
                    "max_tokens": c.llm.max_tokens,
                }
            },
            "tts": { "voice_id": c.voice.voice_id },
            "conversation": { "max_duration_seconds": c.max_call_duration_secs }
        }
    })
}

#[derive(Deserialize)]
struct Created {
    agent_id: String,
}

/// A page of conversations.
#[derive(Debug, Clone, Deserialize)]
pub struct ConversationPage {
    /// Conversations (summaries).
    pub conversations: Vec<Value>,
    /// Whether more exist.
    #[serde(default)]
    pub has_more: bool,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
}

impl ElevenLabsClient {
    /// A client for `base_url` (`https://api.elevenlabs.io`) with connect 5 s / total 15 s timeouts.
    pub fn new(base_url: &str, api_key: &str) -> Result<Self, ElevenLabsError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| ElevenLabsError::Unreachable(e.to_string()))?;
        Ok(Self {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key: api_key.to_string(),
            http,
        })
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Result<Value, ElevenLabsError> {
        let res = req
            .header("xi-api-key", &self.api_key)
            .send()
            .await
            .map_err(|e| ElevenLabsError::Unreachable(e.to_string()))?;
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        if !(200..300).contains(&status) {
            let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let message = v["detail"]["message"]
                .as_str()
                .map(String::from)
                .or_else(|| v["detail"][0]["msg"].as_str().map(String::from))
                .or_else(|| v["detail"].as_str().map(String::from))
                .unwrap_or_else(|| text.chars().take(300).collect());
            return Err(ElevenLabsError::Upstream { status, message });
        }
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| ElevenLabsError::Protocol(e.to_string()))
    }

    /// Creates an agent; returns its ElevenLabs id.
    pub async fn create_agent(
        &self,
        name: &str,
        c: &AgentConfig,
    ) -> Result<String, ElevenLabsError> {
        let v = self
            .send(
                self.http
                    .post(format!("{}/v1/convai/agents/create", self.base_url))
                    .json(&agent_body(name, c)),
            )
            .await?;
        serde_json::from_value::<Created>(v)
            .map(|c| c.agent_id)
            .map_err(|e| ElevenLabsError::Protocol(e.to_string()))
    }

    /// Pushes our configuration to an existing agent.
    pub async fn update_agent(
        &self,
        agent_id: &str,
        name: &str,
        c: &AgentConfig,
    ) -> Result<(), ElevenLabsError> {
        self.send(
            self.http
                .patch(format!("{}/v1/convai/agents/{agent_id}", self.base_url))
                .json(&agent_body(name, c)),
        )
        .await
        .map(|_| ())
    }

    /// Deletes an agent (a 404 counts as done).
    pub async fn delete_agent(&self, agent_id: &str) -> Result<(), ElevenLabsError> {
        match self
            .send(
                self.http
                    .delete(format!("{}/v1/convai/agents/{agent_id}", self.base_url)),
            )
            .await
        {
            Ok(_) | Err(ElevenLabsError::Upstream { status: 404, .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// One page of an agent's conversations.
    pub async fn list_conversations(
        &self,
        agent_id: &str,
        cursor: Option<&str>,
    ) -> Result<ConversationPage, ElevenLabsError> {
        let mut q = vec![
            ("agent_id", agent_id.to_string()),
            ("page_size", "100".to_string()),
        ];
        if let Some(c) = cursor {
            q.push(("cursor", c.to_string()));
        }
        let url = reqwest::Url::parse_with_params(
            &format!("{}/v1/convai/conversations", self.base_url),
            &q,
        )
        .map_err(|e| ElevenLabsError::Protocol(e.to_string()))?;
        let v = self.send(self.http.get(url)).await?;
        serde_json::from_value(v).map_err(|e| ElevenLabsError::Protocol(e.to_string()))
    }

    /// A conversation with transcript, metadata and analysis (the post-call webhook's `data`).
    pub async fn get_conversation(&self, conversation_id: &str) -> Result<Value, ElevenLabsError> {
        self.send(self.http.get(format!(
            "{}/v1/convai/conversations/{conversation_id}",
            self.base_url
        )))
        .await
    }
}
