//! Encryption of stored secrets (provider API keys): AES-256-GCM with keys from configuration.
//! Several keys may be configured: the first encrypts, all decrypt, so keys can be rotated by
//! adding a new first key and re-saving (or re-encrypting) values. Stored form:
//! `<key id>:<base64 nonce>:<base64 ciphertext>`.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Why a secret could not be handled.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    /// The configured keys are unusable.
    #[error("security.encryption_keys: {0}")]
    BadKeys(String),
    /// No configured key has this id (rotated away too early).
    #[error("no encryption key {0} is configured")]
    UnknownKey(String),
    /// The stored value is damaged or was encrypted with another key.
    #[error("the stored secret cannot be decrypted")]
    Corrupt,
}

/// The configured keys.
#[derive(Clone)]
pub struct Keyring {
    keys: Vec<(String, [u8; 32])>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field(
                "key_ids",
                &self.keys.iter().map(|k| &k.0).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Keyring {
    /// Parses `id:base64key,id2:base64key` (each key 32 bytes); the first encrypts.
    pub fn parse(spec: &str) -> Result<Self, SecretError> {
        let mut keys = Vec::new();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (id, b64) = part.split_once(':').ok_or_else(|| {
                SecretError::BadKeys("each key is <id>:<base64 of 32 bytes>".into())
            })?;
            let raw = STANDARD
                .decode(b64)
                .map_err(|_| SecretError::BadKeys(format!("key {id} is not base64")))?;
            let key: [u8; 32] = raw
                .try_into()
                .map_err(|_| SecretError::BadKeys(format!("key {id} must be 32 bytes")))?;
            if id.is_empty() || id.contains(':') {
                return Err(SecretError::BadKeys(
                    "key ids must be non-empty without ':'".into(),
                ));
            }
            keys.push((id.to_string(), key));
        }
        if keys.is_empty() {
            return Err(SecretError::BadKeys("no key configured".into()));
        }
        Ok(Self { keys })
    }

    /// A keyring with one key derived from a secret string (for installations that configured
    /// none: the derived key is stable as long as the secret is).
    pub fn derived(secret: &str) -> Self {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(format!("switchboard-secrets:{secret}").as_bytes());
        let mut key = [0u8; 32];
        key.copy_from_slice(&digest);
        Self {
            keys: vec![("d0".into(), key)],
        }
    }

    /// Encrypts with the first key and a random nonce.
    pub fn encrypt(&self, plaintext: &str) -> Result<String, SecretError> {
        let (id, key) = self
            .keys
            .first()
            .ok_or_else(|| SecretError::BadKeys("no key".into()))?;
        let cipher = Aes256Gcm::new(&Key::<Aes256Gcm>::from(*key));
        let nonce: [u8; 12] = rand::random();
        let ct = cipher
            .encrypt(&Nonce::from(nonce), plaintext.as_bytes())
            .map_err(|_| SecretError::Corrupt)?;
        Ok(format!(
            "{id}:{}:{}",
            STANDARD.encode(nonce),
            STANDARD.encode(ct)
        ))
    }

    /// Decrypts a value made by [`Keyring::encrypt`] with any configured key.
    pub fn decrypt(&self, stored: &str) -> Result<String, SecretError> {
        let mut parts = stored.splitn(3, ':');
        let (Some(id), Some(n), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(SecretError::Corrupt);
        };
        let key = self
            .keys
            .iter()
            .find(|k| k.0 == id)
            .ok_or_else(|| SecretError::UnknownKey(id.to_string()))?;
        let nonce = STANDARD.decode(n).map_err(|_| SecretError::Corrupt)?;
        let ct = STANDARD.decode(c).map_err(|_| SecretError::Corrupt)?;
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| SecretError::Corrupt)?;
        let cipher = Aes256Gcm::new(&Key::<Aes256Gcm>::from(key.1));
        let pt = cipher
            .decrypt(&Nonce::from(nonce), ct.as_ref())
            .map_err(|_| SecretError::Corrupt)?;
        String::from_utf8(pt).map_err(|_| SecretError::Corrupt)
    }

    /// Whether a stored value was encrypted with an older key (re-save it to rotate).
    pub fn needs_rotation(&self, stored: &str) -> bool {
        self.keys
            .first()
            .is_some_and(|(id, _)| !stored.starts_with(&format!("{id}:")))
    }
}

/// Shows only the end of a secret: `••••••••1a2b`.
pub fn mask(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if secret.chars().count() <= 8 {
        "••••••••".into()
    } else {
        format!("••••••••{tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> String {
        STANDARD.encode([b; 32])
    }

    #[test]
    fn secrets_round_trip_and_old_keys_still_decrypt_after_rotation() {
        let old = Keyring::parse(&format!("k1:{}", key(1))).unwrap_or_else(|e| panic!("{e}"));
        let stored = old.encrypt("sk_live_abcdef123456").unwrap_or_default();
        assert!(!stored.contains("abcdef"));
        assert_ne!(
            stored,
            old.encrypt("sk_live_abcdef123456").unwrap_or_default(),
            "random nonce"
        );
        let rotated = Keyring::parse(&format!("k2:{},k1:{}", key(2), key(1)))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            rotated.decrypt(&stored).ok().as_deref(),
            Some("sk_live_abcdef123456")
        );
        assert!(rotated.needs_rotation(&stored));
        assert!(rotated.encrypt("x").unwrap_or_default().starts_with("k2:"));
        let other = Keyring::parse(&format!("k1:{}", key(9))).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(other.decrypt(&stored), Err(SecretError::Corrupt));
        assert!(matches!(
            Keyring::parse("k1:short"),
            Err(SecretError::BadKeys(_))
        ));
    }

    #[test]
    fn masks_show_only_the_last_four_characters() {
        assert_eq!(mask("sk_live_abcdef123456"), "••••••••3456");
        assert_eq!(mask("short"), "••••••••");
    }
}
