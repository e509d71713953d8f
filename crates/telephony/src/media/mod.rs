//! The self-hosted voice runtime: Twilio Media Streams messages, audio, voice activity, speech
//! providers, the per-call session (speech recognition → conversation engine → speech synthesis,
//! with barge-in) and the simulated caller.

pub mod audio;
pub mod caller;
pub mod deepgram_stt;
pub mod elevenlabs_speech;
pub mod pool;
pub mod protocol;
pub mod session;
pub mod speech;
pub mod vad;
