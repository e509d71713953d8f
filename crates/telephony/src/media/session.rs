//! One call on the built-in runtime, independent of the transport: messages in (Twilio Media
//! Streams, from Twilio or the simulated caller), messages out. The caller's audio goes through
//! voice-activity and end-of-turn detection; each turn is recognised, answered by the agent's
//! conversation engine (streamed) and spoken back by speech synthesis, sentence by sentence,
//! paced at 20 ms frames. When the caller speaks over the agent, playback is cleared and the reply
//! is dropped (barge-in). Key presses reach the engine as a turn. The call ends when the caller
//! hangs up, the agent says goodbye, or the agent's maximum duration is reached; then transcript,
//! per-turn timings and a two-channel recording are stored and the call is charged once.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use switchboard_agents::chats::Engines;
use switchboard_agents::config::{AgentConfig, render};
use switchboard_agents::llm::{LlmEvent, LlmMessage, LlmRequest, OfflineEngine};
use switchboard_core::{TenantCtx, TenantKind, now};
use switchboard_db::entity::call;
use switchboard_platform::events::Bus;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use uuid::Uuid;

use super::audio::{FRAME, RATE, SILENCE, stereo_wav};
use super::protocol::{Inbound, Outbound};
use super::speech::{Recognition, Speech};
use super::vad::{Vad, VadConfig, VadEvent};
use crate::TelephonyError;
use crate::calls::{self, Completion};
use crate::recordings::Recordings;
use crate::voice::media_token_ok;

/// What the agent says when a turn could not be recognised.
pub const UNHEARD: &str = "Sorry, I didn't catch that. Could you say it again?";

/// Agent audio buffered ahead of playback (bytes: two seconds).
const AHEAD: usize = 2 * RATE;

/// What a call needs from the installation.
#[derive(Clone)]
pub struct Runtime {
    /// Database.
    pub db: DatabaseConnection,
    /// Recordings store.
    pub recordings: Recordings,
    /// Live events.
    pub bus: Bus,
    /// Conversation engines.
    pub engines: Engines,
    /// Speech recognition and synthesis.
    pub speech: Speech,
    /// Key of the per-call media tokens.
    pub media_secret: String,
    /// The threads calls run on.
    pub pool: super::pool::MediaPool,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("speech", &self.speech)
            .finish_non_exhaustive()
    }
}

/// Latency of one turn, in milliseconds from the end of the caller's speech.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct TurnTiming {
    /// 1, 2, ...
    pub turn: u32,
    /// When the caller stopped speaking, from the start of the call.
    pub at_ms: u64,
    /// Speech recognition took.
    pub stt_ms: u64,
    /// Until the engine's first token.
    pub llm_first_token_ms: u64,
    /// Until the first synthesised audio.
    pub tts_first_byte_ms: u64,
    /// Until the first agent audio went out (what the caller waits).
    pub first_audio_ms: u64,
    /// The caller spoke over this reply.
    pub interrupted: bool,
    /// `speech` or `dtmf`.
    pub input: String,
}

/// What happened on a call.
#[derive(Debug, Clone, Default)]
pub struct SessionReport {
    /// The call.
    pub call_id: Option<Uuid>,
    /// Frames received.
    pub frames_in: u64,
    /// Frames sent.
    pub frames_out: u64,
    /// Caller turns answered.
    pub turns: u32,
    /// Times the caller spoke over the agent.
    pub barge_ins: u32,
    /// Length.
    pub duration_ms: u64,
    /// Why it ended: `caller_hung_up`, `agent_ended`, `max_duration`.
    pub end_reason: String,
}

/// A reply's two streams: text events (never held back) and audio (taken only as fast as it plays).
#[derive(Clone)]
struct Tx {
    text: mpsc::Sender<ReplyEvent>,
    audio: mpsc::Sender<ReplyEvent>,
}

enum ReplyEvent {
    AudioEnd {
        turn: u32,
    },
    /// The turn was noise: it leaves no timing and no answer.
    Nothing {
        turn: u32,
    },
    CallerText {
        turn: u32,
        text: String,
        stt_ms: u64,
    },
    FirstToken {
        turn: u32,
        ms: u64,
    },
    Audio {
        turn: u32,
        bytes: Vec<u8>,
        first_ms: Option<u64>,
    },
    AgentText {
        turn: u32,
        text: String,
        end_call: bool,
    },
    Failed {
        turn: u32,
        error: String,
    },
}

