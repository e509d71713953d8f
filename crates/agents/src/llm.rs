//! Language-model providers behind one trait: an OpenAI-compatible chat-completions client
//! (OpenAI, Mistral, Groq, vLLM, Ollama ... by base URL) with streaming, timeouts and retries, and
//! a deterministic offline engine used when no model is configured (the embedded default, tests).

use std::collections::{BTreeMap, VecDeque};
use std::pin::Pin;
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use serde::{Deserialize, Serialize};

/// One message of the conversation sent to the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LlmMessage {
    /// `system`, `user` or `assistant`.
    pub role: String,
    /// Text.
    pub content: String,
}

/// A completion request.
#[derive(Debug, Clone)]
pub struct LlmRequest {
    /// Model name.
    pub model: String,
    /// Conversation so far, system prompt first.
    pub messages: Vec<LlmMessage>,
    /// Sampling temperature.
    pub temperature: f32,
    /// Most tokens in the reply.
    pub max_tokens: u32,
    /// Prompt variables (the offline engine uses them in its answers).
    pub variables: BTreeMap<String, String>,
}

/// Token usage of one reply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Tokens read.
    pub prompt_tokens: u64,
    /// Tokens written.
    pub completion_tokens: u64,
}

/// What a streaming reply yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LlmEvent {
    /// More text.
    Delta(String),
    /// The reply is complete.
    Done(Usage),
}

/// Provider failures.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum LlmError {
    /// The provider answered an error (after retries where they apply).
    #[error("the language model answered {status}: {message}")]
    Upstream {
        /// HTTP status.
        status: u16,
        /// Provider message.
        message: String,
    },
    /// The provider could not be reached or timed out.
    #[error("the language model is unreachable: {0}")]
    Unreachable(String),
    /// The provider sent something we cannot read.
    #[error("the language model sent an unreadable answer: {0}")]
    Protocol(String),
}

/// A stream of reply events.
pub type LlmStream = Pin<Box<dyn Stream<Item = Result<LlmEvent, LlmError>> + Send>>;

/// A language-model provider.
#[async_trait::async_trait]
pub trait LlmProvider: Send + Sync {
    /// `offline` or `openai_compatible`.
    fn engine(&self) -> &'static str;
    /// Starts a streaming completion.
    async fn stream(&self, req: LlmRequest) -> Result<LlmStream, LlmError>;
}

/// Deterministic rule-based engine: no network, same answer for the same input.
#[derive(Debug, Clone, Default)]
pub struct OfflineEngine;

impl OfflineEngine {
    /// Whether a reply of this engine says goodbye (the voice runtime then ends the call).
    pub fn is_farewell(reply: &str) -> bool {
        reply.trim_end().ends_with("Goodbye!")
    }

    /// The reply to the last user message.
    pub fn reply(req: &LlmRequest) -> String {
        let last = req
            .messages
            .iter()
            .rev()
            .find(|m| m.role == "user")
            .map(|m| m.content.as_str())
            .unwrap_or_default();
        let lower = last.to_lowercase();
        let has = |words: &[&str]| {
            words
                .iter()
                .any(|w| lower.split(|c: char| !c.is_alphanumeric()).any(|t| t == *w))
        };
        let company = req
            .variables
            .get("company")
            .cloned()
            .unwrap_or_else(|| "us".into());
        let name = req
            .variables
            .get("contact.name")
            .map(|n| format!(", {n}"))
            .unwrap_or_default();
        if has(&["hello", "hi", "hey", "hallo", "morning"]) {
            format!("Hello{name}! Thanks for contacting {company}. How can I help you today?")
        } else if has(&["hours", "open", "opening", "closed"]) {
            "We are open Monday to Friday from 9 am to 5 pm.".into()
        } else if has(&["price", "prices", "cost", "costs", "pricing", "quote"]) {
            "I can have our team send you a quote. May I have your email address?".into()
        } else if has(&["human", "person", "someone", "representative", "operator"]) {
            "Of course. I will connect you with a member of our team.".into()
        } else if has(&["bye", "goodbye", "thanks", "thank"]) {
            format!("Thank you for contacting {company}. Goodbye!")
        } else if last.trim().is_empty() {
            "Sorry, I did not catch that. Could you say it again?".into()
        } else {
            format!(
                "I understand: \"{}\". Could you tell me a little more so I can help?",
                last.trim()
            )
        }
    }
}

/// Rough token count (words and punctuation) for engines that do not report usage.
pub fn estimate_tokens(text: &str) -> u64 {
    text.split_whitespace().count() as u64
        + text.chars().filter(|c| c.is_ascii_punctuation()).count() as u64 / 2
}

