//! ElevenLabs speech for the built-in runtime against a loopback mock; requests are checked
//! against ElevenLabs' official OpenAPI description (path, query, JSON body, multipart fields).

use serde_json::json;
use switchboard_telephony::media::audio::synthesize;
use switchboard_telephony::media::elevenlabs_speech::{ElevenLabsStt, ElevenLabsTts};
use switchboard_telephony::media::speech::{SpeechError, SpeechToText, TextToSpeech, Utterance};
use switchboard_test_support::openapi_check::Spec;
use tokio::sync::mpsc;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[tokio::test]
async fn synthesis_streams_mu_law_in_chunks_with_a_request_the_spec_accepts() {
    tls();
    let server = MockServer::start().await;
    let audio = vec![0x7Fu8; 8000];
    Mock::given(method("POST"))
        .and(path("/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream"))
        .and(query_param("output_format", "ulaw_8000"))
        .and(header("xi-api-key", "xi_key"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(audio.clone()))
        .mount(&server)
        .await;
    let tts = ElevenLabsTts::new(&server.uri(), "xi_key", "eleven_flash_v2_5")
        .unwrap_or_else(|e| panic!("{e}"));
    let (tx, mut rx) = mpsc::channel(64);
    tts.synthesize("Hello, thanks for calling.", "21m00Tcm4TlvDq8ikWAM", &tx)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    drop(tx);
    let mut got = Vec::new();
    while let Some(c) = rx.recv().await {
        got.extend(c);
    }
    assert_eq!(got, audio);
    let spec = Spec::load("elevenlabs_openapi_2026-08.json");
    let reqs = server.received_requests().await.unwrap_or_default();
    let r = &reqs[0];
    let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
    assert_eq!(
        body,
        json!({ "text": "Hello, thanks for calling.", "model_id": "eleven_flash_v2_5" })
    );
    let t = "/v1/text-to-speech/{voice_id}/stream";
    let q: Vec<(String, String)> = r
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut problems = spec.check_request("POST", t, Some(&body));
    problems.extend(spec.check_query("POST", t, &q));
    assert!(problems.is_empty(), "{problems:?}");
}

#[tokio::test]
async fn a_turn_is_recognised_from_a_wav_upload_and_errors_carry_elevenlabs_message() {
    tls();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/speech-to-text"))
        .and(header("xi-api-key", "xi_key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "language_code": "en", "language_probability": 0.98, "text": " What are your opening hours? ",
            "words": []
        })))
        .mount(&server)
        .await;
    let stt =
        ElevenLabsStt::new(&server.uri(), "xi_key", "scribe_v1").unwrap_or_else(|e| panic!("{e}"));
    let (mulaw, _) = synthesize("what are your opening hours", 130.0);
    let text = stt
        .transcribe(&Utterance {
            mulaw: mulaw.clone(),
            carried_words: vec![],
            language: "en-US".into(),
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text, "What are your opening hours?");
    let reqs = server.received_requests().await.unwrap_or_default();
    let body = String::from_utf8_lossy(&reqs[0].body).to_string();
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            switchboard_test_support::openapi_check::specs_dir()
                .join("elevenlabs_openapi_2026-08.json"),
        )
        .unwrap_or_default(),
    )
    .unwrap_or_default();
    let schema_ref = spec["paths"]["/v1/speech-to-text"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
        .as_str()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let props = spec["components"]["schemas"][&schema_ref]["properties"].clone();
    let mut fields = Vec::new();
    for part in body.split("form-data; name=\"").skip(1) {
        let name = part.split('"').next().unwrap_or_default().to_string();
        assert!(
            props.get(&name).is_some(),
            "multipart field {name} is not in the spec"
        );
        fields.push(name);
    }
    assert!(
        fields.contains(&"model_id".to_string()) && fields.contains(&"file".to_string()),
        "{fields:?}"
    );
    assert!(body.contains("RIFF"), "the turn is sent as WAV");
    assert!(
        body.contains("name=\"language_code\"\r\n\r\nen\r\n"),
        "the agent's language goes as an ISO 639 code"
    );

    let failing = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/speech-to-text"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({ "detail": { "status": "invalid_api_key", "message": "Invalid API key" } }),
        ))
        .mount(&failing)
        .await;
    let stt =
        ElevenLabsStt::new(&failing.uri(), "bad", "scribe_v1").unwrap_or_else(|e| panic!("{e}"));
    match stt
        .transcribe(&Utterance {
            mulaw,
            carried_words: vec![],
            language: "multi".into(),
        })
        .await
    {
        Err(SpeechError::Provider(m)) => {
            assert!(m.contains("401") && m.contains("Invalid API key"), "{m}")
        }
        other => panic!("{other:?}"),
    }
}