enum TurnInput {
    Speech(Recognition),
    Dtmf(String),
    Greeting,
}

/// How the agent answers a turn.
enum Answer {
    /// A fixed line: the greeting, or a request to repeat.
    Line(String),
    /// The engine's answer to what the caller said or pressed.
    Engine(String),
}

struct Reply {
    turn: u32,
    handle: JoinHandle<()>,
    done: bool,
}

/// Runs one call until it ends; then stores it. `inbound` ends when the transport closes.
pub async fn run(
    rt: Arc<Runtime>,
    mut inbound: mpsc::Receiver<Inbound>,
    out: mpsc::Sender<Outbound>,
) -> Result<SessionReport, TelephonyError> {
    // The stream's start names the call and carries its token.
    let deadline = tokio::time::sleep(Duration::from_secs(10));
    tokio::pin!(deadline);
    let (call_id, _call_sid) = loop {
        tokio::select! {
            msg = inbound.recv() => match msg {
                Some(Inbound::Start { params, call_sid, .. }) => {
                    let id = params.get("call_id").and_then(|s| s.parse::<Uuid>().ok());
                    let token = params.get("token").cloned().unwrap_or_default();
                    match id {
                        Some(id) if media_token_ok(&rt.media_secret, id, &token) => break (id, call_sid),
                        _ => {
                            let _ = out.send(Outbound::Close).await;
                            return Err(TelephonyError::BadSignature("the media stream's token is not valid"));
                        }
                    }
                }
                Some(_) => {}
                None => return Err(TelephonyError::BadPayload("the stream closed before it started".into())),
            },
            _ = &mut deadline => {
                let _ = out.send(Outbound::Close).await;
                return Err(TelephonyError::BadPayload("no start message within 10 s".into()));
            }
        }
    };
    let c = call::Entity::find_by_id(call_id)
        .one(&rt.db)
        .await?
        .ok_or(TelephonyError::CallNotFound)?;
    let config = agent_config(&rt.db, &c).await?;
    let mut vars = config.variables.clone();
    vars.insert(
        "caller_number".into(),
        c.from_number.clone().unwrap_or_default(),
    );
    vars.insert(
        "called_number".into(),
        c.to_number.clone().unwrap_or_default(),
    );
    let engine = rt.engines.for_config(&config);
    let offline = engine.engine() == "offline";
    // Simulated callers speak synthetic audio with their words beside it: offline speech.
    let speech = if c.provider == "simulator" {
        Speech::default()
    } else {
        rt.speech.clone()
    };
    let mut history = vec![LlmMessage {
        role: "system".into(),
        content: render(&config.system_prompt, &vars),
    }];

    let start = Instant::now();
    let elapsed_ms = |at: Instant| at.duration_since(start).as_millis() as u64;
    let mut report = SessionReport {
        call_id: Some(call_id),
        ..Default::default()
    };
    let mut caller_track: Vec<u8> = Vec::new();
    let mut agent_track: Vec<u8> = Vec::new();
    let mut segments: Vec<(String, String, i64)> = Vec::new();
    let mut timings: Vec<TurnTiming> = Vec::new();
    let mut vad = Vad::new(VadConfig::default());
    // The turn being recognised while the caller speaks.
    let mut recognition: Option<Recognition> = None;
    // Recognition is told the agent's language, or `multi` when it may switch.
    let language = if config
        .languages
        .allowed
        .iter()
        .any(|l| *l != config.languages.primary)
    {
        "multi".to_string()
    } else {
        config.languages.primary.clone()
    };
    let mut pre_roll: VecDeque<Vec<u8>> = VecDeque::new();
    let mut speech_started_ms = 0u64;
    let mut words_pending: Vec<String> = Vec::new();
    let mut play: VecDeque<u8> = VecDeque::new();
    let (ev_tx, mut ev_rx) = mpsc::channel::<ReplyEvent>(64);
    // Short, so synthesis stays a few seconds ahead of playback instead of making a whole long
    // reply at once: many calls then share the CPU evenly and a barge-in wastes little.
    let (au_tx, mut au_rx) = mpsc::channel::<ReplyEvent>(8);
    let mut end_call_turn: Option<u32> = None;
    let mut reply: Option<Reply> = None;
    let mut turn = 0u32;
    let mut end_after_playback = false;
    // Where each turn's caller line sits in `segments` (its text arrives after recognition).
    let mut caller_segment: BTreeMap<u32, usize> = BTreeMap::new();
    let mut first_audio_pending: BTreeMap<u32, Instant> = BTreeMap::new();
    let mut dtmf = String::new();
    let mut dtmf_at: Option<Instant> = None;
    let max = Duration::from_secs(u64::from(config.max_call_duration_secs.max(10)));
    let max_deadline = tokio::time::sleep(max);
    tokio::pin!(max_deadline);
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);

    let spawn_reply = |turn: u32, input: TurnInput, history: Vec<LlmMessage>, ended_at: Instant| {
        let speech = speech.clone();
        let engine = engine.clone();
        let tx = Tx {
            text: ev_tx.clone(),
            audio: au_tx.clone(),
        };
        let config = config.clone();
        let vars = vars.clone();
        tokio::spawn(async move {
            reply_task(
                speech, engine, offline, config, vars, turn, input, history, ended_at, tx,
            )
            .await
        })
    };

    // The greeting.
    let greeting = render(&config.first_message, &vars);
    if !greeting.trim().is_empty() {
        reply = Some(Reply {
            turn: 0,
            handle: spawn_reply(0, TurnInput::Greeting, history.clone(), Instant::now()),
            done: false,
        });
    }

    // The live transcript and timings are stored beside the loop, newest state first, so a
    // slow database never holds up the 20 ms frames.
    let (progress, progress_rx) = watch::channel(None);
    let progress_writer = tokio::spawn(store_progress(rt.clone(), c.clone(), progress_rx));

    let mut reason = "caller_hung_up".to_string();
    loop {
        tokio::select! {
            msg = inbound.recv() => {
                match msg {
                    None | Some(Inbound::Stop) => break,
                    Some(Inbound::Media { payload, timestamp_ms, text }) => {
                        report.frames_in += 1;
                        let pos = (timestamp_ms as usize) * RATE / 1000;
                        if caller_track.len() < pos {
                            caller_track.resize(pos, SILENCE);
                        }
                        caller_track.extend_from_slice(&payload);
                        if let Some(t) = text {
                            words_pending.push(t);
                        }
                        for frame in payload.chunks(FRAME) {
                            if vad.speaking() {
                                if let Some(r) = &recognition {
                                    r.push(frame);
                                }
                            } else {
                                pre_roll.push_back(frame.to_vec());
                                if pre_roll.len() > 5 {
                                    pre_roll.pop_front();
                                }
                            }
                            match vad.push(frame) {
                                Some(VadEvent::SpeechStart) => {
                                    speech_started_ms = elapsed_ms(Instant::now());
                                    let r = Recognition::start(speech.stt.clone(), language.clone());
                                    for f in pre_roll.drain(..) {
                                        r.push(&f);
                                    }
                                    recognition = Some(r);
                                    // Barge-in: the caller speaks over the agent.
                                    let agent_busy = !play.is_empty() || reply.as_ref().is_some_and(|r| !r.done);
                                    if agent_busy {
                                        report.barge_ins += 1;
                                        play.clear();
                                        let _ = out.send(Outbound::Clear).await;
                                        if let Some(r) = reply.take() {
                                            r.handle.abort();
                                            if let Some(t) = timings.iter_mut().find(|t| t.turn == r.turn) {
                                                t.interrupted = true;
                                            }
                                        }
                                        end_after_playback = false;
                                    }
                                }
                                Some(VadEvent::EndOfTurn) => {
                                    let Some(heard) = recognition.take() else { continue };
                                    heard.end(std::mem::take(&mut words_pending));
                                    turn += 1;
                                    let ended = Instant::now();
                                    timings.push(TurnTiming {
                                        turn,
                                        at_ms: elapsed_ms(ended),
                                        input: "speech".into(),
                                        ..Default::default()
                                    });
                                    first_audio_pending.insert(turn, ended);
                                    segments.push(("caller".into(), String::new(), speech_started_ms as i64));
                                    caller_segment.insert(turn, segments.len() - 1);
                                    if let Some(r) = reply.take() {
                                        r.handle.abort();
                                    }
                                    reply = Some(Reply {
                                        turn,
                                        handle: spawn_reply(turn, TurnInput::Speech(heard), history.clone(), ended),
                                        done: false,
                                    });
                                }
                                None => {}
                            }
                        }
                    }
                    Some(Inbound::Dtmf { digit }) => {
                        dtmf.push_str(&digit);
                        dtmf_at = Some(Instant::now());
                    }
                    Some(_) => {}
                }
            }
            // At most two seconds of agent audio are buffered: synthesis keeps just ahead of
            // playback, so a barge-in wastes little and many calls share the CPU evenly.
            au = au_rx.recv(), if play.len() < AHEAD => {
                let Some(au) = au else { continue };
                let current = reply.as_ref().map(|r| r.turn);
                match au {
                    ReplyEvent::Audio { turn: t, bytes, first_ms } if Some(t) == current => {
                        if let Some(ms) = first_ms
                            && let Some(tm) = timings.iter_mut().find(|x| x.turn == t)
                        {
                            tm.tts_first_byte_ms = ms;
                        }
                        play.extend(bytes);
                    }
                    ReplyEvent::AudioEnd { turn: t } if Some(t) == current => {
                        if let Some(r) = reply.as_mut() {
                            r.done = true;
                        }
                        let _ = out.send(Outbound::Mark(format!("turn-{t}"))).await;
                        if end_call_turn == Some(t) {
                            end_after_playback = true;
                        }
                    }
                    _ => {}
                }
            }
            ev = ev_rx.recv() => {
                let Some(ev) = ev else { continue };
                let current = reply.as_ref().map(|r| r.turn);
                match ev {
                    ReplyEvent::CallerText { turn: t, text, stt_ms } if Some(t) == current => {
                        if let Some(idx) = caller_segment.get(&t) {
                            segments[*idx].1 = text.clone();
                        }
                        if let Some(tm) = timings.iter_mut().find(|x| x.turn == t) {
                            tm.stt_ms = stt_ms;
                        }
                        history.push(LlmMessage { role: "user".into(), content: text });
                    }
                    ReplyEvent::Nothing { turn: t } if Some(t) == current => {
                        timings.retain(|x| x.turn != t);
                        first_audio_pending.remove(&t);
                        if let Some(r) = reply.as_mut() {
                            r.done = true;
                        }
                    }
                    ReplyEvent::FirstToken { turn: t, ms } if Some(t) == current => {
                        if let Some(tm) = timings.iter_mut().find(|x| x.turn == t) {
                            tm.llm_first_token_ms = ms;
                        }
                    }
                    ReplyEvent::AgentText { turn: t, text, end_call } if Some(t) == current => {
                        let at = timings.iter().find(|x| x.turn == t).map_or(0, |x| x.at_ms);
                        segments.push(("agent".into(), text.clone(), at.max(speech_started_ms) as i64));
                        history.push(LlmMessage { role: "assistant".into(), content: text });
                        if end_call {
                            end_call_turn = Some(t);
                        }
                        progress.send_replace(Some((segments.clone(), timings.clone())));
                    }
                    ReplyEvent::Failed { turn: t, error } if Some(t) == current => {
                        tracing::warn!(call = %call_id, %error, "a reply failed");
                        if let Some(r) = reply.as_mut() {
                            r.done = true;
                        }
                    }
                    _ => {}
                }
            }
            _ = tick.tick() => {
                if let Some(at) = dtmf_at
                    && (dtmf.ends_with('#') || at.elapsed() > Duration::from_millis(1500))
                {
                    let digits = std::mem::take(&mut dtmf);
                    dtmf_at = None;
                    // Keys pressed over the agent interrupt it, like speech does.
                    if !play.is_empty() {
                        play.clear();
                        let _ = out.send(Outbound::Clear).await;
                        if let Some(t) = reply.as_ref().map(|r| r.turn)
                            && let Some(tm) = timings.iter_mut().find(|x| x.turn == t)
                        {
                            tm.interrupted = true;
                        }
                    }
                    turn += 1;
                    let ended = Instant::now();
                    timings.push(TurnTiming { turn, at_ms: elapsed_ms(ended), input: "dtmf".into(), ..Default::default() });
                    first_audio_pending.insert(turn, ended);
                    segments.push(("caller".into(), format!("[pressed {digits}]"), elapsed_ms(ended) as i64));
                    caller_segment.insert(turn, segments.len() - 1);
                    if let Some(r) = reply.take() {
                        r.handle.abort();
                    }
                    reply = Some(Reply { turn, handle: spawn_reply(turn, TurnInput::Dtmf(digits), history.clone(), ended), done: false });
                }
                if !play.is_empty() {
                    let n = play.len().min(FRAME);
                    let frame: Vec<u8> = play.drain(..n).collect();
                    let now_ms = elapsed_ms(Instant::now());
                    let pos = (now_ms as usize) * RATE / 1000;
                    if agent_track.len() < pos {
                        agent_track.resize(pos, SILENCE);
                    }
                    agent_track.extend_from_slice(&frame);
                    if let Some(t) = reply.as_ref().map(|r| r.turn)
                        && let Some(ended) = first_audio_pending.remove(&t)
                        && let Some(tm) = timings.iter_mut().find(|x| x.turn == t)
                    {
                        tm.first_audio_ms = ended.elapsed().as_millis() as u64;
                    }
                    if out.send(Outbound::Media(frame)).await.is_err() {
                        break;
                    }
                    report.frames_out += 1;
                } else if end_after_playback && reply.as_ref().is_none_or(|r| r.done) {
                    reason = "agent_ended".into();
                    let _ = out.send(Outbound::Close).await;
                    break;
                }
            }
            _ = &mut max_deadline => {
                reason = "max_duration".into();
                let _ = out.send(Outbound::Close).await;
                break;
            }
        }
    }
    if let Some(r) = reply.take() {
        r.handle.abort();
    }
    // The last live write lands before the final one, never after it.
    drop(progress);
    let _ = progress_writer.await;
    report.turns = turn;
    report.duration_ms = start.elapsed().as_millis() as u64;
    report.end_reason = reason.clone();
    let tracks = config
        .recording
        .then_some((caller_track.as_slice(), agent_track.as_slice()));
    finish(&rt, &c, &report, segments, &timings, tracks, &reason).await?;
    Ok(report)
}