#[async_trait::async_trait]
impl LlmProvider for OfflineEngine {
    fn engine(&self) -> &'static str {
        "offline"
    }

    async fn stream(&self, req: LlmRequest) -> Result<LlmStream, LlmError> {
        let reply = Self::reply(&req);
        let usage = Usage {
            prompt_tokens: req
                .messages
                .iter()
                .map(|m| estimate_tokens(&m.content))
                .sum(),
            completion_tokens: estimate_tokens(&reply),
        };
        let mut events: Vec<Result<LlmEvent, LlmError>> = Vec::new();
        let mut first = true;
        for word in reply.split(' ') {
            let piece = if first {
                word.to_string()
            } else {
                format!(" {word}")
            };
            first = false;
            events.push(Ok(LlmEvent::Delta(piece)));
        }
        events.push(Ok(LlmEvent::Done(usage)));
        // A short pause per word, so the offline engine streams like a real model does.
        let paced = futures_util::stream::iter(events).then(|e| async move {
            tokio::time::sleep(Duration::from_millis(12)).await;
            e
        });
        Ok(Box::pin(paced))
    }
}

/// Settings of an OpenAI-compatible endpoint.
#[derive(Clone)]
pub struct OpenAiConfig {
    /// Base URL up to `/v1`, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`.
    pub base_url: String,
    /// Bearer key (may be empty for local servers).
    pub api_key: String,
    /// Attempts before giving up on 429/5xx/connection errors.
    pub max_attempts: u32,
    /// First back-off; doubles per attempt, with jitter.
    pub backoff: Duration,
}

impl std::fmt::Debug for OpenAiConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiConfig")
            .field("base_url", &self.base_url)
            .field("api_key", &"***")
            .finish_non_exhaustive()
    }
}

/// OpenAI-compatible chat-completions client.
#[derive(Debug, Clone)]
pub struct OpenAiCompatible {
    cfg: OpenAiConfig,
    http: reqwest::Client,
}

impl OpenAiCompatible {
    /// Builds the client (connect timeout 5 s, 30 s without data ends the stream).
    pub fn new(cfg: OpenAiConfig) -> Result<Self, LlmError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .read_timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| LlmError::Unreachable(e.to_string()))?;
        Ok(Self { cfg, http })
    }

    fn retryable(status: u16) -> bool {
        status == 429 || status >= 500
    }

    fn delay(&self, attempt: u32, retry_after: Option<u64>) -> Duration {
        if let Some(s) = retry_after {
            return Duration::from_secs(s.min(5));
        }
        let base = self
            .cfg
            .backoff
            .saturating_mul(2u32.saturating_pow(attempt));
        let jitter = rand::random_range(0..=base.as_millis().max(1) as u64 / 2);
        base + Duration::from_millis(jitter)
    }
}

#[derive(Serialize)]
struct WireRequest<'a> {
    model: &'a str,
    messages: &'a [LlmMessage],
    temperature: f32,
    max_tokens: u32,
    stream: bool,
    stream_options: StreamOptions,
}

#[derive(Serialize)]
struct StreamOptions {
    include_usage: bool,
}

#[derive(Deserialize)]
struct WireChunk {
    #[serde(default)]
    choices: Vec<WireChoice>,
    usage: Option<WireUsage>,
}

#[derive(Deserialize)]
struct WireChoice {
    #[serde(default)]
    delta: WireDelta,
}

#[derive(Deserialize, Default)]
struct WireDelta {
    content: Option<String>,
}

#[derive(Deserialize)]
struct WireUsage {
    prompt_tokens: u64,
    completion_tokens: u64,
}

/// Splits server-sent events out of a byte buffer: returns the `data:` payloads of complete events.
pub fn drain_sse(buf: &mut String) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        let normalized = buf.replace("\r\n", "\n");
        if normalized.len() != buf.len() {
            *buf = normalized;
        }
        let Some(end) = buf.find("\n\n") else { break };
        let event: String = buf.drain(..end + 2).collect();
        let data: Vec<&str> = event
            .lines()
            .filter_map(|l| l.strip_prefix("data:"))
            .map(|d| d.strip_prefix(' ').unwrap_or(d))
            .collect();
        if !data.is_empty() {
            out.push(data.join("\n"));
        }
    }
    out
}

