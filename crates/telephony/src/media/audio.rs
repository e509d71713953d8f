//! Telephone audio: G.711 μ-law at 8 kHz in 20 ms frames (Twilio Media Streams' format), a
//! deterministic voice-like synthesiser for the offline speech engine and the simulated caller,
//! and two-channel WAV for recordings.

/// Samples per second.
pub const RATE: usize = 8000;
/// Bytes (= samples) in one 20 ms μ-law frame.
pub const FRAME: usize = 160;
/// μ-law of silence.
pub const SILENCE: u8 = 0xFF;

const BIAS: i32 = 0x84;
const CLIP: i32 = 32635;

/// μ-law of a 16-bit sample (ITU-T G.711).
pub fn encode(sample: i16) -> u8 {
    let mut s = i32::from(sample);
    let sign = if s < 0 {
        s = -s;
        0x80
    } else {
        0
    };
    s = s.min(CLIP) + BIAS;
    let mut exponent = 7;
    let mut mask = 0x4000;
    while exponent > 0 && (s & mask) == 0 {
        exponent -= 1;
        mask >>= 1;
    }
    let mantissa = (s >> (exponent + 3)) & 0x0F;
    !((sign | (exponent << 4) | mantissa) as u8)
}

/// The 16-bit sample of a μ-law byte.
pub fn decode(byte: u8) -> i16 {
    let u = !byte;
    let exponent = i32::from((u >> 4) & 0x07);
    let mantissa = i32::from(u & 0x0F);
    let s = (((mantissa << 3) + BIAS) << exponent) - BIAS;
    if u & 0x80 != 0 { -s as i16 } else { s as i16 }
}

/// Root-mean-square level of a μ-law frame (0 for silence, thousands for speech).
pub fn level(frame: &[u8]) -> u32 {
    if frame.is_empty() {
        return 0;
    }
    let sum: f64 = frame
        .iter()
        .map(|b| {
            let s = f64::from(decode(*b));
            s * s
        })
        .sum();
    (sum / frame.len() as f64).sqrt() as u32
}

fn seed_of(word: &str) -> u32 {
    word.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    })
}

/// Milliseconds a word takes to say (the synthesiser's speaking rate, about 160 words a minute).
pub fn word_ms(word: &str) -> usize {
    180 + 25 * word.chars().filter(|c| c.is_alphanumeric()).count().min(12)
}

/// Gap between words.
pub const GAP_MS: usize = 70;

/// Voice-like μ-law audio for `text`: each word a voiced sound (a few harmonics of a pitch that
/// moves, under a smooth envelope), with short gaps between words. Deterministic, so recordings
/// and tests are reproducible. Returns the audio and, per word, the sample offset where it starts.
pub fn synthesize(text: &str, pitch_hz: f32) -> (Vec<u8>, Vec<(usize, String)>) {
    let mut out = Vec::new();
    let mut starts = Vec::new();
    for word in text.split_whitespace() {
        let n = word_ms(word) * RATE / 1000;
        let seed = seed_of(word);
        let f0 = pitch_hz * (0.85 + (seed % 30) as f32 / 100.0);
        starts.push((out.len(), word.to_string()));
        for i in 0..n {
            let t = i as f32 / RATE as f32;
            let p = i as f32 / n as f32;
            let env = (std::f32::consts::PI * p).sin().powf(0.6);
            let f = f0 * (1.0 + 0.08 * (p - 0.5));
            let mut s = 0.0f32;
            for (h, a) in [(1.0, 1.0), (2.0, 0.55), (3.0, 0.3), (4.0, 0.18)] {
                s += a * (2.0 * std::f32::consts::PI * f * h * t).sin();
            }
            out.push(encode((s * env * 5200.0) as i16));
        }
        out.extend(std::iter::repeat_n(SILENCE, GAP_MS * RATE / 1000));
    }
    (out, starts)
}

/// A two-channel (left: caller, right: agent) 16-bit PCM WAV at 8 kHz from μ-law tracks.
pub fn stereo_wav(left: &[u8], right: &[u8]) -> Vec<u8> {
    let n = left.len().max(right.len());
    let data_len = (n * 4) as u32;
    let mut w = Vec::with_capacity(44 + n * 4);
    w.extend_from_slice(b"RIFF");
    w.extend_from_slice(&(36 + data_len).to_le_bytes());
    w.extend_from_slice(b"WAVEfmt ");
    w.extend_from_slice(&16u32.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes()); // PCM
    w.extend_from_slice(&2u16.to_le_bytes()); // channels
    w.extend_from_slice(&(RATE as u32).to_le_bytes());
    w.extend_from_slice(&((RATE * 4) as u32).to_le_bytes());
    w.extend_from_slice(&4u16.to_le_bytes());
    w.extend_from_slice(&16u16.to_le_bytes());
    w.extend_from_slice(b"data");
    w.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..n {
        let l = decode(left.get(i).copied().unwrap_or(SILENCE));
        let r = decode(right.get(i).copied().unwrap_or(SILENCE));
        w.extend_from_slice(&l.to_le_bytes());
        w.extend_from_slice(&r.to_le_bytes());
    }
    w
}

/// Seconds of audio in a WAV made by [`stereo_wav`].
pub fn wav_secs(wav: &[u8]) -> f64 {
    if wav.len() < 44 {
        return 0.0;
    }
    ((wav.len() - 44) / 4) as f64 / RATE as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mu_law_round_trips_and_matches_g711() {
        assert_eq!(encode(0), 0xFF);
        assert_eq!(decode(0xFF), 0);
        assert_eq!(encode(-1), 0x7F);
        assert_eq!(decode(0x80), 32124);
        assert_eq!(decode(0x00), -32124);
        for s in [-30000i16, -1000, -8, 8, 100, 1000, 12345, 30000] {
            let back = decode(encode(s));
            let err = (i32::from(back) - i32::from(s)).abs();
            assert!(err <= i32::from(s).abs() / 16 + 8, "{s} -> {back}");
        }
    }

    #[test]
    fn synthetic_speech_is_loud_where_words_are_and_silent_between() {
        let (audio, starts) = synthesize("hello there", 140.0);
        assert_eq!(starts.len(), 2);
        assert_eq!(starts[0], (0, "hello".to_string()));
        let mid = starts[0].0 + word_ms("hello") * RATE / 2000;
        assert!(level(&audio[mid..mid + FRAME]) > 1000);
        let gap = starts[1].0 - 100;
        assert!(level(&audio[gap..gap + 80]) < 50);
        let (again, _) = synthesize("hello there", 140.0);
        assert_eq!(audio, again, "deterministic");
    }

    #[test]
    fn wav_has_both_channels_and_the_right_length() {
        let wav = stereo_wav(&vec![SILENCE; 8000], &vec![SILENCE; 4000]);
        assert_eq!(&wav[0..4], b"RIFF");
        assert_eq!(u16::from_le_bytes([wav[22], wav[23]]), 2);
        assert!((wav_secs(&wav) - 1.0).abs() < 1e-9);
    }
}