type Progress = Option<(Vec<(String, String, i64)>, Vec<TurnTiming>)>;

/// Stores the newest live transcript and timings, one transaction at a time, until the call ends.
async fn store_progress(rt: Arc<Runtime>, c: call::Model, mut rx: watch::Receiver<Progress>) {
    while rx.changed().await.is_ok() {
        let Some((segments, timings)) = rx.borrow_and_update().clone() else {
            continue;
        };
        let stored = async {
            let txn = switchboard_db::write_txn(&rt.db).await?;
            calls::append_segment(&txn, &c, &segments).await?;
            call::Entity::update_many()
                .col_expr(
                    call::Column::TurnTimings,
                    Expr::value(Some(serde_json::to_string(&timings).unwrap_or_default())),
                )
                .filter(call::Column::Id.eq(c.id))
                .exec(&txn)
                .await?;
            txn.commit().await?;
            Ok::<_, TelephonyError>(())
        };
        match stored.await {
            Ok(()) => rt.bus.publish(c.tenant_id, "call.updated", c.id),
            Err(e) => tracing::warn!(call = %c.id, error = %e, "live transcript not stored"),
        }
    }
}

async fn agent_config(
    db: &DatabaseConnection,
    c: &call::Model,
) -> Result<AgentConfig, TelephonyError> {
    let Some(agent_id) = c.agent_id else {
        return Ok(AgentConfig::default());
    };
    let ctx = TenantCtx::system(c.tenant_id, TenantKind::Customer);
    let found = if c.agent_version > 0 {
        switchboard_agents::agents::get_version(db, &ctx, agent_id, c.agent_version)
            .await
            .map(|v| v.config)
    } else {
        switchboard_agents::agents::get(db, &ctx, agent_id)
            .await
            .map(|a| a.config)
    };
    Ok(found.unwrap_or_default())
}

