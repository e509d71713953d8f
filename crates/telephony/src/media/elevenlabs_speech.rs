//! ElevenLabs as the speech provider of the built-in runtime: streaming synthesis straight in
//! Twilio's format (`POST /v1/text-to-speech/{voice}/stream?output_format=ulaw_8000`, audio
//! forwarded chunk by chunk as it arrives) and recognition of each caller turn as the voice
//! activity detector cuts it (`POST /v1/speech-to-text`, Scribe). Recognition is per turn rather
//! than streamed word by word: the turn is only answered once it ended anyway, and a turn of a few
//! seconds is recognised in a few hundred milliseconds, which the per-turn timings show.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::json;
use tokio::sync::mpsc;

use super::audio::{RATE, decode};
use super::speech::{SpeechError, SpeechToText, TextToSpeech, Utterance};

fn client() -> Result<reqwest::Client, SpeechError> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(20))
        .build()
        .map_err(|e| SpeechError::Provider(e.to_string()))
}

fn safe(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

async fn failure(res: reqwest::Response) -> SpeechError {
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let message = v["detail"]["message"]
        .as_str()
        .map(String::from)
        .unwrap_or_else(|| text.chars().take(200).collect());
    SpeechError::Provider(format!("ElevenLabs answered {status}: {message}"))
}

/// Streaming synthesis.
#[derive(Clone)]
pub struct ElevenLabsTts {
    base_url: String,
    api_key: String,
    model_id: String,
    http: reqwest::Client,
}

impl ElevenLabsTts {
    /// A client (`model_id` e.g. `eleven_flash_v2_5`, the low-latency model).
    pub fn new(base_url: &str, api_key: &str, model_id: &str) -> Result<Self, SpeechError> {
        Ok(Self {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key: api_key.to_string(),
            model_id: model_id.to_string(),
            http: client()?,
        })
    }
}

#[async_trait::async_trait]
impl TextToSpeech for ElevenLabsTts {
    fn name(&self) -> &'static str {
        "elevenlabs"
    }
    async fn synthesize(
        &self,
        text: &str,
        voice: &str,
        out: &mpsc::Sender<Vec<u8>>,
    ) -> Result<(), SpeechError> {
        let res = self
            .http
            .post(format!(
                "{}/v1/text-to-speech/{}/stream",
                self.base_url,
                safe(voice)
            ))
            .query(&[("output_format", "ulaw_8000")])
            .header("xi-api-key", &self.api_key)
            .json(&json!({ "text": text, "model_id": self.model_id }))
            .send()
            .await
            .map_err(|e| SpeechError::Provider(e.to_string()))?;
        if !res.status().is_success() {
            return Err(failure(res).await);
        }
        let mut body = res.bytes_stream();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| SpeechError::Provider(e.to_string()))?;
            if !chunk.is_empty() && out.send(chunk.to_vec()).await.is_err() {
                break;
            }
        }
        Ok(())
    }
}

/// Recognition of one turn.
#[derive(Clone)]
pub struct ElevenLabsStt {
    base_url: String,
    api_key: String,
    model_id: String,
    http: reqwest::Client,
}

impl ElevenLabsStt {
    /// A client (`model_id` e.g. `scribe_v1`).
    pub fn new(base_url: &str, api_key: &str, model_id: &str) -> Result<Self, SpeechError> {
        Ok(Self {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key: api_key.to_string(),
            model_id: model_id.to_string(),
            http: client()?,
        })
    }
}

/// A mono 16-bit PCM WAV of μ-law audio.
pub fn mono_wav(mulaw: &[u8]) -> Vec<u8> {
    let data_len = (mulaw.len() * 2) as u32;
    let mut w = Vec::with_capacity(44 + mulaw.len() * 2);
    w.extend_from_slice(b"RIFF");
    w.extend_from_slice(&(36 + data_len).to_le_bytes());
    w.extend_from_slice(b"WAVEfmt ");
    w.extend_from_slice(&16u32.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes());
    w.extend_from_slice(&(RATE as u32).to_le_bytes());
    w.extend_from_slice(&((RATE * 2) as u32).to_le_bytes());
    w.extend_from_slice(&2u16.to_le_bytes());
    w.extend_from_slice(&16u16.to_le_bytes());
    w.extend_from_slice(b"data");
    w.extend_from_slice(&data_len.to_le_bytes());
    for b in mulaw {
        w.extend_from_slice(&decode(*b).to_le_bytes());
    }
    w
}

#[async_trait::async_trait]
impl SpeechToText for ElevenLabsStt {
    fn name(&self) -> &'static str {
        "elevenlabs"
    }
    async fn transcribe(&self, u: &Utterance) -> Result<String, SpeechError> {
        let file = reqwest::multipart::Part::bytes(mono_wav(&u.mulaw))
            .file_name("turn.wav")
            .mime_str("audio/wav")
            .map_err(|e| SpeechError::Provider(e.to_string()))?;
        let mut form = reqwest::multipart::Form::new()
            .text("model_id", self.model_id.clone())
            .text("file_format", "other")
            .text("tag_audio_events", "false")
            .part("file", file);
        // Scribe takes an ISO 639 code; without one (or for `multi`) it detects the language.
        let code = u
            .language
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if (2..=3).contains(&code.len()) && code != "mul" {
            form = form.text("language_code", code);
        }
        let res = self
            .http
            .post(format!("{}/v1/speech-to-text", self.base_url))
            .header("xi-api-key", &self.api_key)
            .multipart(form)
            .send()
            .await
            .map_err(|e| SpeechError::Provider(e.to_string()))?;
        if !res.status().is_success() {
            return Err(failure(res).await);
        }
        let v: serde_json::Value = res
            .json()
            .await
            .map_err(|e| SpeechError::Provider(e.to_string()))?;
        Ok(v["text"].as_str().unwrap_or_default().trim().to_string())
    }
}
