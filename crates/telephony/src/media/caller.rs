//! The simulated caller: connects to our media endpoint over a real websocket, speaks Twilio's
//! Media Streams protocol as Twilio would (a steady 20 ms frame every 20 ms, silence between
//! words), follows a script (say lines, pause, talk over the agent, press keys, hang up), and
//! echoes marks as playback would. Its speech is synthesised audio; each frame where a word
//! starts also carries that word, which the offline recogniser reads.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use futures_util::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use utoipa::ToSchema;

use super::audio::{FRAME, SILENCE, synthesize};

/// One step of a caller script.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Step {
    /// Say a line, then wait for the agent's answer.
    Say {
        /// The words.
        text: String,
    },
    /// Stay silent.
    Pause {
        /// Milliseconds (at most 30,000).
        ms: u64,
    },
    /// Talk over the agent's answer to the previous line (barge-in), then wait for the answer.
    BargeIn {
        /// The words.
        text: String,
    },
    /// Press keys, then wait for the agent's answer.
    Dtmf {
        /// `0`-`9`, `*`, `#`.
        digits: String,
    },
    /// Hang up.
    Hangup,
}

/// Checks a script; the message says what is wrong.
pub fn validate(steps: &[Step]) -> Result<(), String> {
    if steps.is_empty() || steps.len() > 50 {
        return Err("a script has 1 to 50 steps".into());
    }
    for (i, s) in steps.iter().enumerate() {
        match s {
            Step::Say { text } | Step::BargeIn { text }
                if text.trim().is_empty() || text.len() > 500 =>
            {
                return Err(format!("step {}: text is 1 to 500 characters", i + 1));
            }
            Step::Pause { ms } if *ms > 30_000 => {
                return Err(format!("step {}: a pause is at most 30,000 ms", i + 1));
            }
            Step::Dtmf { digits }
                if digits.is_empty()
                    || digits.len() > 20
                    || !digits
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '*' || c == '#') =>
            {
                return Err(format!(
                    "step {}: digits are 0-9, * and # (at most 20)",
                    i + 1
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// What the caller saw.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CallerReport {
    /// Frames sent.
    pub frames_sent: u64,
    /// Agent frames received.
    pub frames_received: u64,
    /// `clear` messages received (barge-ins the agent honoured).
    pub clears: u32,
    /// Marks received (and echoed).
    pub marks: u32,
    /// Whether the agent closed the stream (ended the call).
    pub agent_hung_up: bool,
}

#[derive(Default)]
struct Shared {
    outgoing: VecDeque<u8>,
    words: VecDeque<(usize, String)>,
    sent_bytes: usize,
    last_agent_frame: Option<Instant>,
    agent_frames: u64,
    report: CallerReport,
    closed: bool,
    stop: bool,
}

/// Calls `url` (our media endpoint) as the stream of `call_id`, runs `steps`, and hangs up.
pub async fn run(
    url: &str,
    call_sid: &str,
    call_id: uuid::Uuid,
    token: &str,
    steps: Vec<Step>,
) -> Result<CallerReport, String> {
    let (ws, _) = tokio_tungstenite::connect_async(url)
        .await
        .map_err(|e| format!("connect {url}: {e}"))?;
    let (mut sink, mut stream) = ws.split();
    let stream_sid = format!("MZ{}", call_id.simple());
    let (tx, mut rx) = mpsc::channel::<String>(1024);
    let writer = tokio::spawn(async move {
        while let Some(text) = rx.recv().await {
            if text.is_empty() {
                let _ = sink.close().await;
                break;
            }
            if sink.send(Message::text(text)).await.is_err() {
                break;
            }
        }
    });
    let _ = tx
        .send(json!({ "event": "connected", "protocol": "Call", "version": "1.0.0" }).to_string())
        .await;
    let _ = tx
        .send(
            json!({
                "event": "start", "sequenceNumber": "1", "streamSid": stream_sid,
                "start": {
                    "accountSid": "ACsimulator", "streamSid": stream_sid, "callSid": call_sid,
                    "tracks": ["inbound"],
                    "customParameters": { "call_id": call_id.to_string(), "token": token },
                    "mediaFormat": { "encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1 }
                }
            })
            .to_string(),
        )
        .await;
    let shared = Arc::new(Mutex::new(Shared::default()));

    // The line: one frame every 20 ms, speech when queued, else silence.
    let line = {
        let shared = shared.clone();
        let tx = tx.clone();
        let sid = stream_sid.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(20));
            let mut chunk = 0u64;
            loop {
                tick.tick().await;
                let (frame, word, stop) = {
                    let Ok(mut s) = shared.lock() else { return };
                    if s.closed {
                        return;
                    }
                    let n = s.outgoing.len().min(FRAME);
                    let mut frame: Vec<u8> = s.outgoing.drain(..n).collect();
                    frame.resize(FRAME, SILENCE);
                    let end = s.sent_bytes + n;
                    let mut word = None;
                    while let Some((at, _)) = s.words.front() {
                        if *at < end.max(s.sent_bytes + 1) {
                            let (_, w) = s.words.pop_front().unwrap_or_default();
                            word = Some(match word {
                                None => w,
                                Some(prev) => format!("{prev} {w}"),
                            });
                        } else {
                            break;
                        }
                    }
                    s.sent_bytes = end;
                    s.report.frames_sent += 1;
                    (frame, word, s.stop)
                };
                if stop {
                    let _ = tx
                        .send(json!({ "event": "stop", "streamSid": sid, "stop": { "accountSid": "ACsimulator", "callSid": "" } }).to_string())
                        .await;
                    let _ = tx.send(String::new()).await;
                    return;
                }
                chunk += 1;
                let mut media = json!({
                    "track": "inbound", "chunk": chunk.to_string(),
                    "timestamp": ((chunk - 1) * 20).to_string(),
                    "payload": base64::engine::general_purpose::STANDARD.encode(&frame),
                });
                if let Some(w) = word {
                    media["text"] = json!(w);
                }
                let msg = json!({ "event": "media", "sequenceNumber": (chunk + 1).to_string(), "streamSid": sid, "media": media });
                if tx.send(msg.to_string()).await.is_err() {
                    return;
                }
            }
        })
    };

    // What the agent sends.
    let listener = {
        let shared = shared.clone();
        let tx = tx.clone();
        let sid = stream_sid.clone();
        tokio::spawn(async move {
            while let Some(Ok(msg)) = stream.next().await {
                let Message::Text(text) = msg else {
                    if matches!(msg, Message::Close(_)) {
                        break;
                    }
                    continue;
                };
                let v: serde_json::Value = serde_json::from_str(text.as_str()).unwrap_or_default();
                match v["event"].as_str() {
                    Some("media") => {
                        if let Ok(mut s) = shared.lock() {
                            s.last_agent_frame = Some(Instant::now());
                            s.agent_frames += 1;
                            s.report.frames_received += 1;
                        }
                    }
                    Some("mark") => {
                        // Echo it, as Twilio does once playback reaches it.
                        if let Ok(mut s) = shared.lock() {
                            s.report.marks += 1;
                        }
                        let name = v["mark"]["name"].clone();
                        let _ = tx.send(json!({ "event": "mark", "streamSid": sid, "mark": { "name": name } }).to_string()).await;
                    }
                    Some("clear") => {
                        if let Ok(mut s) = shared.lock() {
                            s.report.clears += 1;
                        }
                    }
                    _ => {}
                }
            }
            if let Ok(mut s) = shared.lock() {
                s.closed = true;
                s.report.agent_hung_up = !s.stop;
            }
        })
    };

    let closed = |shared: &Arc<Mutex<Shared>>| shared.lock().map(|s| s.closed).unwrap_or(true);
    let agent_frames =
        |shared: &Arc<Mutex<Shared>>| shared.lock().map(|s| s.agent_frames).unwrap_or(0);
    // Waits until the agent spoke (after `since` frames) and then was quiet for 600 ms.
    async fn agent_done(shared: &Arc<Mutex<Shared>>, since: u64) {
        let end = Instant::now() + Duration::from_secs(30);
        while Instant::now() < end {
            let (frames, last, closed) = match shared.lock() {
                Ok(s) => (s.agent_frames, s.last_agent_frame, s.closed),
                Err(_) => return,
            };
            if closed {
                return;
            }
            if frames > since && last.is_some_and(|l| l.elapsed() > Duration::from_millis(600)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    async fn say(shared: &Arc<Mutex<Shared>>, text: &str) {
        let (audio, starts) = synthesize(text, 120.0);
        if let Ok(mut s) = shared.lock() {
            let base = s.sent_bytes + s.outgoing.len();
            s.words
                .extend(starts.into_iter().map(|(at, w)| (base + at, w)));
            s.outgoing.extend(audio);
        }
        loop {
            let left = shared.lock().map(|s| s.outgoing.len()).unwrap_or(0);
            if left == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    // The greeting.
    agent_done(&shared, 0).await;
    for (i, step) in steps.iter().cloned().enumerate() {
        if closed(&shared) {
            break;
        }
        let barge_in_next = matches!(steps.get(i + 1), Some(Step::BargeIn { .. }));
        match step {
            Step::Say { text } => {
                let before = agent_frames(&shared);
                say(&shared, &text).await;
                if barge_in_next {
                    // Only until the agent starts answering: the next step talks over it.
                    let end = Instant::now() + Duration::from_secs(20);
                    while Instant::now() < end
                        && agent_frames(&shared) == before
                        && !closed(&shared)
                    {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                } else {
                    agent_done(&shared, before).await;
                }
            }
            Step::Pause { ms } => tokio::time::sleep(Duration::from_millis(ms)).await,
            Step::BargeIn { text } => {
                // Wait for the agent to be mid-sentence, then talk over it.
                let end = Instant::now() + Duration::from_secs(20);
                let start_frames = agent_frames(&shared);
                while Instant::now() < end && agent_frames(&shared) < start_frames + 15 {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                say(&shared, &text).await;
                // The agent's answer comes after our words (what it was saying was cleared).
                let before = agent_frames(&shared);
                agent_done(&shared, before).await;
            }
            Step::Dtmf { digits } => {
                let before = agent_frames(&shared);
                for d in digits.chars() {
                    let _ = tx
                        .send(json!({ "event": "dtmf", "streamSid": stream_sid, "sequenceNumber": "0", "dtmf": { "track": "inbound_track", "digit": d.to_string() } }).to_string())
                        .await;
                    tokio::time::sleep(Duration::from_millis(120)).await;
                }
                agent_done(&shared, before).await;
            }
            Step::Hangup => break,
        }
    }
    if let Ok(mut s) = shared.lock() {
        s.stop = true;
    }
    let _ = tokio::time::timeout(Duration::from_secs(5), line).await;
    let _ = tokio::time::timeout(Duration::from_secs(5), writer).await;
    listener.abort();
    let report = shared.lock().map(|s| s.report.clone()).unwrap_or_default();
    Ok(report)
}