#[allow(clippy::too_many_arguments)]
async fn reply_task(
    rt: Speech,
    engine: Arc<dyn switchboard_agents::llm::LlmProvider>,
    offline: bool,
    config: AgentConfig,
    vars: BTreeMap<String, String>,
    turn: u32,
    input: TurnInput,
    mut history: Vec<LlmMessage>,
    ended_at: Instant,
    tx: Tx,
) {
    let since = |at: Instant| at.duration_since(ended_at).as_millis() as u64;
    let answer = match input {
        TurnInput::Greeting => Answer::Line(render(&config.first_message, &vars)),
        TurnInput::Dtmf(d) => {
            let keys = format!("[pressed {d}]");
            let _ = tx
                .text
                .send(ReplyEvent::CallerText {
                    turn,
                    text: keys.clone(),
                    stt_ms: 0,
                })
                .await;
            Answer::Engine(keys)
        }
        TurnInput::Speech(heard) => {
            let t0 = Instant::now();
            match heard.text().await {
                // Noise the detector took for speech: no answer, nothing stored.
                Ok(t) if t.trim().is_empty() => {
                    let _ = tx.text.send(ReplyEvent::Nothing { turn }).await;
                    return;
                }
                Ok(t) => {
                    let _ = tx
                        .text
                        .send(ReplyEvent::CallerText {
                            turn,
                            text: t.clone(),
                            stt_ms: t0.elapsed().as_millis() as u64,
                        })
                        .await;
                    Answer::Engine(t)
                }
                // The caller is not left in silence when recognition fails.
                Err(e) => {
                    tracing::warn!(turn, error = %e, "speech recognition failed; asking the caller to repeat");
                    Answer::Line(UNHEARD.to_string())
                }
            }
        }
    };
    // Writing and speaking run side by side: finished sentences go to synthesis while the engine
    // writes on, and synthesis is held back by playback (the audio channel is short), so the
    // reply's text is complete and stored long before its audio has played.
    let (sentences, mut to_speak) = mpsc::unbounded_channel::<String>();
    let voice = async {
        let mut first_audio = true;
        while let Some(sentence) = to_speak.recv().await {
            speak(
                &rt,
                &config,
                &sentence,
                turn,
                ended_at,
                &mut first_audio,
                &tx,
            )
            .await;
        }
    };
    let think = async {
        let sentences = sentences;
        let reply = match answer {
            Answer::Line(line) => {
                let _ = sentences.send(line.clone());
                line
            }
            Answer::Engine(t) => {
                if !matches!(history.last(), Some(m) if m.role == "user" && m.content == t) {
                    history.push(LlmMessage {
                        role: "user".into(),
                        content: t,
                    });
                }
                let req = LlmRequest {
                    model: config.llm.model.clone(),
                    messages: history.clone(),
                    temperature: config.llm.temperature,
                    max_tokens: config.llm.max_tokens,
                    variables: vars.clone(),
                };
                let mut stream = match engine.stream(req).await {
                    Ok(s) => s,
                    Err(e) => return Err(e.to_string()),
                };
                let mut full = String::new();
                let mut first = true;
                let mut spoken = 0usize;
                while let Some(ev) = stream.next().await {
                    match ev {
                        Ok(LlmEvent::Delta(d)) => {
                            if first {
                                first = false;
                                let _ = tx
                                    .text
                                    .send(ReplyEvent::FirstToken {
                                        turn,
                                        ms: since(Instant::now()),
                                    })
                                    .await;
                            }
                            full.push_str(&d);
                            // Each finished sentence is spoken while the rest is still written.
                            if let Some(end) = full[spoken..].rfind(['.', '!', '?']) {
                                let _ = sentences.send(full[spoken..spoken + end + 1].to_string());
                                spoken += end + 1;
                            }
                        }
                        Ok(LlmEvent::Done(_)) => break,
                        Err(e) => return Err(e.to_string()),
                    }
                }
                let rest = full[spoken..].to_string();
                if !rest.trim().is_empty() {
                    let _ = sentences.send(rest);
                }
                full
            }
        };
        drop(sentences);
        let end_call =
            reply.contains("[end_call]") || (offline && OfflineEngine::is_farewell(&reply));
        let _ = tx
            .text
            .send(ReplyEvent::AgentText {
                turn,
                text: reply.replace("[end_call]", "").trim().to_string(),
                end_call,
            })
            .await;
        Ok(())
    };
    let ((), written) = tokio::join!(voice, think);
    if let Err(error) = written {
        let _ = tx.text.send(ReplyEvent::Failed { turn, error }).await;
        return;
    }
    let _ = tx.audio.send(ReplyEvent::AudioEnd { turn }).await;
}

