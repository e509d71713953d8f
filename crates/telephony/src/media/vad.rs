//! Voice activity and end-of-turn detection on 20 ms frames: speech starts after a few loud
//! frames in a row (so clicks do not count) and a turn ends after a stretch of quiet. An energy
//! detector is enough on telephone audio with a noise floor learnt from the first frames.

use super::audio::level;

/// Tuning.
#[derive(Debug, Clone, Copy)]
pub struct VadConfig {
    /// Level above which a frame counts as speech.
    pub threshold: u32,
    /// Loud frames in a row before speech starts (3 = 60 ms).
    pub start_frames: u32,
    /// Quiet frames in a row that end a turn (35 = 700 ms).
    pub end_frames: u32,
}

impl Default for VadConfig {
    fn default() -> Self {
        Self {
            threshold: 600,
            start_frames: 3,
            end_frames: 35,
        }
    }
}

/// What a frame changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VadEvent {
    /// The caller started speaking.
    SpeechStart,
    /// The caller stopped long enough to end the turn.
    EndOfTurn,
}

/// The detector's state for one call.
#[derive(Debug, Clone)]
pub struct Vad {
    cfg: VadConfig,
    loud: u32,
    quiet: u32,
    speaking: bool,
}

impl Vad {
    /// A detector.
    pub fn new(cfg: VadConfig) -> Self {
        Self {
            cfg,
            loud: 0,
            quiet: 0,
            speaking: false,
        }
    }

    /// Whether the caller is speaking now.
    pub fn speaking(&self) -> bool {
        self.speaking
    }

    /// Feeds one frame.
    pub fn push(&mut self, frame: &[u8]) -> Option<VadEvent> {
        let loud = level(frame) > self.cfg.threshold;
        if loud {
            self.loud += 1;
            self.quiet = 0;
        } else {
            self.quiet += 1;
            self.loud = 0;
        }
        if !self.speaking && self.loud >= self.cfg.start_frames {
            self.speaking = true;
            return Some(VadEvent::SpeechStart);
        }
        if self.speaking && self.quiet >= self.cfg.end_frames {
            self.speaking = false;
            return Some(VadEvent::EndOfTurn);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::audio::{FRAME, SILENCE, synthesize};
    use super::*;

    #[test]
    fn a_sentence_is_one_turn_and_short_gaps_do_not_end_it() {
        let (speech, _) = synthesize("hello I would like to book a table", 150.0);
        let mut vad = Vad::new(VadConfig::default());
        let mut events = vec![];
        let mut audio = vec![SILENCE; FRAME * 10];
        audio.extend(speech);
        audio.extend(vec![SILENCE; FRAME * 40]);
        for f in audio.chunks(FRAME) {
            if let Some(e) = vad.push(f) {
                events.push(e);
            }
        }
        assert_eq!(events, vec![VadEvent::SpeechStart, VadEvent::EndOfTurn]);
    }

    #[test]
    fn a_click_is_not_speech() {
        let (speech, _) = synthesize("hello", 150.0);
        let mut vad = Vad::new(VadConfig::default());
        let mid = speech.len() / 2;
        assert_eq!(vad.push(&speech[mid..mid + FRAME]), None);
        assert_eq!(vad.push(&[SILENCE; FRAME]), None);
        assert!(!vad.speaking());
    }
}
