//! Twilio's voice and status webhooks against the running server, signed the way Twilio signs
//! (HMAC-SHA1 over the URL and sorted parameters, computed here independently): TwiML answers
//! and refusals, the forward-only call state machine under shuffled and duplicated callbacks,
//! one charge per call.

use base64::Engine;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::json;
use sha1::Sha1;
use switchboard_test_support::{Customer, TestApp, id_of, spawn_app_with};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "f1e2d3c4b5a6978877665544332211aa";
const PUBLIC: &str = "https://voice.example.com";
const NUMBER: &str = "+14155552671";

/// Twilio's algorithm, written out here on its own: URL, then each name with each of its values
/// (names sorted, values sorted), HMAC-SHA1 with the auth token, base64.
fn twilio_sign(url: &str, params: &[(&str, &str)]) -> String {
    let mut sorted: Vec<(&str, &str)> = params.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut s = url.to_string();
    for (k, v) in sorted {
        s.push_str(k);
        s.push_str(v);
    }
    let mut mac = Hmac::<Sha1>::new_from_slice(TOKEN.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    mac.update(s.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

async fn post_signed(
    app: &TestApp,
    path: &str,
    params: &[(&str, &str)],
    signed_url: Option<&str>,
) -> (StatusCode, String) {
    let url = signed_url.map_or_else(|| format!("{PUBLIC}{path}"), String::from);
    let sig = twilio_sign(&url, params);
    let res = reqwest::Client::new()
        .post(format!("{}{path}", app.address))
        .header("x-twilio-signature", sig)
        .form(params)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (res.status(), res.text().await.unwrap_or_default())
}

/// An app whose customer holds NUMBER on Twilio, routed to a published agent.
async fn world() -> (MockServer, TestApp, Customer, uuid::Uuid) {
    world_with(&[]).await
}

/// The same with more settings.
async fn world_with(extra: &[(&str, &str)]) -> (MockServer, TestApp, Customer, uuid::Uuid) {
    let tw = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex(r"/IncomingPhoneNumbers\.json$"))
        .respond_with(ResponseTemplate::new(201).set_body_json(
            json!({ "sid": "PN0123456789abcdef0123456789abcdef", "phone_number": NUMBER }),
        ))
        .mount(&tw)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"/Calls\.json$"))
        .respond_with(ResponseTemplate::new(201).set_body_json(
            json!({ "sid": "CA0utb0und0000000000000000000001", "status": "queued" }),
        ))
        .mount(&tw)
        .await;
    let uri = tw.uri();
    let mut settings = vec![
        ("SWITCHBOARD__TWILIO__BASE_URL", uri.as_str()),
        ("SWITCHBOARD__SERVER__PUBLIC_URL", PUBLIC),
    ];
    settings.extend_from_slice(extra);
    let app = spawn_app_with(&settings).await;
    let cust = app.customer().await;
    cust.admin
        .put(
            "/api/v1/integrations/twilio",
            json!({ "account_sid": SID, "auth_token": TOKEN }),
        )
        .await;
    let agent = cust
        .admin
        .post(
            "/api/v1/agents",
            json!({ "name": "Reception", "kind": "call" }),
        )
        .await;
    let agent_id = id_of(&agent.body);
    cust.admin
        .post(&format!("/api/v1/agents/{agent_id}/publish"), json!({}))
        .await;
    let n = cust
        .admin
        .post(
            "/api/v1/numbers",
            json!({ "carrier": "twilio", "phone_number": NUMBER, "agent_id": agent_id }),
        )
        .await;
    let id = n.body["id"].as_str().unwrap_or_default().to_string();
    let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while cust.admin.get(&format!("/api/v1/numbers/{id}")).await.body["status"] != "active" {
        assert!(
            std::time::Instant::now() < end,
            "the number never became active"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    (tw, app, cust, id_of(&n.body))
}

fn voice_params(call_sid: &str) -> Vec<(&str, &str)> {
    vec![
        ("AccountSid", SID),
        ("CallSid", call_sid),
        ("From", "+14155550199"),
        ("To", NUMBER),
        ("Direction", "inbound"),
        ("CallStatus", "ringing"),
        ("ApiVersion", "2010-04-01"),
    ]
}

#[actix_web::test]
async fn a_signed_inbound_call_is_connected_to_the_media_stream() {
    let (_tw, app, cust, _) = world().await;
    let (status, twiml) =
        post_signed(&app, "/webhooks/twilio/voice", &voice_params("CA01"), None).await;
    assert_eq!(status, StatusCode::OK, "{twiml}");
    assert!(
        twiml.contains("<Connect><Stream url=\"wss://voice.example.com/media/twilio\""),
        "{twiml}"
    );
    assert!(twiml.contains("<Parameter name=\"call_id\""), "{twiml}");
    assert!(twiml.contains("<Parameter name=\"token\""), "{twiml}");
    assert!(
        twiml
            .contains("statusCallback=\"https://voice.example.com/webhooks/twilio/stream-status\"")
    );
    let calls = cust.admin.get("/api/v1/calls").await;
    let c = &calls.body["items"][0];
    assert_eq!(c["provider_call_id"], "CA01");
    assert_eq!(c["status"], "in_progress");
    assert_eq!(
        (c["direction"].as_str(), c["from_number"].as_str()),
        (Some("inbound"), Some("+14155550199"))
    );
    assert!(twiml.contains(c["id"].as_str().unwrap_or("?")));
    // Twilio retries the voice URL: the same call and the same answer.
    let (_, again) = post_signed(&app, "/webhooks/twilio/voice", &voice_params("CA01"), None).await;
    assert_eq!(again, twiml);
    // With the default port in the URL Twilio signed: still accepted.
    let (s, _) = post_signed(
        &app,
        "/webhooks/twilio/voice",
        &voice_params("CA02"),
        Some("https://voice.example.com:443/webhooks/twilio/voice"),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
}

#[actix_web::test]
async fn bad_signatures_and_unknown_numbers_change_nothing() {
    let (_tw, app, cust, _) = world().await;
    let params = voice_params("CA09");
    let client = reqwest::Client::new();
    for sig in [
        None,
        Some("bm90IGEgc2lnbmF0dXJl"),
        Some(twilio_sign("https://evil.example.com/webhooks/twilio/voice", &params).leak() as &str),
    ] {
        let mut r = client
            .post(format!("{}/webhooks/twilio/voice", app.address))
            .form(&params);
        if let Some(s) = sig {
            r = r.header("x-twilio-signature", s);
        }
        let res = r.send().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let body: serde_json::Value = res.json().await.unwrap_or_default();
        assert_eq!(body["error"]["code"], "webhook_signature_invalid");
    }
    // A tampered parameter breaks the signature.
    let sig = twilio_sign(&format!("{PUBLIC}/webhooks/twilio/voice"), &params);
    let mut tampered = params.clone();
    tampered[2] = ("From", "+14155550100");
    let res = client
        .post(format!("{}/webhooks/twilio/voice", app.address))
        .header("x-twilio-signature", sig)
        .form(&tampered)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let mut unknown = voice_params("CA10");
    unknown[3] = ("To", "+14155552679");
    let (s, _) = post_signed(&app, "/webhooks/twilio/voice", &unknown, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(
        cust.admin.get("/api/v1/calls").await.body["items"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[actix_web::test]
async fn calls_are_refused_politely_without_agent_credits_lines_or_standing() {
    let (_tw, app, cust, number) = world().await;
    // At the concurrent-call quota (two on Starter).
    for sid in ["CA21", "CA22"] {
        let (s, t) = post_signed(&app, "/webhooks/twilio/voice", &voice_params(sid), None).await;
        assert!(s == StatusCode::OK && t.contains("<Connect>"), "{t}");
    }
    let (_, busy) = post_signed(&app, "/webhooks/twilio/voice", &voice_params("CA23"), None).await;
    assert!(
        busy.contains("<Say>All our lines are busy") && busy.contains("<Hangup/>"),
        "{busy}"
    );
    // Lines free again once calls end.
    for (sid, seq) in [("CA21", "3"), ("CA22", "3")] {
        let p = [
            ("AccountSid", SID),
            ("CallSid", sid),
            ("CallStatus", "completed"),
            ("CallDuration", "30"),
            ("SequenceNumber", seq),
            ("From", "+14155550199"),
            ("To", NUMBER),
            ("Direction", "inbound"),
        ];
        let (s, b) = post_signed(&app, "/webhooks/twilio/status", &p, None).await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{b}");
    }
    // No agent on the number.
    cust.admin
        .patch(
            &format!("/api/v1/numbers/{number}"),
            json!({ "agent_id": null }),
        )
        .await;
    let (_, t) = post_signed(&app, "/webhooks/twilio/voice", &voice_params("CA24"), None).await;
    assert!(t.contains("This number is not in service"), "{t}");
    let agent = cust.admin.get("/api/v1/agents").await.body["items"][0]["id"].clone();
    cust.admin
        .patch(
            &format!("/api/v1/numbers/{number}"),
            json!({ "agent_id": agent }),
        )
        .await;
    // No credits.
    let root = app.platform_admin().await;
    let bal = cust.admin.get("/api/v1/credits").await.body["balance"]
        .as_i64()
        .unwrap_or(0);
    root.post(
        "/api/v1/admin/credit-adjustments",
        json!({ "tenant_id": cust.tenant_id, "amount": -bal, "reason": "test: empty the balance" }),
    )
    .await;
    let (_, t) = post_signed(&app, "/webhooks/twilio/voice", &voice_params("CA25"), None).await;
    assert!(t.contains("We cannot take your call right now"), "{t}");
    root.post(
        "/api/v1/admin/credit-adjustments",
        json!({ "tenant_id": cust.tenant_id, "amount": 10, "reason": "test: top up" }),
    )
    .await;
    // Suspended.
    let r = root
        .post(
            &format!("/api/v1/tenants/{}/suspend", cust.tenant_id),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let (_, t) = post_signed(&app, "/webhooks/twilio/voice", &voice_params("CA26"), None).await;
    assert!(t.contains("This service is not available right now"), "{t}");
    root.post(
        &format!("/api/v1/tenants/{}/reactivate", cust.tenant_id),
        json!({}),
    )
    .await;
    let (_, t) = post_signed(&app, "/webhooks/twilio/voice", &voice_params("CA27"), None).await;
    assert!(t.contains("<Connect>"), "{t}");
    // Refused calls are on record with the reason, and cost nothing. (Suspension signed the
    // customer out; staff look on its behalf.)
    assert_eq!(root.switch_to(cust.tenant_id).await.status, StatusCode::OK);
    let failed = root.get("/api/v1/calls?status=failed").await;
    let reasons: Vec<String> = failed.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["end_reason"].as_str().map(String::from))
        .collect();
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert!(
        reasons.iter().all(|r| r.starts_with("refused: ")),
        "{reasons:?}"
    );
}

/// A tiny deterministic shuffle (no RNG crate needed).
fn shuffled<T>(mut v: Vec<T>, mut seed: u64) -> Vec<T> {
    for i in (1..v.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (seed >> 33) as usize % (i + 1);
        v.swap(i, j);
    }
    v
}

fn status_events(sid: &'static str) -> Vec<Vec<(&'static str, &'static str)>> {
    ["initiated", "ringing", "in-progress", "completed"]
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let mut p = vec![
                ("AccountSid", SID),
                ("CallSid", sid),
                ("CallStatus", *st),
                ("SequenceNumber", ["0", "1", "2", "3"][i]),
                ("From", "+14155550199"),
                ("To", NUMBER),
                ("Direction", "inbound"),
                ("CallbackSource", "call-progress-events"),
            ];
            if *st == "completed" {
                p.push(("CallDuration", "133"));
            }
            p
        })
        .collect()
}

#[actix_web::test]
async fn status_callbacks_shuffled_and_duplicated_a_thousand_times_end_as_in_order() {
    let (_tw, app, cust, _) = world().await;
    let before = cust.admin.get("/api/v1/credits").await.body["balance"]
        .as_i64()
        .unwrap_or(0);
    // In order, on one call.
    for p in status_events("CA_ORDER") {
        let (s, b) = post_signed(&app, "/webhooks/twilio/status", &p, None).await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{b}");
    }
    // Shuffled and duplicated 1,000 times, 16 at a time, on another.
    let all: Vec<Vec<(&str, &str)>> = (0..250).flat_map(|_| status_events("CA_CHAOS")).collect();
    let all = shuffled(all, 42);
    assert_eq!(all.len(), 1000);
    for chunk in all.chunks(16) {
        let sends = chunk
            .iter()
            .map(|p| post_signed(&app, "/webhooks/twilio/status", p, None));
        for (s, b) in futures_util::future::join_all(sends).await {
            assert_eq!(s, StatusCode::NO_CONTENT, "{b}");
        }
    }
    let calls = cust.admin.get("/api/v1/calls?limit=10").await;
    let items = calls.body["items"].as_array().cloned().unwrap_or_default();
    let pick = |sid: &str| {
        items
            .iter()
            .find(|c| c["provider_call_id"] == sid)
            .cloned()
            .unwrap_or_default()
    };
    let (a, b) = (pick("CA_ORDER"), pick("CA_CHAOS"));
    for k in [
        "status",
        "duration_secs",
        "cost_credits",
        "direction",
        "from_number",
        "to_number",
        "end_reason",
    ] {
        assert_eq!(a[k], b[k], "{k}: {a} vs {b}");
    }
    assert_eq!(b["status"], "completed");
    assert_eq!(b["duration_secs"], 133);
    assert_eq!(b["cost_credits"], 3);
    // A late ringing never moves a finished call back.
    let late = &status_events("CA_CHAOS")[1];
    let mut late = late.clone();
    late[3] = ("SequenceNumber", "9");
    post_signed(&app, "/webhooks/twilio/status", &late, None).await;
    assert_eq!(
        cust.admin
            .get(&format!("/api/v1/calls/{}", id_of(&b)))
            .await
            .body["status"],
        "completed"
    );
    // Each call charged once: 3 + 3 credits.
    let after = cust.admin.get("/api/v1/credits").await.body["balance"]
        .as_i64()
        .unwrap_or(0);
    assert_eq!(before - after, 6);
}

#[actix_web::test]
async fn stream_status_callbacks_are_recorded_once() {
    let (_tw, app, _cust, _) = world().await;
    post_signed(&app, "/webhooks/twilio/voice", &voice_params("CA31"), None).await;
    let p = [
        ("AccountSid", SID),
        ("CallSid", "CA31"),
        ("StreamSid", "MZ31"),
        ("StreamEvent", "stream-started"),
        ("StreamName", "switchboard"),
    ];
    for _ in 0..3 {
        let (s, b) = post_signed(&app, "/webhooks/twilio/stream-status", &p, None).await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{b}");
    }
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let n = switchboard_db::entity::webhook_event::Entity::find()
        .filter(switchboard_db::entity::webhook_event::Column::EventKey.eq("MZ31:stream-started"))
        .count(&app.state.db)
        .await
        .unwrap_or(0);
    assert_eq!(n, 1);
}

#[actix_web::test]
async fn an_outbound_call_is_placed_at_twilio_and_answered_through_the_same_webhooks() {
    let (tw, app, cust, number) = world().await;
    let r = cust
        .admin
        .authed(reqwest::Method::POST, "/api/v1/calls")
        .header("idempotency-key", "out-1")
        .json(&json!({ "from_number_id": number, "to": "+14155552672" }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::CREATED);
    let call: serde_json::Value = r.json().await.unwrap_or_default();
    assert_eq!(call["provider_call_id"], "CA0utb0und0000000000000000000001");
    assert_eq!(call["status"], "queued");
    let id = call["id"].as_str().unwrap_or_default().to_string();
    let reqs = tw.received_requests().await.unwrap_or_default();
    let create = reqs
        .iter()
        .find(|r| r.url.path().ends_with("/Calls.json"))
        .unwrap_or_else(|| panic!("no call placed"));
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&create.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        (get("From").as_str(), get("To").as_str()),
        (NUMBER, "+14155552672")
    );
    assert_eq!(
        get("Url"),
        format!("{PUBLIC}/webhooks/twilio/voice?call={id}")
    );
    let spec = switchboard_test_support::openapi_check::Spec::load("twilio_api_v2010.json");
    let problems = spec.check_form(
        "POST",
        "/2010-04-01/Accounts/{AccountSid}/Calls.json",
        &form,
    );
    assert!(problems.is_empty(), "{problems:?}");
    // Twilio calls the answer URL when the callee picks up.
    let path = format!("/webhooks/twilio/voice?call={id}");
    let p = [
        ("AccountSid", SID),
        ("CallSid", "CA0utb0und0000000000000000000001"),
        ("From", NUMBER),
        ("To", "+14155552672"),
        ("Direction", "outbound-api"),
        ("CallStatus", "in-progress"),
    ];
    let (s, twiml) = post_signed(&app, &path, &p, None).await;
    assert_eq!(s, StatusCode::OK, "{twiml}");
    assert!(twiml.contains(&id), "{twiml}");
    let calls = cust.admin.get("/api/v1/calls").await;
    assert_eq!(calls.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(calls.body["items"][0]["status"], "in_progress");
    assert_eq!(calls.body["items"][0]["direction"], "outbound");
}

/// Signs with the official `twilio` Python package (`RequestValidator.compute_signature`), run by
/// the interpreter in `SWITCHBOARD_TWILIO_PYTHON` (CI installs it in a virtualenv).
fn python_signature(python: &str, url: &str, params: &[(&str, &str)]) -> String {
    let script = r#"
import json, sys
from twilio.request_validator import RequestValidator
args = json.loads(sys.stdin.read())
print(RequestValidator(args["token"]).compute_signature(args["url"], args["params"]))
"#;
    let input = json!({
        "token": TOKEN,
        "url": url,
        "params": params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<std::collections::BTreeMap<_, _>>(),
    });
    let mut child = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{python}: {e}"));
    use std::io::Write;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input.to_string().as_bytes());
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "python failed");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[actix_web::test]
async fn requests_signed_by_the_official_twilio_package_are_accepted() {
    let Ok(python) = std::env::var("SWITCHBOARD_TWILIO_PYTHON") else {
        eprintln!(
            "SWITCHBOARD_TWILIO_PYTHON is not set: .ci/run installs the twilio package and runs this"
        );
        return;
    };
    let (_tw, app, _cust, _) = world().await;
    let client = reqwest::Client::new();
    for (path, params) in [
        ("/webhooks/twilio/voice", voice_params("CA_PY_1")),
        (
            "/webhooks/twilio/status",
            vec![
                ("AccountSid", SID),
                ("CallSid", "CA_PY_1"),
                ("CallStatus", "completed"),
                ("CallDuration", "61"),
                ("SequenceNumber", "4"),
                ("From", "+14155550199"),
                ("To", NUMBER),
                ("Direction", "inbound"),
            ],
        ),
    ] {
        let sig = python_signature(&python, &format!("{PUBLIC}{path}"), &params);
        assert_eq!(
            sig,
            twilio_sign(&format!("{PUBLIC}{path}"), &params),
            "the two signers agree"
        );
        let res = client
            .post(format!("{}{path}", app.address))
            .header("x-twilio-signature", &sig)
            .form(&params)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(res.status().is_success(), "{path}: {}", res.status());
        // The same body with the signature of another URL is refused.
        let other = python_signature(&python, "https://evil.example.com/x", &params);
        let res = client
            .post(format!("{}{path}", app.address))
            .header("x-twilio-signature", &other)
            .form(&params)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
}

/// A Deepgram-like live recogniser: checks the token, counts the μ-law it is streamed and, on
/// `CloseStream`, answers one final result whose words differ from the simulated caller's, so
/// the transcript shows whose recognition it holds.
// The handshake callback's error type is tungstenite's own.
#[allow(clippy::result_large_err)]
async fn fake_deepgram(
    answer: &'static str,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let bytes = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = bytes.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let counted = counted.clone();
            tokio::spawn(async move {
                let check = |req: &tokio_tungstenite::tungstenite::handshake::server::Request,
                             res| {
                    let ok = req.uri().path() == "/v1/listen"
                        && req
                            .uri()
                            .query()
                            .unwrap_or_default()
                            .contains("encoding=mulaw")
                        && req
                            .headers()
                            .get("authorization")
                            .and_then(|v| v.to_str().ok())
                            == Some("Token dg_test");
                    if ok {
                        Ok(res)
                    } else {
                        let mut refused =
                            tokio_tungstenite::tungstenite::handshake::server::ErrorResponse::new(
                                None,
                            );
                        *refused.status_mut() =
                            tokio_tungstenite::tungstenite::http::StatusCode::UNAUTHORIZED;
                        Err(refused)
                    }
                };
                let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, check).await else {
                    return;
                };
                let (mut tx, mut rx) = ws.split();
                while let Some(Ok(m)) = rx.next().await {
                    match m {
                        Message::Binary(b) => {
                            counted.fetch_add(b.len(), std::sync::atomic::Ordering::SeqCst);
                        }
                        Message::Text(t) if t.contains("CloseStream") => {
                            let fin = json!({"type": "Results", "is_final": true, "speech_final": true,
                                "channel": {"alternatives": [{"transcript": answer}]}});
                            let _ = tx.send(Message::text(fin.to_string())).await;
                            let _ = tx.send(Message::Close(None)).await;
                            break;
                        }
                        _ => {}
                    }
                }
            });
        }
    });
    (format!("ws://{addr}"), bytes)
}

/// One inbound Twilio call on an app whose recognition is the fake Deepgram (`key` is the key the
/// app sends), the caller saying one line and hanging up; the finished call and its transcript.
async fn deepgram_call(
    answer: &'static str,
    key: &str,
) -> (
    serde_json::Value,
    Vec<(String, String)>,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    let (dg, streamed) = fake_deepgram(answer).await;
    let (_tw, app, cust, _) = world_with(&[
        ("SWITCHBOARD__SPEECH__STT", "deepgram"),
        ("SWITCHBOARD__DEEPGRAM__BASE_URL", dg.as_str()),
        ("SWITCHBOARD__DEEPGRAM__API_KEY", key),
    ])
    .await;
    let (status, twiml) =
        post_signed(&app, "/webhooks/twilio/voice", &voice_params("CA77"), None).await;
    assert_eq!(status, StatusCode::OK, "{twiml}");
    let param = |name: &str| {
        twiml
            .split(&format!("<Parameter name=\"{name}\" value=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_default()
            .to_string()
    };
    let call_id: uuid::Uuid = param("call_id").parse().unwrap_or_else(|e| panic!("{e}"));
    let token = param("token");
    use switchboard_telephony::media::caller::{Step, run};
    let url = format!(
        "{}/media/twilio?call_id={call_id}&token={token}",
        app.address.replacen("http", "ws", 1)
    );
    let report = run(
        &url,
        "CA77",
        call_id,
        &token,
        vec![
            Step::Say {
                text: "What are your opening hours".into(),
            },
            Step::Hangup,
        ],
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.frames_received > 0, "{report:?}");
    let call = call_id.to_string();
    let done = super::simulator::ended(&cust.admin, &call).await;
    let lines = super::simulator::transcript_lines(&cust.admin, &call).await;
    (done, lines, streamed)
}

#[actix_web::test]
async fn a_twilio_call_is_recognised_by_deepgram_while_the_caller_speaks() {
    let (done, lines, streamed) =
        deepgram_call("Heard by Deepgram: when do you open?", "dg_test").await;
    assert!(
        streamed.load(std::sync::atomic::Ordering::SeqCst) > 8000 / 2,
        "the caller's audio reached the recogniser"
    );
    assert_eq!(done["analysis"]["speech"]["stt"], "deepgram", "{done}");
    let caller: Vec<&str> = lines
        .iter()
        .filter(|(s, _)| s == "caller")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        caller,
        ["Heard by Deepgram: when do you open?"],
        "{lines:?}"
    );
    let timings = done["turn_timings"].as_array().cloned().unwrap_or_default();
    assert_eq!(timings.len(), 1, "{done}");
    assert_eq!(timings[0]["input"], "speech");
}

#[actix_web::test]
async fn when_recognition_fails_the_agent_asks_the_caller_to_repeat() {
    let (done, lines, _) = deepgram_call("never sent", "dg_revoked").await;
    assert_eq!(done["status"], "completed", "{done}");
    assert!(
        lines
            .iter()
            .any(|(s, t)| s == "agent" && t == switchboard_telephony::media::session::UNHEARD),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|(s, _)| s == "caller"), "{lines:?}");
}

#[actix_web::test]
async fn noise_recognised_as_nothing_gets_no_answer_and_no_timing() {
    let (done, lines, _) = deepgram_call("", "dg_test").await;
    assert_eq!(done["status"], "completed", "{done}");
    // Only the greeting.
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0].0, "agent");
    assert_eq!(
        done["turn_timings"].as_array().map(Vec::len),
        Some(0),
        "{done}"
    );
}
