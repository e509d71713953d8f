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
    /// The language to expect (BCP 47, or `multi` when the agent may switch).
    pub language: String,
}

/// A caller turn as it is spoken: μ-law frames from the start of speech, then its end.
#[derive(Debug, Clone)]
pub enum TurnAudio {
    /// 20 ms of μ-law audio.
    Frame(Vec<u8>),
    /// The caller stopped speaking; the words the frames carried (simulator only).
    End {
        /// Words carried beside the audio, in order.
        carried_words: Vec<String>,
    },
}

/// Speech recognition.
#[async_trait::async_trait]
pub trait SpeechToText: Send + Sync {
    /// Provider name (`offline`, ...).
    fn name(&self) -> &'static str;
    /// The text of one finished turn.
    async fn transcribe(&self, u: &Utterance) -> Result<String, SpeechError>;
    /// Recognises a turn while it is spoken: frames arrive on `audio` from the start of speech
    /// and `End` follows when the caller stops; the text is returned once recognised. Streaming
    /// providers send each frame on as it comes, so only the tail is left at the end of the turn;
    /// the default collects the turn and calls [`SpeechToText::transcribe`].
    async fn stream(
        &self,
        language: &str,
        mut audio: mpsc::UnboundedReceiver<TurnAudio>,
    ) -> Result<String, SpeechError> {
        let mut u = Utterance {
            language: language.to_string(),
            ..Default::default()
        };
        while let Some(a) = audio.recv().await {
            match a {
                TurnAudio::Frame(f) => u.mulaw.extend_from_slice(&f),
                TurnAudio::End { carried_words } => {
                    u.carried_words = carried_words;
                    return self.transcribe(&u).await;
                }
            }
        }
        Err(SpeechError::Provider(
            "the turn's audio stopped before the turn ended".into(),
        ))
    }
}

/// One turn being recognised in the background; dropping it stops the recognition.
#[derive(Debug)]
pub struct Recognition {
    frames: mpsc::UnboundedSender<TurnAudio>,
    task: tokio::task::JoinHandle<Result<String, SpeechError>>,
}

impl Recognition {
    /// Starts recognising a turn that has just begun.
    pub fn start(stt: Arc<dyn SpeechToText>, language: String) -> Self {
        let (frames, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(async move { stt.stream(&language, rx).await });
        Self { frames, task }
    }

    /// Passes on a frame of the turn (never waits).
    pub fn push(&self, frame: &[u8]) {
        let _ = self.frames.send(TurnAudio::Frame(frame.to_vec()));
    }

    /// Ends the turn; [`Recognition::text`] then gives its words.
    pub fn end(&self, carried_words: Vec<String>) {
        let _ = self.frames.send(TurnAudio::End { carried_words });
    }

    /// The turn's text, once recognised.
    pub async fn text(mut self) -> Result<String, SpeechError> {
        match (&mut self.task).await {
            Ok(r) => r,
            Err(e) => Err(SpeechError::Provider(format!("recognition stopped: {e}"))),
        }
    }
}

impl Drop for Recognition {
    fn drop(&mut self) {
        self.task.abort();
    }
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
