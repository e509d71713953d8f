//! Twilio Media Streams messages. In: `connected`, `start`, `media`, `mark`, `dtmf`, `stop` (JSON
//! text frames; numbers as strings). Out: `media`, `mark`, `clear`. Audio is base64 μ-law 8 kHz.
//! The simulated caller adds `media.text`, the word a frame's audio starts, which real Twilio
//! never sends and which only the offline recogniser reads.

use std::collections::BTreeMap;

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// A message from the carrier (or the simulated caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbound {
    /// First message.
    Connected,
    /// The stream starts.
    Start {
        /// Stream id.
        stream_sid: String,
        /// Carrier call id.
        call_sid: String,
        /// `<Parameter>`s of the TwiML.
        params: BTreeMap<String, String>,
    },
    /// 20 ms (or more) of caller audio.
    Media {
        /// μ-law bytes.
        payload: Vec<u8>,
        /// Milliseconds since the stream started.
        timestamp_ms: u64,
        /// Word carried beside the audio (simulator).
        text: Option<String>,
    },
    /// A mark we sent has played (or was cleared).
    Mark {
        /// Its name.
        name: String,
    },
    /// A key press.
    Dtmf {
        /// `0`-`9`, `*`, `#`.
        digit: String,
    },
    /// The call ended.
    Stop,
}

#[derive(Deserialize)]
struct Raw {
    event: String,
    #[serde(default)]
    start: Option<RawStart>,
    #[serde(default)]
    media: Option<RawMedia>,
    #[serde(default)]
    mark: Option<RawMark>,
    #[serde(default)]
    dtmf: Option<RawDtmf>,
    #[serde(default, rename = "streamSid")]
    stream_sid: Option<String>,
}

#[derive(Deserialize)]
struct RawStart {
    #[serde(rename = "streamSid", default)]
    stream_sid: Option<String>,
    #[serde(rename = "callSid", default)]
    call_sid: String,
    #[serde(rename = "customParameters", default)]
    custom: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct RawMedia {
    payload: String,
    #[serde(default)]
    timestamp: Option<Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    track: Option<String>,
}

#[derive(Deserialize)]
struct RawMark {
    name: String,
}

#[derive(Deserialize)]
struct RawDtmf {
    digit: String,
}

/// Parses one text frame; `None` for anything we do not use (outbound-track media, unknown
/// events) or cannot read.
pub fn parse(text: &str) -> Option<Inbound> {
    let raw: Raw = serde_json::from_str(text).ok()?;
    Some(match raw.event.as_str() {
        "connected" => Inbound::Connected,
        "start" => {
            let s = raw.start?;
            Inbound::Start {
                stream_sid: s.stream_sid.or(raw.stream_sid).unwrap_or_default(),
                call_sid: s.call_sid,
                params: s.custom,
            }
        }
        "media" => {
            let m = raw.media?;
            if m.track
                .as_deref()
                .is_some_and(|t| t.starts_with("outbound"))
            {
                return None;
            }
            let timestamp_ms = match m.timestamp {
                Some(Value::String(s)) => s.parse().ok()?,
                Some(Value::Number(n)) => n.as_u64()?,
                _ => 0,
            };
            Inbound::Media {
                payload: base64::engine::general_purpose::STANDARD
                    .decode(m.payload)
                    .ok()?,
                timestamp_ms,
                text: m.text,
            }
        }
        "mark" => Inbound::Mark {
            name: raw.mark?.name,
        },
        "dtmf" => Inbound::Dtmf {
            digit: raw.dtmf?.digit,
        },
        "stop" => Inbound::Stop,
        _ => return None,
    })
}

/// A message to the carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Outbound {
    /// Agent audio (μ-law).
    Media(Vec<u8>),
    /// Tell us when playback reaches here.
    Mark(String),
    /// Drop queued audio (barge-in).
    Clear,
    /// Hang up: close the stream (ends `<Connect>`).
    Close,
}

impl Outbound {
    /// The JSON text frame for `stream_sid` (`None` for `Close`).
    pub fn to_json(&self, stream_sid: &str) -> Option<String> {
        Some(
            match self {
                Outbound::Media(bytes) => json!({
                    "event": "media",
                    "streamSid": stream_sid,
                    "media": { "payload": base64::engine::general_purpose::STANDARD.encode(bytes) }
                }),
                Outbound::Mark(name) => {
                    json!({ "event": "mark", "streamSid": stream_sid, "mark": { "name": name } })
                }
                Outbound::Clear => json!({ "event": "clear", "streamSid": stream_sid }),
                Outbound::Close => return None,
            }
            .to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilios_documented_messages_parse() {
        assert_eq!(
            parse(r#"{"event":"connected","protocol":"Call","version":"1.0.0"}"#),
            Some(Inbound::Connected)
        );
        let start = parse(
            r#"{"event":"start","sequenceNumber":"1","start":{"accountSid":"AC1","streamSid":"MZ1","callSid":"CA1","tracks":["inbound"],"customParameters":{"call_id":"c","token":"t"},"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},"streamSid":"MZ1"}"#,
        );
        match start {
            Some(Inbound::Start {
                stream_sid,
                call_sid,
                params,
            }) => {
                assert_eq!((stream_sid.as_str(), call_sid.as_str()), ("MZ1", "CA1"));
                assert_eq!(params.get("token").map(String::as_str), Some("t"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse(
                r#"{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"/w=="},"streamSid":"MZ1"}"#
            ),
            Some(Inbound::Media {
                payload: vec![0xFF],
                timestamp_ms: 5,
                text: None
            })
        );
        assert_eq!(
            parse(
                r#"{"event":"dtmf","streamSid":"MZ1","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"1"}}"#
            ),
            Some(Inbound::Dtmf { digit: "1".into() })
        );
        assert_eq!(
            parse(
                r#"{"event":"mark","sequenceNumber":"4","streamSid":"MZ1","mark":{"name":"utt-1"}}"#
            ),
            Some(Inbound::Mark {
                name: "utt-1".into()
            })
        );
        assert_eq!(
            parse(
                r#"{"event":"stop","sequenceNumber":"5","stop":{"accountSid":"AC1","callSid":"CA1"},"streamSid":"MZ1"}"#
            ),
            Some(Inbound::Stop)
        );
        assert_eq!(parse("not json"), None);
    }

    #[test]
    fn outbound_messages_have_twilios_shape() {
        let m: Value = serde_json::from_str(
            &Outbound::Media(vec![0xFF, 0xFF])
                .to_json("MZ1")
                .unwrap_or_default(),
        )
        .unwrap_or_default();
        assert_eq!(
            m,
            json!({ "event": "media", "streamSid": "MZ1", "media": { "payload": "//8=" } })
        );
        let c: Value = serde_json::from_str(&Outbound::Clear.to_json("MZ1").unwrap_or_default())
            .unwrap_or_default();
        assert_eq!(c, json!({ "event": "clear", "streamSid": "MZ1" }));
        assert_eq!(Outbound::Close.to_json("MZ1"), None);
    }
}
