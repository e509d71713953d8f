//! The Deepgram live-streaming client against a loopback websocket server that speaks Deepgram's
//! documented protocol: token auth on the upgrade, raw μ-law frames in, `Results` (interim and
//! final) out, `CloseStream` flushing the last results before the server closes.

// The handshake callback's error type is tungstenite's own.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use switchboard_telephony::media::audio::{FRAME, synthesize};
use switchboard_telephony::media::deepgram_stt::DeepgramStt;
use switchboard_telephony::media::speech::{Recognition, SpeechError, SpeechToText, Utterance};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};

/// What the fake server saw on one connection.
#[derive(Debug, Default, Clone)]
struct Seen {
    path: String,
    query: HashMap<String, String>,
    bytes: usize,
    close_stream: bool,
}

/// A Deepgram-like server: after every 25 frames (half a second) one interim and one final
/// result; on `CloseStream` a last final result for what is left, metadata, then close. It tells
/// `progress` how many bytes it has so far, so a test can see frames arrive before the turn ends.
async fn fake_deepgram(
    key: &'static str,
) -> (
    String,
    mpsc::UnboundedReceiver<Seen>,
    mpsc::UnboundedReceiver<usize>,
) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let (seen_tx, seen_rx) = mpsc::unbounded_channel();
    let (progress_tx, progress_rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let seen_tx = seen_tx.clone();
            let progress_tx = progress_tx.clone();
            tokio::spawn(async move {
                let mut seen = Seen::default();
                let mut head = Seen::default();
                let ws = tokio_tungstenite::accept_hdr_async(
                    tcp,
                    |req: &Request, res: Response| -> Result<Response, ErrorResponse> {
                        head.path = req.uri().path().to_string();
                        head.query = url::form_urlencoded::parse(
                            req.uri().query().unwrap_or_default().as_bytes(),
                        )
                        .into_owned()
                        .collect();
                        let auth = req
                            .headers()
                            .get("authorization")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default();
                        if auth != format!("Token {key}") {
                            let mut e = ErrorResponse::new(Some(
                                json!({"err_code": "INVALID_AUTH", "err_msg": "Invalid credentials.", "request_id": "r1"})
                                    .to_string(),
                            ));
                            *e.status_mut() = tokio_tungstenite::tungstenite::http::StatusCode::UNAUTHORIZED;
                            return Err(e);
                        }
                        Ok(res)
                    },
                )
                .await;
                seen.path = head.path.clone();
                seen.query = head.query.clone();
                let Ok(ws) = ws else {
                    let _ = seen_tx.send(seen);
                    return;
                };
                let (mut tx, mut rx) = ws.split();
                let mut part = 0;
                let mut since_last = 0usize;
                let result = |text: &str, is_final: bool| {
                    json!({"type": "Results", "channel_index": [0, 1], "duration": 0.5, "start": 0.0,
                        "is_final": is_final, "speech_final": is_final, "from_finalize": false,
                        "channel": {"alternatives": [{"transcript": text, "confidence": 0.98, "words": []}]},
                        "metadata": {"request_id": "r1", "model_info": {"name": "general-nova-3"}}})
                    .to_string()
                };
                while let Some(Ok(m)) = rx.next().await {
                    match m {
                        Message::Binary(b) => {
                            seen.bytes += b.len();
                            since_last += b.len();
                            let _ = progress_tx.send(seen.bytes);
                            if since_last >= 25 * FRAME {
                                since_last = 0;
                                part += 1;
                                let _ = tx.send(Message::text(result("par", false))).await;
                                let _ = tx
                                    .send(Message::text(result(&format!("part {part}."), true)))
                                    .await;
                            }
                        }
                        Message::Text(t) if t.contains("CloseStream") => {
                            seen.close_stream = true;
                            let _ = tx
                                .send(Message::text(result(
                                    &format!("and the tail of {} bytes.", seen.bytes),
                                    true,
                                )))
                                .await;
                            let _ = tx
                                .send(Message::text(
                                    json!({"type": "Metadata", "request_id": "r1", "duration": 1.0, "channels": 1})
                                        .to_string(),
                                ))
                                .await;
                            let _ = tx.send(Message::Close(None)).await;
                            break;
                        }
                        _ => {}
                    }
                }
                let _ = seen_tx.send(seen);
            });
        }
    });
    (format!("ws://{addr}"), seen_rx, progress_rx)
}

