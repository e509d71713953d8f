//! Short-lived signed tokens (JWT, HS256 only, `aud` = purpose, `exp` checked) for email links
//! and other one-off grants. Single-use tokens are consumed by recording their `jti`.

use chrono::Duration;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde::{Deserialize, Serialize};
use switchboard_core::{new_id, now};
use switchboard_db::entity::used_token;

use crate::{Auth, AuthError};

/// What a token may be used for; doubles as its audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirms an email address.
    VerifyEmail,
    /// Allows one password reset.
    ResetPassword,
    /// Opens a websocket for one principal (later features).
    WebsocketTicket,
}

impl Purpose {
    fn aud(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "switchboard:verify_email",
            Purpose::ResetPassword => "switchboard:reset_password",
            Purpose::WebsocketTicket => "switchboard:ws",
        }
    }
}

/// Claims carried by every token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Subject (a user id).
    pub sub: String,
    /// Audience (the purpose).
    pub aud: String,
    /// Expiry (unix seconds).
    pub exp: i64,
    /// Issued at (unix seconds).
    pub iat: i64,
    /// Unique id, recorded when a single-use token is consumed.
    pub jti: String,
    /// Purpose-specific value (an email, a password-change time).
    #[serde(default)]
    pub ctx: String,
}

impl Auth {
    /// Signs a token for `purpose` about `sub`, valid for `ttl`.
    pub fn issue_token(
        &self,
        purpose: Purpose,
        sub: &str,
        ctx: &str,
        ttl: Duration,
    ) -> Result<String, AuthError> {
        let iat = now().timestamp();
        let claims = Claims {
            sub: sub.to_string(),
            aud: purpose.aud().to_string(),
            exp: iat + ttl.num_seconds(),
            iat,
            jti: new_id().to_string(),
            ctx: ctx.to_string(),
        };
        encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(self.cfg.token_secret.as_bytes()),
        )
        .map_err(|e| AuthError::Internal(e.to_string()))
    }

    /// Checks signature, algorithm, audience and expiry.
    pub fn verify_token(&self, purpose: Purpose, token: &str) -> Result<Claims, AuthError> {
        let mut v = Validation::new(Algorithm::HS256);
        v.set_audience(&[purpose.aud()]);
        v.set_required_spec_claims(&["exp", "aud", "sub"]);
        v.leeway = 0;
        decode::<Claims>(
            token.trim(),
            &DecodingKey::from_secret(self.cfg.token_secret.as_bytes()),
            &v,
        )
        .map(|d| d.claims)
        .map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => AuthError::TokenExpired,
            _ => AuthError::TokenInvalid,
        })
    }

    /// Records a token as used inside the caller's transaction; a second use fails `token_used`.
    pub(crate) async fn consume(
        &self,
        db: &impl ConnectionTrait,
        purpose: Purpose,
        claims: &Claims,
    ) -> Result<(), AuthError> {
        let row = used_token::ActiveModel {
            jti: Set(claims.jti.clone()),
            purpose: Set(purpose.aud().to_string()),
            used_at: Set(now()),
        };
        match used_token::Entity::insert(row)
            .exec_without_returning(db)
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if switchboard_db::is_unique_violation(&e) => Err(AuthError::TokenUsed),
            Err(e) => Err(e.into()),
        }
    }
}
