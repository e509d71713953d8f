//! The OpenAPI contract: committed file matches the code; every operation is documented.

use serde_json::Value;

fn generated() -> Value {
    serde_json::to_value(switchboard_api::openapi_document()).unwrap_or(Value::Null)
}

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let now = switchboard_api::openapi_document()
        .to_pretty_json()
        .unwrap_or_default()
        + "\n";
    assert!(
        committed == now,
        "openapi/openapi.json is stale: run `just openapi` (or `cargo run -- openapi --out openapi/openapi.json`) and commit it"
    );
}

#[test]
fn the_document_is_openapi_3_1_with_security_schemes_and_error_codes() {
    let doc = generated();
    assert_eq!(doc["openapi"], "3.1.0");
    let schemes = &doc["components"]["securitySchemes"];
    assert!(schemes["session"].is_object() && schemes["api_key"].is_object());
    let codes: Vec<&str> = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for c in [
        "route_not_found",
        "malformed_json",
        "quota_exceeded",
        "csrf_failed",
        "rate_limited",
        "internal",
    ] {
        assert!(codes.contains(&c), "ErrorCode lacks {c}");
    }
}

const PUBLIC: &[&str] = &[
    "health",
    "get_branding",
    "get_setup_status",
    "complete_setup",
    "register",
    "verify_email",
    "resend_verification",
    "login",
    "forgot_password",
    "reset_password",
    "lookup_invitation",
    "accept_invitation",
    "elevenlabs_webhook",
    "elevenlabs_initiation",
    "twilio_voice",
    "twilio_status",
    "twilio_stream_status",
    "media_stream",
];

#[test]
fn every_operation_is_named_tagged_and_secured_unless_public() {
    let doc = generated();
    let mut seen = 0;
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            seen += 1;
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(
                id.contains('_')
                    || id == "health"
                    || id == "register"
                    || id == "login"
                    || id == "logout",
                "{id}: operation ids are verb_resource"
            );
            assert!(
                op["tags"].as_array().is_some_and(|t| t.len() == 1),
                "{id} needs exactly one tag"
            );
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            assert_eq!(
                !secured,
                PUBLIC.contains(&id),
                "{id}: security entry and the public list disagree"
            );
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{id} lists no responses"
            );
        }
    }
    assert!(seen >= 50, "only {seen} operations");
}
