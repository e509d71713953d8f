//! Speech providers behind two traits. The offline pair serves the simulator and the embedded
//! default: offline recognition reads the words the simulated caller's frames carry beside their
//! audio; offline synthesis makes real, voice-like audio of the right length (so recordings play).

use std::sync::Arc;

use tokio::sync::mpsc;

use super::audio::{FRAME, synthesize};

/// Speech provider failures.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum SpeechError {
    /// The provider failed or refused.
    #[error("{0}")]
    Provider(String),
}

/// One caller turn: its μ-law audio and the words the frames carried (simulator only).
#[derive(Debug, Clone, Default)]
pub struct Utterance {
    /// μ-law 8 kHz audio of the turn.
    pub mulaw: Vec<u8>,
    /// Words carried beside the audio, in order.
    pub carried_words: Vec<String>,
}

/// Speech recognition.
#[async_trait::async_trait]
pub trait SpeechToText: Send + Sync {
    /// Provider name (`offline`, ...).
    fn name(&self) -> &'static str;
    /// The text of one turn.
    async fn transcribe(&self, u: &Utterance) -> Result<String, SpeechError>;
}

/// Speech synthesis.
#[async_trait::async_trait]
pub trait TextToSpeech: Send + Sync {
    /// Provider name.
    fn name(&self) -> &'static str;
    /// Streams μ-law 8 kHz audio of `text` in `voice` to `out` as it is made.
    async fn synthesize(
        &self,
        text: &str,
        voice: &str,
        out: &mpsc::Sender<Vec<u8>>,
    ) -> Result<(), SpeechError>;
}

/// Reads the words carried beside the simulated caller's audio.
#[derive(Debug, Clone, Default)]
pub struct OfflineStt;

#[async_trait::async_trait]
impl SpeechToText for OfflineStt {
    fn name(&self) -> &'static str {
        "offline"
    }
    async fn transcribe(&self, u: &Utterance) -> Result<String, SpeechError> {
        Ok(u.carried_words.join(" "))
    }
}

/// Voice-like synthetic audio, a word at a time, at a pitch chosen by the voice id.
#[derive(Debug, Clone, Default)]
pub struct OfflineTts;

#[async_trait::async_trait]
impl TextToSpeech for OfflineTts {
    fn name(&self) -> &'static str {
        "offline"
    }
    async fn synthesize(
        &self,
        text: &str,
        voice: &str,
        out: &mpsc::Sender<Vec<u8>>,
    ) -> Result<(), SpeechError> {
        let pitch = 170.0 + (voice.bytes().map(u32::from).sum::<u32>() % 60) as f32;
        for word in text.split_whitespace() {
            let (audio, _) = synthesize(word, pitch);
            for chunk in audio.chunks(FRAME * 5) {
                if out.send(chunk.to_vec()).await.is_err() {
                    return Ok(());
                }
            }
        }
        Ok(())
    }
}

/// The speech providers a call uses.
#[derive(Clone)]
pub struct Speech {
    /// Recognition.
    pub stt: Arc<dyn SpeechToText>,
    /// Synthesis.
    pub tts: Arc<dyn TextToSpeech>,
}

impl std::fmt::Debug for Speech {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speech")
            .field("stt", &self.stt.name())
            .field("tts", &self.tts.name())
            .finish()
    }
}

impl Default for Speech {
    fn default() -> Self {
        Self {
            stt: Arc::new(OfflineStt),
            tts: Arc::new(OfflineTts),
        }
    }
}
