//! Deepgram as the streaming speech recogniser of the built-in runtime. Each caller turn opens a
//! live session (`GET /v1/listen` upgraded to a websocket, `Authorization: Token …`) as soon as
//! the voice-activity detector hears speech, so the connection is made while the caller talks.
//! Frames go on as they arrive, raw μ-law 8 kHz (exactly what Twilio sends); at the end of the
//! turn `{"type":"CloseStream"}` makes Deepgram flush what it holds, send its last final results
//! and close. What is left to wait for at the end of a turn is therefore the tail of the audio, not
//! the whole turn. The turn's text is every final (`is_final: true`) result, in order.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

use super::audio::RATE;
use super::speech::{SpeechError, SpeechToText, TurnAudio, Utterance};

/// How long the final results may take once the turn has ended.
const FLUSH_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the connection may take to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The live-streaming client.
#[derive(Debug, Clone)]
pub struct DeepgramStt {
    base_url: String,
    api_key: String,
    model: String,
}

impl DeepgramStt {
    /// A client: `base_url` is `wss://api.deepgram.com` (or a `ws://` test server), `model` e.g.
    /// `nova-3`.
    pub fn new(base_url: &str, api_key: &str, model: &str) -> Result<Self, SpeechError> {
        let u = url::Url::parse(base_url)
            .map_err(|e| SpeechError::Provider(format!("deepgram base URL: {e}")))?;
        if !matches!(u.scheme(), "ws" | "wss") {
            return Err(SpeechError::Provider(
                "deepgram base URL: must be ws:// or wss://".into(),
            ));
        }
        Ok(Self {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key: api_key.to_string(),
            model: model.to_string(),
        })
    }

    /// The listen URL for one turn.
    fn listen_url(&self, language: &str) -> Result<url::Url, SpeechError> {
        let mut u = url::Url::parse(&format!("{}/v1/listen", self.base_url))
            .map_err(|e| SpeechError::Provider(e.to_string()))?;
        u.query_pairs_mut()
            .append_pair("model", &self.model)
            .append_pair("encoding", "mulaw")
            .append_pair("sample_rate", &RATE.to_string())
            .append_pair("channels", "1")
            .append_pair("punctuate", "true")
            .append_pair("smart_format", "true")
            .append_pair("interim_results", "false");
        if !language.is_empty() {
            u.query_pairs_mut().append_pair("language", language);
        }
        Ok(u)
    }
}

/// The text of a `Results` message that is final, if it is one.
fn final_text(msg: &serde_json::Value) -> Option<&str> {
    if msg["type"] != "Results" || msg["is_final"] != true {
        return None;
    }
    msg["channel"]["alternatives"][0]["transcript"]
        .as_str()
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

fn provider(e: impl std::fmt::Display) -> SpeechError {
    SpeechError::Provider(format!("Deepgram: {e}"))
}

#[async_trait::async_trait]
impl SpeechToText for DeepgramStt {
    fn name(&self) -> &'static str {
        "deepgram"
    }

    async fn transcribe(&self, u: &Utterance) -> Result<String, SpeechError> {
        let (tx, rx) = mpsc::unbounded_channel();
        for frame in u.mulaw.chunks(super::audio::FRAME) {
            let _ = tx.send(TurnAudio::Frame(frame.to_vec()));
        }
        let _ = tx.send(TurnAudio::End {
            carried_words: vec![],
        });
        self.stream(&u.language, rx).await
    }

    async fn stream(
        &self,
        language: &str,
        mut audio: mpsc::UnboundedReceiver<TurnAudio>,
    ) -> Result<String, SpeechError> {
        let mut req = self
            .listen_url(language)?
            .as_str()
            .into_client_request()
            .map_err(provider)?;
        req.headers_mut().insert(
            "authorization",
            HeaderValue::from_str(&format!("Token {}", self.api_key)).map_err(provider)?,
        );
        let (ws, _) = tokio::time::timeout(CONNECT_TIMEOUT, tokio_tungstenite::connect_async(req))
            .await
            .map_err(|_| provider("the connection timed out"))?
            .map_err(|e| match e {
                tokio_tungstenite::tungstenite::Error::Http(res) => {
                    let body = res
                        .body()
                        .as_deref()
                        .map(String::from_utf8_lossy)
                        .unwrap_or_default();
                    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                    let why = v["err_msg"]
                        .as_str()
                        .map(String::from)
                        .unwrap_or_else(|| body.chars().take(200).collect());
                    provider(format!("answered {}: {why}", res.status().as_u16()))
                }
                other => provider(other),
            })?;
        let (mut sink, mut source) = ws.split();
        let mut text: Vec<String> = vec![];
        let mut flush_deadline: Option<tokio::time::Instant> = None;
        let mut sending = true;
        loop {
            let flush = async {
                match flush_deadline {
                    Some(d) => tokio::time::sleep_until(d).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                a = audio.recv(), if sending => match a {
                    Some(TurnAudio::Frame(f)) => {
                        sink.send(Message::binary(f)).await.map_err(provider)?;
                    }
                    Some(TurnAudio::End { .. }) => {
                        sending = false;
                        sink.send(Message::text(r#"{"type":"CloseStream"}"#)).await.map_err(provider)?;
                        flush_deadline = Some(tokio::time::Instant::now() + FLUSH_TIMEOUT);
                    }
                    // The call went away mid-turn: nothing to recognise.
                    None => return Err(provider("the turn was abandoned")),
                },
                m = source.next() => match m {
                    Some(Ok(Message::Text(t))) => {
                        let v: serde_json::Value = serde_json::from_str(&t).unwrap_or_default();
                        if let Some(words) = final_text(&v) {
                            text.push(words.to_string());
                        } else if v["type"] == "Error" || v.get("err_code").is_some() {
                            let why = v["description"].as_str().or(v["err_msg"].as_str()).unwrap_or("error");
                            return Err(provider(why));
                        }
                    }
                    Some(Ok(Message::Close(_))) | None => break,
                    Some(Ok(_)) => {}
                    Some(Err(e)) => return Err(provider(e)),
                },
                _ = flush => return Err(provider("no final result within 5 s of the turn's end")),
            }
        }
        if sending {
            return Err(provider("the connection closed before the turn ended"));
        }
        Ok(text.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_results_only() {
        let fin = serde_json::json!({"type": "Results", "is_final": true,
            "channel": {"alternatives": [{"transcript": " hello there "}]}});
        let interim = serde_json::json!({"type": "Results", "is_final": false,
            "channel": {"alternatives": [{"transcript": "hello"}]}});
        let empty = serde_json::json!({"type": "Results", "is_final": true,
            "channel": {"alternatives": [{"transcript": ""}]}});
        assert_eq!(final_text(&fin), Some("hello there"));
        assert_eq!(final_text(&interim), None);
        assert_eq!(final_text(&empty), None);
        assert_eq!(final_text(&serde_json::json!({"type": "Metadata"})), None);
    }

    #[test]
    fn listen_url_carries_the_format() {
        let d = DeepgramStt::new("wss://api.deepgram.com/", "k", "nova-3")
            .unwrap_or_else(|e| panic!("{e}"));
        let u = d.listen_url("en-US").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(u.path(), "/v1/listen");
        let q: std::collections::HashMap<_, _> = u.query_pairs().into_owned().collect();
        assert_eq!(q["encoding"], "mulaw");
        assert_eq!(q["sample_rate"], "8000");
        assert_eq!(q["model"], "nova-3");
        assert_eq!(q["language"], "en-US");
        assert!(DeepgramStt::new("https://api.deepgram.com", "k", "nova-3").is_err());
    }
}
