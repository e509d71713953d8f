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
    retry_delay: Duration,
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
            retry_delay: Duration::from_millis(500),
        })
    }

    /// The same client with a shorter first retry delay (tests).
    pub fn with_retry_delay(mut self, delay: Duration) -> Self {
        self.retry_delay = delay;
        self
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
            return Err(upstream(status, &text));
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
                .patch(format!(
                    "{}/v1/convai/agents/{}",
                    self.base_url,
                    path_segment(agent_id)
                ))
                .json(&agent_body(name, c)),
        )
        .await
        .map(|_| ())
    }

    /// Deletes an agent (a 404 counts as done).
    pub async fn delete_agent(&self, agent_id: &str) -> Result<(), ElevenLabsError> {
        match self
            .send(self.http.delete(format!(
                "{}/v1/convai/agents/{}",
                self.base_url,
                path_segment(agent_id)
            )))
            .await
        {
            Ok(_) | Err(ElevenLabsError::Upstream { status: 404, .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Sends an idempotent read, retrying on 429, 5xx and network failures with exponential
    /// back-off and jitter (4 attempts over at most a few seconds).
    async fn read(&self, url: reqwest::Url) -> Result<reqwest::Response, ElevenLabsError> {
        use backon::{ExponentialBuilder, Retryable};
        let attempt = || async {
            let res = self
                .http
                .get(url.clone())
                .header("xi-api-key", &self.api_key)
                .send()
                .await
                .map_err(|e| ElevenLabsError::Unreachable(e.to_string()))?;
            let status = res.status().as_u16();
            if (200..300).contains(&status) {
                return Ok(res);
            }
            let text = res.text().await.unwrap_or_default();
            Err(upstream(status, &text))
        };
        attempt
            .retry(
                ExponentialBuilder::default()
                    .with_min_delay(self.retry_delay)
                    .with_max_delay(Duration::from_secs(4))
                    .with_max_times(3)
                    .with_jitter(),
            )
            .when(|e: &ElevenLabsError| match e {
                ElevenLabsError::Unreachable(_) => true,
                ElevenLabsError::Upstream { status, .. } => *status == 429 || *status >= 500,
                ElevenLabsError::Protocol(_) => false,
            })
            .await
    }

    async fn read_json(&self, url: reqwest::Url) -> Result<Value, ElevenLabsError> {
        let text = self
            .read(url)
            .await?
            .text()
            .await
            .map_err(|e| ElevenLabsError::Unreachable(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| ElevenLabsError::Protocol(e.to_string()))
    }

    fn url(&self, path: &str, query: &[(&str, String)]) -> Result<reqwest::Url, ElevenLabsError> {
        reqwest::Url::parse_with_params(&format!("{}{path}", self.base_url), query)
            .map_err(|e| ElevenLabsError::Protocol(e.to_string()))
    }

    /// One page of an agent's conversations, oldest calls first, optionally only those started
    /// after `after_unix`.
    pub async fn list_conversations(
        &self,
        agent_id: &str,
        cursor: Option<&str>,
        after_unix: Option<i64>,
    ) -> Result<ConversationPage, ElevenLabsError> {
        let mut q = vec![
            ("agent_id", agent_id.to_string()),
            ("page_size", "100".to_string()),
        ];
        if let Some(c) = cursor {
            q.push(("cursor", c.to_string()));
        }
        if let Some(t) = after_unix {
            q.push(("call_start_after_unix", t.to_string()));
        }
        let v = self
            .read_json(self.url("/v1/convai/conversations", &q)?)
            .await?;
        serde_json::from_value(v).map_err(|e| ElevenLabsError::Protocol(e.to_string()))
    }

    /// A conversation with transcript, metadata and analysis (the post-call webhook's `data`).
    pub async fn get_conversation(&self, conversation_id: &str) -> Result<Value, ElevenLabsError> {
        self.read_json(self.url(
            &format!("/v1/convai/conversations/{}", path_segment(conversation_id)),
            &[],
        )?)
        .await
    }

    /// A conversation's recording (MP3 bytes).
    pub async fn get_conversation_audio(
        &self,
        conversation_id: &str,
    ) -> Result<Vec<u8>, ElevenLabsError> {
        let res = self
            .read(self.url(
                &format!(
                    "/v1/convai/conversations/{}/audio",
                    path_segment(conversation_id)
                ),
                &[],
            )?)
            .await?;
        res.bytes()
            .await
            .map(|b| b.to_vec())
            .map_err(|e| ElevenLabsError::Unreachable(e.to_string()))
    }
}

/// Keeps a provider id from changing the path it is put in.
fn path_segment(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

fn upstream(status: u16, text: &str) -> ElevenLabsError {
    let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let message = v["detail"]["message"]
        .as_str()
        .map(String::from)
        .or_else(|| v["detail"][0]["msg"].as_str().map(String::from))
        .or_else(|| v["detail"].as_str().map(String::from))
        .unwrap_or_else(|| text.chars().take(300).collect());
    ElevenLabsError::Upstream { status, message }
}

/// Where ElevenLabs keys come from: the tenant's own (stored encrypted), else its agency's, else
/// the platform's (stored by platform staff, or configured).
#[derive(Clone)]
pub struct ElevenLabsAccess {
    /// `https://api.elevenlabs.io` (or a test server).
    pub base_url: String,
    /// The platform-wide key, if configured.
    pub platform_key: Option<String>,
    /// Decrypts tenants' keys.
    pub keyring: switchboard_platform::secrets::Keyring,
}

impl std::fmt::Debug for ElevenLabsAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ElevenLabsAccess")
            .field("base_url", &self.base_url)
            .field("platform_key", &self.platform_key.as_ref().map(|_| "***"))
            .finish()
    }
}

pub use switchboard_platform::tenant_secrets::KeySource;

impl ElevenLabsAccess {
    /// The key a tenant's requests use: its own, else the nearest ancestor's (agency, then the
    /// platform tenant), else the configured platform key.
    pub async fn key_for(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        tenant_id: uuid::Uuid,
    ) -> Result<Option<(String, KeySource)>, String> {
        let lineage = switchboard_tenancy::tenants::lineage_kinds(db, tenant_id)
            .await
            .map_err(|e| e.to_string())?;
        let stored = switchboard_platform::tenant_secrets::reveal_inherited(
            db,
            &self.keyring,
            &lineage,
            "elevenlabs",
        )
        .await
        .map_err(|e| e.to_string())?;
        Ok(stored.or_else(|| self.platform_key.clone().map(|k| (k, KeySource::Platform))))
    }

    /// A client with the key `key_for` picks; `Err` says why there is none.
    pub async fn client_for(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        tenant_id: uuid::Uuid,
    ) -> Result<ElevenLabsClient, String> {
        let (key, _) = self
            .key_for(db, tenant_id)
            .await?
            .ok_or("no ElevenLabs API key: add one under Settings, Integrations")?;
        ElevenLabsClient::new(&self.base_url, &key).map_err(|e| e.to_string())
    }
}
