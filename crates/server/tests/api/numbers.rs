//! Phone numbers: search, buy through a background job the client follows, assign, release; on
//! the simulator and on Twilio (a loopback mock checked against Twilio's spec); quotas, numbers
//! held by someone else, failed purchases that leave nothing behind.

use reqwest::StatusCode;
use serde_json::{Value, json};
use switchboard_test_support::openapi_check::Spec;
use switchboard_test_support::{Client, id_of, spawn_app, spawn_app_with};
use wiremock::matchers::{basic_auth, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Polls a number until its status is no longer `from`.
async fn settled(c: &Client, id: &str, from: &str) -> Value {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let r = c.get(&format!("/api/v1/numbers/{id}")).await;
        if r.body["status"] != from {
            return r.body;
        }
        assert!(std::time::Instant::now() < end, "still {from}: {}", r.body);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[actix_web::test]
async fn a_simulator_number_is_bought_assigned_and_released() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    let found = cust
        .admin
        .get("/api/v1/numbers/available?carrier=simulator&country=US&area_code=212&limit=3")
        .await;
    assert_eq!(found.status, StatusCode::OK, "{:?}", found.body);
    let items = found.body["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 3);
    let e164 = items[0]["phone_number"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(e164, "+12125550100");
    let agent = cust
        .admin
        .post(
            "/api/v1/agents",
            json!({ "name": "Reception", "kind": "call" }),
        )
        .await;
    let agent_id = id_of(&agent.body);

    let bought = cust
        .admin
        .post(
            "/api/v1/numbers",
            json!({ "carrier": "simulator", "phone_number": e164, "agent_id": agent_id }),
        )
        .await;
    assert_eq!(bought.status, StatusCode::ACCEPTED, "{:?}", bought.body);
    assert_eq!(bought.body["status"], "provisioning");
    let id = bought.body["id"].as_str().unwrap_or_default().to_string();
    let active = settled(&cust.admin, &id, "provisioning").await;
    assert_eq!(active["status"], "active", "{active}");
    assert_eq!(active["agent_id"], agent_id.to_string());
    assert_eq!(active["country"], "US");

    // Starter holds one number.
    let second = cust
        .admin
        .post(
            "/api/v1/numbers",
            json!({ "carrier": "simulator", "phone_number": "+12125550101" }),
        )
        .await;
    assert_eq!(
        (second.status, second.code()),
        (StatusCode::CONFLICT, "quota_exceeded"),
        "{:?}",
        second.body
    );
    // Another tenant cannot take a held number.
    let other = app.customer().await;
    let taken = other
        .admin
        .post(
            "/api/v1/numbers",
            json!({ "carrier": "simulator", "phone_number": e164 }),
        )
        .await;
    assert_eq!(
        (taken.status, taken.code()),
        (StatusCode::CONFLICT, "number_taken")
    );

    let unassigned = cust
        .admin
        .patch(
            &format!("/api/v1/numbers/{id}"),
            json!({ "agent_id": null, "friendly_name": "Front desk" }),
        )
        .await;
    assert_eq!(unassigned.status, StatusCode::OK, "{:?}", unassigned.body);
    assert!(unassigned.body["agent_id"].is_null());
    assert_eq!(unassigned.body["friendly_name"], "Front desk");
    let renamed = cust
        .admin
        .patch(
            &format!("/api/v1/numbers/{id}"),
            json!({ "agent_id": agent_id }),
        )
        .await;
    assert_eq!(renamed.body["agent_id"], agent_id.to_string());
    assert_eq!(
        renamed.body["friendly_name"], "Front desk",
        "absent fields stay"
    );
    let foreign_agent = other
        .admin
        .post(
            "/api/v1/agents",
            json!({ "name": "Theirs", "kind": "call" }),
        )
        .await;
    let bad = cust
        .admin
        .patch(
            &format!("/api/v1/numbers/{id}"),
            json!({ "agent_id": id_of(&foreign_agent.body) }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body["error"]["details"]["fields"]["agent_id"].is_array());

    let released = cust.admin.delete(&format!("/api/v1/numbers/{id}")).await;
    assert_eq!(released.status, StatusCode::ACCEPTED, "{:?}", released.body);
    assert_eq!(released.body["status"], "releasing");
    let done = settled(&cust.admin, &id, "releasing").await;
    assert_eq!(done["status"], "released", "{done}");
    assert!(done["agent_id"].is_null());
    let list = cust.admin.get("/api/v1/numbers").await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(0));
    let all = cust
        .admin
        .get("/api/v1/numbers?include_released=true")
        .await;
    assert_eq!(all.body["items"].as_array().map(Vec::len), Some(1));
    // Released: the other tenant can have it now.
    let theirs = other
        .admin
        .post(
            "/api/v1/numbers",
            json!({ "carrier": "simulator", "phone_number": e164 }),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::ACCEPTED, "{:?}", theirs.body);
    let audit = cust.admin.get("/api/v1/audit-log?action=number.").await;
    assert!(
        audit.body["items"].as_array().map_or(0, Vec::len) >= 3,
        "{:?}",
        audit.body
    );
}

#[actix_web::test]
async fn bad_requests_name_the_field_and_hold_nothing() {
    let app = spawn_app().await;
    let cust = app.customer().await;
    for (body, field) in [
        (
            json!({ "carrier": "vonage", "phone_number": "+12125550100" }),
            "carrier",
        ),
        (
            json!({ "carrier": "simulator", "phone_number": "+14155552671" }),
            "phone_number",
        ),
        (
            json!({ "carrier": "twilio", "phone_number": "12" }),
            "phone_number",
        ),
        (
            json!({ "carrier": "simulator", "phone_number": "+12125550100", "agent_id": uuid::Uuid::now_v7() }),
            "agent_id",
        ),
    ] {
        let r = cust.admin.post("/api/v1/numbers", body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);
        assert!(
            r.body["error"]["details"]["fields"][field].is_array(),
            "{field}: {:?}",
            r.body
        );
    }
    let r = cust
        .admin
        .get("/api/v1/numbers/available?carrier=simulator&country=USA")
        .await;
    assert!(r.body["error"]["details"]["fields"]["country"].is_array());
    let r = cust
        .admin
        .get("/api/v1/numbers/available?carrier=twilio&country=US")
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "not_configured"),
        "{:?}",
        r.body
    );
    let all = cust
        .admin
        .get("/api/v1/numbers?include_released=true")
        .await;
    assert_eq!(all.body["items"].as_array().map(Vec::len), Some(0));
    // Customer users see numbers but do not buy them.
    let user = app.member(&cust.admin, Some("customer_user"), None).await;
    assert_eq!(user.get("/api/v1/numbers").await.status, StatusCode::OK);
    let r = user
        .post(
            "/api/v1/numbers",
            json!({ "carrier": "simulator", "phone_number": "+12125550100" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "f1e2d3c4b5a6978877665544332211aa";

fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[actix_web::test]
async fn twilio_numbers_are_bought_routed_to_us_and_released_or_fail_cleanly() {
    let tw = MockServer::start().await;
    let base = format!("/2010-04-01/Accounts/{SID}");
    Mock::given(method("GET"))
        .and(path(format!("{base}/AvailablePhoneNumbers/US/Local.json")))
        .and(basic_auth(SID, TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "available_phone_numbers": [{ "phone_number": "+14155552671", "friendly_name": "(415) 555-2671", "iso_country": "US" }]
        })))
        .mount(&tw)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{base}/IncomingPhoneNumbers.json")))
        .respond_with(move |req: &wiremock::Request| {
            let form = form_pairs(&req.body);
            let number = form
                .iter()
                .find(|(k, _)| k == "PhoneNumber")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            if number == "+14155552671" {
                ResponseTemplate::new(201).set_body_json(
                    json!({ "sid": "PN0123456789abcdef0123456789abcdef", "phone_number": number }),
                )
            } else {
                ResponseTemplate::new(400).set_body_json(json!({
                    "code": 21422, "message": "Phone number is not available", "status": 400
                }))
            }
        })
        .mount(&tw)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!(
            "{base}/IncomingPhoneNumbers/PN0123456789abcdef0123456789abcdef.json"
        )))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&tw)
        .await;
    let uri = tw.uri();
    let app = spawn_app_with(&[
        ("SWITCHBOARD__TWILIO__BASE_URL", uri.as_str()),
        (
            "SWITCHBOARD__SERVER__PUBLIC_URL",
            "https://voice.example.com",
        ),
    ])
    .await;
    let cust = app.customer().await;
    let bad = cust
        .admin
        .put(
            "/api/v1/integrations/twilio",
            json!({ "account_sid": "AC123", "auth_token": TOKEN }),
        )
        .await;
    assert!(bad.body["error"]["details"]["fields"]["account_sid"].is_array());
    let creds = cust
        .admin
        .put(
            "/api/v1/integrations/twilio",
            json!({ "account_sid": SID, "auth_token": TOKEN }),
        )
        .await;
    assert_eq!(creds.status, StatusCode::OK, "{:?}", creds.body);
    assert_eq!(creds.body["account_sid"], SID);
    assert_eq!(creds.body["key_source"], "own");
    assert!(
        !creds.body.to_string().contains(TOKEN),
        "the token is never shown"
    );
    assert_eq!(
        creds.body["voice_webhook_url"],
        "https://voice.example.com/webhooks/twilio/voice"
    );

    let found = cust
        .admin
        .get("/api/v1/numbers/available?carrier=twilio&country=US&area_code=415")
        .await;
    assert_eq!(found.status, StatusCode::OK, "{:?}", found.body);
    assert_eq!(found.body["items"][0]["phone_number"], "+14155552671");

    // A purchase Twilio refuses fails cleanly: nothing is held.
    let refused = cust
        .admin
        .post(
            "/api/v1/numbers",
            json!({ "carrier": "twilio", "phone_number": "+14155552672" }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::ACCEPTED, "{:?}", refused.body);
    let failed = settled(
        &cust.admin,
        refused.body["id"].as_str().unwrap_or_default(),
        "provisioning",
    )
    .await;
    assert_eq!(failed["status"], "failed", "{failed}");
    assert!(
        failed["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("21422") && e.contains("not available")),
        "{failed}"
    );
    // The failed one does not count against the quota; the good one is bought and routed to us.
    let ok = cust
        .admin
        .post(
            "/api/v1/numbers",
            json!({ "carrier": "twilio", "phone_number": "+1 (415) 555-2671" }),
        )
        .await;
    assert_eq!(ok.status, StatusCode::ACCEPTED, "{:?}", ok.body);
    assert_eq!(ok.body["phone_number"], "+14155552671");
    let id = ok.body["id"].as_str().unwrap_or_default().to_string();
    let active = settled(&cust.admin, &id, "provisioning").await;
    assert_eq!(active["status"], "active", "{active}");
    let closed = cust
        .admin
        .delete(&format!(
            "/api/v1/numbers/{}",
            failed["id"].as_str().unwrap_or_default()
        ))
        .await;
    assert_eq!(
        closed.body["status"], "released",
        "a failed number closes at once"
    );
    let r = cust.admin.delete(&format!("/api/v1/numbers/{id}")).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(
        settled(&cust.admin, &id, "releasing").await["status"],
        "released"
    );

    let reqs = tw.received_requests().await.unwrap_or_default();
    let buy = reqs
        .iter()
        .find(|r| {
            r.url.path().ends_with("/IncomingPhoneNumbers.json")
                && form_pairs(&r.body).iter().any(|(_, v)| v == "+14155552671")
        })
        .unwrap_or_else(|| panic!("no purchase"));
    let form = form_pairs(&buy.body);
    assert!(form.contains(&(
        "VoiceUrl".to_string(),
        "https://voice.example.com/webhooks/twilio/voice".to_string()
    )));
    assert!(form.contains(&(
        "StatusCallback".to_string(),
        "https://voice.example.com/webhooks/twilio/status".to_string()
    )));
    let spec = Spec::load("twilio_api_v2010.json");
    for r in &reqs {
        let p = r.url.path();
        let t = if p.contains("/AvailablePhoneNumbers/") {
            "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json"
        } else if p.ends_with("/IncomingPhoneNumbers.json") {
            "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json"
        } else {
            "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json"
        };
        let q = form_pairs(r.url.query().unwrap_or_default().as_bytes());
        let mut problems = spec.check_query(r.method.as_str(), t, &q);
        problems.extend(spec.check_form(r.method.as_str(), t, &form_pairs(&r.body)));
        assert!(problems.is_empty(), "{t}: {problems:?}");
    }
}
