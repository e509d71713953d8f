//! Password hashing (argon2id, OWASP parameters) and the password policy.

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};

use crate::{Auth, AuthError};

/// Shortest allowed password.
pub const MIN_LEN: usize = 8;
/// Longest allowed password (bounds hashing cost).
pub const MAX_LEN: usize = 128;

/// Passwords people pick first; refused whatever their length.
const COMMON: &str = include_str!("common-passwords.txt");

/// Checks length and the common-password list. `email` is refused as a password too.
pub fn check_policy(password: &str, email: Option<&str>) -> Result<(), AuthError> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(AuthError::WeakPassword(format!(
            "must be at least {MIN_LEN} characters"
        )));
    }
    if n > MAX_LEN {
        return Err(AuthError::WeakPassword(format!(
            "must be at most {MAX_LEN} characters"
        )));
    }
    let lower = password.to_lowercase();
    if COMMON.lines().any(|l| l.trim() == lower) {
        return Err(AuthError::WeakPassword(
            "is too common: choose another".into(),
        ));
    }
    if let Some(e) = email {
        let e = e.to_lowercase();
        if lower == e || e.split('@').next() == Some(lower.as_str()) {
            return Err(AuthError::WeakPassword(
                "must not be your email address".into(),
            ));
        }
    }
    if password.chars().all(|c| password.starts_with(c)) {
        return Err(AuthError::WeakPassword(
            "must not repeat one character".into(),
        ));
    }
    Ok(())
}

fn hasher(memory_kib: u32, iterations: u32) -> Result<Argon2<'static>, AuthError> {
    let params = Params::new(memory_kib, iterations, 1, None)
        .map_err(|e| AuthError::Internal(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

impl Auth {
    /// Hashes a password on a blocking thread, at most one per core at a time.
    pub async fn hash_password(&self, password: &str) -> Result<String, AuthError> {
        let _permit = self
            .hashing
            .acquire()
            .await
            .map_err(|e| AuthError::Internal(e.to_string()))?;
        let pw = password.to_string();
        let (m, t) = (self.cfg.argon2_memory_kib, self.cfg.argon2_iterations);
        tokio::task::spawn_blocking(move || {
            hasher(m, t)?
                .hash_password(pw.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| AuthError::Internal(e.to_string()))
        })
        .await
        .map_err(|e| AuthError::Internal(e.to_string()))?
    }

    /// Verifies a password against a PHC hash (parameters are read from the hash).
    pub async fn verify_password(&self, password: &str, hash: &str) -> Result<bool, AuthError> {
        let _permit = self
            .hashing
            .acquire()
            .await
            .map_err(|e| AuthError::Internal(e.to_string()))?;
        let pw = password.to_string();
        let hash = hash.to_string();
        tokio::task::spawn_blocking(move || {
            let Ok(parsed) = PasswordHash::new(&hash) else {
                return false;
            };
            Argon2::default()
                .verify_password(pw.as_bytes(), &parsed)
                .is_ok()
        })
        .await
        .map_err(|e| AuthError::Internal(e.to_string()))
    }

    /// A hash of a random password, verified against when the account does not exist so that
    /// unknown emails take as long as wrong passwords.
    pub(crate) async fn dummy_verify(&self, password: &str) {
        const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0rCWvHDiY5lsF6eF1b1cqHjdzBsaeeSzJQqKfq3Ptqc";
        let _ = self.verify_password(password, DUMMY).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_refuses_short_long_common_and_email_passwords() {
        assert!(check_policy("short", None).is_err());
        assert!(check_policy(&"x".repeat(129), None).is_err());
        assert!(check_policy("password123", None).is_err());
        assert!(check_policy("Password1", None).is_err());
        assert!(check_policy("aaaaaaaaaa", None).is_err());
        assert!(check_policy("jane.doe1", Some("jane.doe1@example.com")).is_err());
        assert!(check_policy("violet-harbour-42", Some("jane@example.com")).is_ok());
        assert!(check_policy(&"ab".repeat(64), None).is_ok());
    }

    #[test]
    fn hashes_use_argon2id_with_owasp_parameters() {
        let h = hasher(19456, 2).and_then(|a| {
            a.hash_password(b"violet-harbour-42")
                .map(|h| h.to_string())
                .map_err(|e| AuthError::Internal(e.to_string()))
        });
        let h = h.unwrap_or_default();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
    }
}