#[async_trait::async_trait]
impl LlmProvider for OpenAiCompatible {
    fn engine(&self) -> &'static str {
        "openai_compatible"
    }

    async fn stream(&self, req: LlmRequest) -> Result<LlmStream, LlmError> {
        let url = format!(
            "{}/chat/completions",
            self.cfg.base_url.trim_end_matches('/')
        );
        let body = WireRequest {
            model: &req.model,
            messages: &req.messages,
            temperature: req.temperature,
            max_tokens: req.max_tokens,
            stream: true,
            stream_options: StreamOptions {
                include_usage: true,
            },
        };
        let mut attempt = 0;
        let response = loop {
            let mut r = self.http.post(&url).json(&body);
            if !self.cfg.api_key.is_empty() {
                r = r.bearer_auth(&self.cfg.api_key);
            }
            let last = attempt + 1 >= self.cfg.max_attempts.max(1);
            match r.send().await {
                Ok(res) if res.status().is_success() => break res,
                Ok(res) => {
                    let status = res.status().as_u16();
                    let retry_after = res
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.parse().ok());
                    if Self::retryable(status) && !last {
                        tokio::time::sleep(self.delay(attempt, retry_after)).await;
                        attempt += 1;
                        continue;
                    }
                    let text = res.text().await.unwrap_or_default();
                    let message = serde_json::from_str::<serde_json::Value>(&text)
                        .ok()
                        .and_then(|v| v["error"]["message"].as_str().map(String::from))
                        .unwrap_or_else(|| text.chars().take(300).collect());
                    return Err(LlmError::Upstream { status, message });
                }
                Err(e) if !last => {
                    tracing::warn!(error = %e, attempt, "language model request failed; retrying");
                    tokio::time::sleep(self.delay(attempt, None)).await;
                    attempt += 1;
                }
                Err(e) => return Err(LlmError::Unreachable(e.to_string())),
            }
        };
        let prompt_estimate: u64 = req
            .messages
            .iter()
            .map(|m| estimate_tokens(&m.content))
            .sum();
        let state = (
            response.bytes_stream(),
            String::new(),
            VecDeque::<Result<LlmEvent, LlmError>>::new(),
            None::<Usage>,
            String::new(),
            false,
        );
        let s = futures_util::stream::unfold(
            state,
            move |(mut bytes, mut buf, mut queue, mut usage, mut text, mut finished)| async move {
                loop {
                    if let Some(ev) = queue.pop_front() {
                        return Some((ev, (bytes, buf, queue, usage, text, finished)));
                    }
                    if finished {
                        return None;
                    }
                    match bytes.next().await {
                        Some(Ok(chunk)) => {
                            buf.push_str(&String::from_utf8_lossy(&chunk));
                            for data in drain_sse(&mut buf) {
                                if data.trim() == "[DONE]" {
                                    finished = true;
                                    let u = usage.unwrap_or(Usage {
                                        prompt_tokens: prompt_estimate,
                                        completion_tokens: estimate_tokens(&text),
                                    });
                                    queue.push_back(Ok(LlmEvent::Done(u)));
                                    break;
                                }
                                match serde_json::from_str::<WireChunk>(&data) {
                                    Ok(c) => {
                                        if let Some(u) = c.usage {
                                            usage = Some(Usage {
                                                prompt_tokens: u.prompt_tokens,
                                                completion_tokens: u.completion_tokens,
                                            });
                                        }
                                        for ch in c.choices {
                                            if let Some(t) =
                                                ch.delta.content.filter(|t| !t.is_empty())
                                            {
                                                text.push_str(&t);
                                                queue.push_back(Ok(LlmEvent::Delta(t)));
                                            }
                                        }
                                    }
                                    Err(e) => {
                                        finished = true;
                                        queue.push_back(Err(LlmError::Protocol(e.to_string())));
                                        break;
                                    }
                                }
                            }
                        }
                        Some(Err(e)) => {
                            finished = true;
                            queue.push_back(Err(LlmError::Unreachable(e.to_string())));
                        }
                        None => {
                            // The server closed without [DONE]: finish with what arrived.
                            finished = true;
                            let u = usage.unwrap_or(Usage {
                                prompt_tokens: prompt_estimate,
                                completion_tokens: estimate_tokens(&text),
                            });
                            queue.push_back(Ok(LlmEvent::Done(u)));
                        }
                    }
                }
            },
        );
        Ok(Box::pin(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(text: &str) -> LlmRequest {
        LlmRequest {
            model: "m".into(),
            messages: vec![
                LlmMessage {
                    role: "system".into(),
                    content: "sys".into(),
                },
                LlmMessage {
                    role: "user".into(),
                    content: text.into(),
                },
            ],
            temperature: 0.5,
            max_tokens: 100,
            variables: BTreeMap::from([("company".to_string(), "Acme".to_string())]),
        }
    }

    #[test]
    fn the_offline_engine_is_deterministic_and_uses_variables() {
        assert_eq!(
            OfflineEngine::reply(&req("Hi there")),
            OfflineEngine::reply(&req("Hi there"))
        );
        assert!(OfflineEngine::reply(&req("hello")).contains("Acme"));
        assert!(OfflineEngine::reply(&req("What are your opening hours?")).contains("Monday"));
        assert!(OfflineEngine::reply(&req("blue whale")).contains("blue whale"));
    }

    #[test]
    fn sse_events_are_split_across_chunk_boundaries() {
        let mut buf = String::from("data: {\"a\":1}\n\ndata: {\"b\"");
        assert_eq!(drain_sse(&mut buf), vec!["{\"a\":1}".to_string()]);
        buf.push_str(":2}\r\n\r\n: comment\n\ndata: [DONE]\n\n");
        assert_eq!(
            drain_sse(&mut buf),
            vec!["{\"b\":2}".to_string(), "[DONE]".to_string()]
        );
        assert!(buf.is_empty());
    }
}