async fn speak(
    rt: &Speech,
    config: &AgentConfig,
    text: &str,
    turn: u32,
    ended_at: Instant,
    first_audio: &mut bool,
    tx: &Tx,
) {
    let clean = text.replace("[end_call]", "");
    if clean.trim().is_empty() {
        return;
    }
    let (atx, mut arx) = mpsc::channel::<Vec<u8>>(4);
    let tts = rt.tts.clone();
    let voice = config.voice.voice_id.clone();
    let synth = tokio::spawn(async move { tts.synthesize(&clean, &voice, &atx).await });
    while let Some(bytes) = arx.recv().await {
        let first_ms = if *first_audio {
            *first_audio = false;
            Some(ended_at.elapsed().as_millis() as u64)
        } else {
            None
        };
        if tx
            .audio
            .send(ReplyEvent::Audio {
                turn,
                bytes,
                first_ms,
            })
            .await
            .is_err()
        {
            break;
        }
    }
    if let Ok(Err(e)) = synth.await {
        let _ = tx
            .text
            .send(ReplyEvent::Failed {
                turn,
                error: e.to_string(),
            })
            .await;
    }
}

#[allow(clippy::too_many_arguments)]
async fn finish(
    rt: &Runtime,
    c: &call::Model,
    report: &SessionReport,
    segments: Vec<(String, String, i64)>,
    timings: &[TurnTiming],
    tracks: Option<(&[u8], &[u8])>,
    reason: &str,
) -> Result<(), TelephonyError> {
    // Recorded only when the agent's configuration says so.
    let key = format!("{}/{}.wav", c.tenant_id, c.id);
    if let Some((caller, agent)) = tracks {
        rt.recordings.put(&key, stereo_wav(caller, agent)).await?;
    }
    let duration_secs = report.duration_ms.div_ceil(1000) as i64;
    let transcript: Vec<(String, String, i64)> = segments
        .into_iter()
        .filter(|(_, t, _)| !t.trim().is_empty())
        .collect();
    let started = now() - chrono::Duration::milliseconds(report.duration_ms as i64);
    let txn = switchboard_db::write_txn(&rt.db).await?;
    let done = calls::complete(
        &txn,
        c,
        Completion {
            direction: None,
            from_number: None,
            to_number: None,
            started_at: Some(c.answered_at.unwrap_or(started)),
            duration_secs,
            status: "completed".into(),
            end_reason: Some(reason.to_string()),
            provider_cost: None,
            summary: None,
            successful: None,
            analysis: Some(serde_json::json!({
                "turns": report.turns,
                "barge_ins": report.barge_ins,
                "frames_in": report.frames_in,
                "frames_out": report.frames_out,
                "speech": {
                    "stt": if c.provider == "simulator" { "offline" } else { rt.speech.stt.name() },
                    "tts": if c.provider == "simulator" { "offline" } else { rt.speech.tts.name() },
                },
            })),
            data_collected: None,
            transcript,
        },
    )
    .await?;
    if tracks.is_some() {
        calls::set_recording(&txn, &done, &key).await?;
    }
    call::Entity::update_many()
        .col_expr(
            call::Column::TurnTimings,
            Expr::value(Some(serde_json::to_string(timings).unwrap_or_default())),
        )
        .filter(call::Column::Id.eq(c.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    rt.bus.publish(c.tenant_id, "call.updated", c.id);
    if switchboard_billing::ledger::balance(&rt.db, c.tenant_id).await?
        < switchboard_billing::ledger::LOW_BALANCE
    {
        rt.bus.publish(c.tenant_id, "credits.low", c.tenant_id);
    }
    Ok(())
}
