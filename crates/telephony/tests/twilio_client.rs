//! The Twilio client against a loopback mock whose requests are checked against Twilio's official
//! OpenAPI description (../shared/provider-specs/twilio_api_v2010.json): paths, query parameters
//! and form bodies (repeated keys for arrays), Basic auth; errors carry Twilio's own code.

use serde_json::json;
use switchboard_telephony::carrier::{Carrier, CarrierError, NewCall, NumberSearch, VoiceHooks};
use switchboard_telephony::twilio::TwilioClient;
use switchboard_test_support::openapi_check::Spec;
use wiremock::matchers::{basic_auth, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SID: &str = "AC00000000000000000000000000000001";
const TOKEN: &str = "tw_auth_token_1";

fn client(server: &MockServer) -> TwilioClient {
    let _ = rustls::crypto::ring::default_provider().install_default();
    TwilioClient::new(&server.uri(), SID, TOKEN).unwrap_or_else(|e| panic!("{e}"))
}

fn template(p: &str) -> String {
    let rest = p
        .strip_prefix(&format!("/2010-04-01/Accounts/{SID}/"))
        .unwrap_or_default();
    let rest = if rest.starts_with("AvailablePhoneNumbers/") {
        "AvailablePhoneNumbers/{CountryCode}/Local.json".to_string()
    } else if rest.starts_with("IncomingPhoneNumbers/") {
        "IncomingPhoneNumbers/{Sid}.json".to_string()
    } else if rest.starts_with("Calls/") {
        "Calls/{Sid}.json".to_string()
    } else {
        rest.to_string()
    };
    format!("/2010-04-01/Accounts/{{AccountSid}}/{rest}")
}

fn pairs(bytes: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn spec_problems(reqs: &[wiremock::Request]) -> Vec<String> {
    let spec = Spec::load("twilio_api_v2010.json");
    let mut out = Vec::new();
    for r in reqs {
        let t = template(r.url.path());
        let q = pairs(r.url.query().unwrap_or_default().as_bytes());
        for p in spec.check_query(r.method.as_str(), &t, &q) {
            out.push(format!("{t}: {p}"));
        }
        for p in spec.check_form(r.method.as_str(), &t, &pairs(&r.body)) {
            out.push(format!("{t}: {p}"));
        }
    }
    out
}

fn hooks() -> VoiceHooks {
    VoiceHooks {
        voice_url: "https://sb.example.com/webhooks/twilio/voice".into(),
        status_url: "https://sb.example.com/webhooks/twilio/status".into(),
    }
}

fn new_call() -> NewCall {
    NewCall {
        to: "+14155552672".into(),
        from: "+14155552671".into(),
        answer_url: "https://sb.example.com/webhooks/twilio/voice?call=1".into(),
        status_url: "https://sb.example.com/webhooks/twilio/status".into(),
        ring_timeout_secs: 30,
        time_limit_secs: 600,
    }
}

const PN: &str = "PN0123456789abcdef0123456789abcdef";
const CA: &str = "CA0123456789abcdef0123456789abcdef";

#[tokio::test]
async fn numbers_and_calls_use_requests_the_spec_accepts() {
    let server = MockServer::start().await;
    let base = format!("/2010-04-01/Accounts/{SID}");
    let ok =
        |status: u16, body: serde_json::Value| ResponseTemplate::new(status).set_body_json(body);
    Mock::given(method("GET"))
        .and(path(format!("{base}/AvailablePhoneNumbers/US/Local.json")))
        .and(basic_auth(SID, TOKEN))
        .respond_with(ok(200, json!({
            "available_phone_numbers": [
                { "phone_number": "+14155552671", "friendly_name": "(415) 555-2671", "locality": "San Francisco", "region": "CA", "iso_country": "US" },
                { "phone_number": "+14155552672", "friendly_name": "(415) 555-2672", "iso_country": "US" }
            ]
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{base}/IncomingPhoneNumbers.json")))
        .and(basic_auth(SID, TOKEN))
        .respond_with(ok(
            201,
            json!({ "sid": PN, "phone_number": "+14155552671" }),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{base}/IncomingPhoneNumbers/{PN}.json")))
        .respond_with(ok(200, json!({ "sid": PN })))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{base}/IncomingPhoneNumbers/{PN}.json")))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{base}/Calls.json")))
        .respond_with(ok(201, json!({ "sid": CA, "status": "queued" })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{base}/Calls/{CA}.json")))
        .respond_with(ok(200, json!({ "sid": CA, "status": "completed" })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{base}/Calls/{CA}.json")))
        .respond_with(ok(
            200,
            json!({ "sid": CA, "status": "completed", "duration": "133" }),
        ))
        .mount(&server)
        .await;
    let c = client(&server);
    let found = c
        .search_numbers(&NumberSearch {
            country: "us".into(),
            area_code: Some("415".into()),
            contains: Some("2671".into()),
            limit: Some(1),
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].locality.as_deref(), Some("San Francisco"));
    let owned = c
        .buy_number("+14155552671", &hooks())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(owned.sid, PN);
    assert_eq!(c.configure_number(&owned.sid, &hooks()).await, Ok(()));
    let call = c
        .create_call(&new_call())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(call, CA);
    assert_eq!(c.hangup_call(&call).await, Ok(()));
    let fetched = c.fetch_call(&call).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (fetched.status.as_str(), fetched.duration_secs),
        ("completed", Some(133))
    );
    assert_eq!(c.release_number(&owned.sid).await, Ok(()));

    let reqs = server.received_requests().await.unwrap_or_default();
    assert_eq!(reqs.len(), 7);
    let problems = spec_problems(&reqs);
    assert!(problems.is_empty(), "{problems:#?}");
    let create = reqs
        .iter()
        .find(|r| r.url.path().ends_with("/Calls.json"))
        .unwrap_or_else(|| panic!("no create call"));
    let events: Vec<String> = pairs(&create.body)
        .into_iter()
        .filter(|(k, _)| k == "StatusCallbackEvent")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(events, ["initiated", "ringing", "answered", "completed"]);
}

#[tokio::test]
async fn the_spec_check_catches_forms_twilio_would_refuse() {
    let spec = Spec::load("twilio_api_v2010.json");
    let t = "/2010-04-01/Accounts/{AccountSid}/Calls.json";
    let missing_to = vec![("From".to_string(), "+14155552671".to_string())];
    assert!(!spec.check_form("POST", t, &missing_to).is_empty());
    let unknown = vec![
        ("To".to_string(), "+1".to_string()),
        ("From".to_string(), "+1".to_string()),
        ("Bogus".to_string(), "x".to_string()),
    ];
    assert!(!spec.check_form("POST", t, &unknown).is_empty());
    let repeated_scalar = vec![
        ("To".to_string(), "+1".to_string()),
        ("To".to_string(), "+2".to_string()),
        ("From".to_string(), "+1".to_string()),
    ];
    assert!(!spec.check_form("POST", t, &repeated_scalar).is_empty());
}

#[tokio::test]
async fn twilio_errors_carry_its_code_and_say_whether_to_retry() {
    let server = MockServer::start().await;
    let base = format!("/2010-04-01/Accounts/{SID}");
    Mock::given(method("POST"))
        .and(path(format!("{base}/IncomingPhoneNumbers.json")))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": 21422, "message": "Phone number is not available",
            "more_info": "https://www.twilio.com/docs/errors/21422", "status": 400
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{base}/Calls.json")))
        .respond_with(ResponseTemplate::new(503).set_body_string("unavailable"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{base}/IncomingPhoneNumbers/PNgone.json")))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "code": 20404, "message": "The requested resource was not found", "status": 404
        })))
        .mount(&server)
        .await;
    let c = client(&server);
    match c.buy_number("+14155552671", &hooks()).await {
        Err(e @ CarrierError::Refused { .. }) => {
            assert!(!e.is_transient());
            if let CarrierError::Refused {
                code,
                message,
                status,
                ..
            } = e
            {
                assert_eq!((code, status), (21422, 400));
                assert_eq!(message, "Phone number is not available");
            }
        }
        other => panic!("{other:?}"),
    }
    assert!(
        c.create_call(&new_call())
            .await
            .err()
            .is_some_and(|e| e.is_transient())
    );
    assert_eq!(
        c.release_number("PNgone").await,
        Ok(()),
        "already gone counts as released"
    );
    let unreachable = TwilioClient::new("http://127.0.0.1:9", SID, TOKEN)
        .unwrap_or_else(|e| panic!("{e}"))
        .hangup_call("CA1")
        .await;
    assert!(matches!(unreachable, Err(CarrierError::Unreachable(..))));
}
