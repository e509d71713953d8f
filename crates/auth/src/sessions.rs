//! Server-side session storage. The cookie holds a random key; the table holds its SHA-256, the
//! user, the tenant and the state, so sessions survive restarts, are shared by every server
//! process, and can be revoked (sign out everywhere, suspension).

use std::collections::HashMap;

use chrono::Duration;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use switchboard_core::now;
use switchboard_db::entity::session::{self, Column, Entity};
use uuid::Uuid;

use crate::{AuthError, random_token, sha256_hex};

/// Session state: string keys to JSON-encoded values (as actix-session keeps them).
pub type State = HashMap<String, String>;

/// State key of the signed-in user id.
pub const USER_KEY: &str = "uid";
/// State key of the acting tenant id.
pub const TENANT_KEY: &str = "tid";
/// State key of the sign-in time (unix seconds), for the absolute timeout.
pub const SIGNED_IN_KEY: &str = "iat";
/// State key of the last time the session was seen (unix seconds), refreshed every few minutes.
pub const SEEN_KEY: &str = "seen";
/// State key of the CSRF token.
pub const CSRF_KEY: &str = "csrf";

fn uuid_field(state: &State, key: &str) -> Option<Uuid> {
    state
        .get(key)
        .and_then(|v| serde_json::from_str::<Uuid>(v).ok())
}

fn encode(state: &State) -> String {
    serde_json::to_string(state).unwrap_or_else(|_| "{}".into())
}

/// Loads a live session's state.
pub async fn load(db: &impl ConnectionTrait, key: &str) -> Result<Option<State>, AuthError> {
    let row = Entity::find_by_id(sha256_hex(key))
        .filter(Column::ExpiresAt.gt(now()))
        .one(db)
        .await?;
    Ok(row.and_then(|r| serde_json::from_str(&r.state).ok()))
}

/// Stores a new session and returns its key (256 random bits).
pub async fn save(
    db: &impl ConnectionTrait,
    state: &State,
    ttl: Duration,
) -> Result<String, AuthError> {
    let key = random_token(32);
    let row = session::ActiveModel {
        id: Set(sha256_hex(&key)),
        user_id: Set(uuid_field(state, USER_KEY)),
        tenant_id: Set(uuid_field(state, TENANT_KEY)),
        state: Set(encode(state)),
        created_at: Set(now()),
        expires_at: Set(now() + ttl),
    };
    Entity::insert(row).exec_without_returning(db).await?;
    Ok(key)
}

/// Replaces a session's state. Returns false when the session no longer exists (revoked).
pub async fn update(
    db: &impl ConnectionTrait,
    key: &str,
    state: &State,
    ttl: Duration,
) -> Result<bool, AuthError> {
    let res = Entity::update_many()
        .col_expr(Column::State, encode(state).into())
        .col_expr(Column::UserId, uuid_field(state, USER_KEY).into())
        .col_expr(Column::TenantId, uuid_field(state, TENANT_KEY).into())
        .col_expr(Column::ExpiresAt, (now() + ttl).into())
        .filter(Column::Id.eq(sha256_hex(key)))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// Extends a session's idle expiry.
pub async fn touch(db: &impl ConnectionTrait, key: &str, ttl: Duration) -> Result<(), AuthError> {
    Entity::update_many()
        .col_expr(Column::ExpiresAt, (now() + ttl).into())
        .filter(Column::Id.eq(sha256_hex(key)))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes one session.
pub async fn delete(db: &impl ConnectionTrait, key: &str) -> Result<(), AuthError> {
    Entity::delete_by_id(sha256_hex(key)).exec(db).await?;
    Ok(())
}

/// Ends every session of a user. Returns how many.
pub async fn revoke_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<u64, AuthError> {
    Ok(Entity::delete_many()
        .filter(Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Ends every session acting on a tenant. Returns how many.
pub async fn revoke_tenant(db: &impl ConnectionTrait, tenant_id: Uuid) -> Result<u64, AuthError> {
    Ok(Entity::delete_many()
        .filter(Column::TenantId.eq(tenant_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes expired sessions. Returns how many.
pub async fn purge_expired(db: &impl ConnectionTrait) -> Result<u64, AuthError> {
    Ok(Entity::delete_many()
        .filter(Column::ExpiresAt.lte(now()))
        .exec(db)
        .await?
        .rows_affected)
}
