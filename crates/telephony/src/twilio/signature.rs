//! `X-Twilio-Signature`, computed exactly as Twilio does: base64(HMAC-SHA1(auth token, URL +
//! each POST parameter name followed by its values, names sorted, values sorted and
//! de-duplicated)). The URL is the one Twilio called (from the configured public URL behind
//! proxies), tried with and without the scheme's default port because Twilio is inconsistent
//! about it. JSON bodies are signed over the URL alone, which carries `bodySHA256=<hex>` of the
//! raw body. There is no timestamp: replays are stopped by de-duplicating the events.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The signature Twilio would send for `url` and form `params`.
pub fn compute(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    let mut by_name: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (k, v) in params {
        by_name.entry(k.as_str()).or_default().insert(v.as_str());
    }
    let mut s = String::from(url);
    for (name, values) in by_name {
        for v in values {
            s.push_str(name);
            s.push_str(v);
        }
    }
    let mut mac = match Hmac::<Sha1>::new_from_slice(auth_token.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(s.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `url` with the scheme's default port added, or removed when present.
fn port_variant(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let default = match parsed.scheme() {
        "https" | "wss" => 443,
        "http" | "ws" => 80,
        _ => return None,
    };
    let host = parsed.host_str()?;
    let rest = &url[url.find(host)? + host.len()..];
    let prefix = &url[..url.find(host)? + host.len()];
    let with = format!(":{default}");
    if let Some(stripped) = rest.strip_prefix(&with) {
        Some(format!("{prefix}{stripped}"))
    } else if rest.starts_with(':') {
        None
    } else {
        Some(format!("{prefix}{with}{rest}"))
    }
}

fn matches(expected: &str, given: &str) -> bool {
    !given.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// Checks a form-encoded (or parameterless: GET, websocket upgrade) request.
pub fn verify(auth_token: &str, url: &str, params: &[(String, String)], signature: &str) -> bool {
    if matches(&compute(auth_token, url, params), signature) {
        return true;
    }
    port_variant(url).is_some_and(|u| matches(&compute(auth_token, &u, params), signature))
}

/// Checks a JSON request: the URL's `bodySHA256` must be the hash of `body`, and the signature
/// covers the URL alone.
pub fn verify_json(auth_token: &str, url: &str, body: &[u8], signature: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    let Some(claimed) = parsed
        .query_pairs()
        .find(|(k, _)| k == "bodySHA256")
        .map(|(_, v)| v.into_owned())
    else {
        return false;
    };
    let actual = hex::encode(Sha256::digest(body));
    if !bool::from(actual.as_bytes().ct_eq(claimed.as_bytes())) {
        return false;
    }
    verify(auth_token, url, &[], signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Twilio's published test vector (twilio-python and twilio-node agree).
    const TOKEN: &str = "12345";
    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

    fn params() -> Vec<(String, String)> {
        [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn the_published_vector_verifies_with_and_without_the_default_port() {
        assert_eq!(
            compute(TOKEN, URL, &params()),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        );
        assert!(verify(
            TOKEN,
            URL,
            &params(),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        ));
        assert!(verify(
            TOKEN,
            "https://mycompany.com:443/myapp.php?foo=1&bar=2",
            &params(),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        ));
        // Order of parameters as sent does not matter.
        let mut reversed = params();
        reversed.reverse();
        assert!(verify(
            TOKEN,
            URL,
            &reversed,
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        ));
    }

    #[test]
    fn tampering_and_wrong_tokens_fail() {
        let mut p = params();
        p[2].1 = "9999".into();
        assert!(!verify(TOKEN, URL, &p, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
        assert!(!verify(
            "54321",
            URL,
            &params(),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        ));
        assert!(!verify(
            TOKEN,
            "https://mycompany.com/other.php?foo=1&bar=2",
            &params(),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        ));
        assert!(!verify(TOKEN, URL, &params(), ""));
    }

    #[test]
    fn json_bodies_are_checked_by_their_hash_and_the_url() {
        let body = br#"{"property": "value", "boolean": true}"#;
        let url = "https://mycompany.com/myapp.php?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        assert!(verify_json(
            TOKEN,
            url,
            body,
            "y77kIzt2vzLz71DgmJGsen2scGs="
        ));
        let mut longer = body.to_vec();
        longer.push(b' ');
        assert!(!verify_json(
            TOKEN,
            url,
            &longer,
            "y77kIzt2vzLz71DgmJGsen2scGs="
        ));
        assert!(!verify_json(
            TOKEN,
            "https://mycompany.com/myapp.php",
            body,
            "y77kIzt2vzLz71DgmJGsen2scGs="
        ));
    }

    #[test]
    fn repeated_names_sign_each_value_sorted_once() {
        let a = compute(
            TOKEN,
            URL,
            &[
                ("E".into(), "b".into()),
                ("E".into(), "a".into()),
                ("E".into(), "a".into()),
            ],
        );
        let b = compute(
            TOKEN,
            URL,
            &[("E".into(), "a".into()), ("E".into(), "b".into())],
        );
        assert_eq!(a, b);
    }
}