#[tokio::test]
async fn frames_stream_during_the_turn_and_final_results_make_the_text() {
    let (url, mut seen, mut progress) = fake_deepgram("dg_key").await;
    let stt = std::sync::Arc::new(
        DeepgramStt::new(&url, "dg_key", "nova-3").unwrap_or_else(|e| panic!("{e}")),
    );
    let (audio, _) = synthesize("what are your opening hours on saturday", 160.0);
    let r = Recognition::start(stt, "en-US".into());
    for f in audio.chunks(FRAME) {
        r.push(f);
    }
    // Everything has reached the provider before the caller has even stopped speaking.
    let mut got = 0;
    while got < audio.len() {
        got = tokio::time::timeout(Duration::from_secs(5), progress.recv())
            .await
            .unwrap_or_else(|_| panic!("frames did not stream: {got} bytes"))
            .unwrap_or_default();
    }
    let ended = Instant::now();
    r.end(vec![]);
    let text = r.text().await.unwrap_or_else(|e| panic!("{e}"));
    let flush = ended.elapsed();
    let parts = audio.len() / (25 * FRAME);
    let mut expected: Vec<String> = (1..=parts).map(|p| format!("part {p}.")).collect();
    expected.push(format!("and the tail of {} bytes.", audio.len()));
    assert_eq!(
        text,
        expected.join(" "),
        "finals in order, interims left out"
    );
    println!("end of turn → text: {flush:?}");
    let s = seen.recv().await.unwrap_or_default();
    assert_eq!(s.path, "/v1/listen");
    assert_eq!(s.query["encoding"], "mulaw");
    assert_eq!(s.query["sample_rate"], "8000");
    assert_eq!(s.query["channels"], "1");
    assert_eq!(s.query["model"], "nova-3");
    assert_eq!(s.query["language"], "en-US");
    assert!(s.close_stream);
    assert_eq!(s.bytes, audio.len());
}

#[tokio::test]
async fn a_whole_utterance_goes_through_the_same_stream() {
    let (url, _seen, _progress) = fake_deepgram("dg_key").await;
    let stt = DeepgramStt::new(&url, "dg_key", "nova-3").unwrap_or_else(|e| panic!("{e}"));
    let text = stt
        .transcribe(&Utterance {
            mulaw: vec![0xFF; 10 * FRAME],
            carried_words: vec![],
            language: "multi".into(),
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text, format!("and the tail of {} bytes.", 10 * FRAME));
}

#[tokio::test]
async fn a_refused_key_fails_with_deepgrams_message() {
    let (url, _seen, _progress) = fake_deepgram("dg_key").await;
    let stt = DeepgramStt::new(&url, "wrong", "nova-3").unwrap_or_else(|e| panic!("{e}"));
    let (tx, rx) = mpsc::unbounded_channel();
    drop(tx);
    match stt.stream("en", rx).await {
        Err(SpeechError::Provider(m)) => {
            assert!(
                m.contains("401") && m.contains("Invalid credentials"),
                "{m}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_abandoned_turn_is_an_error_not_an_empty_text() {
    let (url, _seen, _progress) = fake_deepgram("dg_key").await;
    let stt = DeepgramStt::new(&url, "dg_key", "nova-3").unwrap_or_else(|e| panic!("{e}"));
    let (tx, rx) = mpsc::unbounded_channel();
    let _ = tx.send(switchboard_telephony::media::speech::TurnAudio::Frame(
        vec![0xFF; FRAME],
    ));
    drop(tx);
    assert!(stt.stream("en", rx).await.is_err());
}
