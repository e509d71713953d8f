//! actix-session storage backed by the `sessions` table (through the auth domain).

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use sea_orm::DatabaseConnection;
use switchboard_auth::sessions;

/// Sessions kept in the database.
#[derive(Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    /// A store on this pool.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn ttl(d: &Duration) -> chrono::Duration {
    chrono::Duration::seconds(d.whole_seconds())
}

type State = std::collections::HashMap<String, String>;

impl SessionStore for DbSessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        sessions::load(&self.db, key.as_ref())
            .await
            .map_err(|e| LoadError::Other(anyhow::anyhow!(e.to_string())))
    }

    async fn save(&self, state: State, d: &Duration) -> Result<SessionKey, SaveError> {
        let key = sessions::save(&self.db, &state, ttl(d))
            .await
            .map_err(|e| SaveError::Other(anyhow::anyhow!(e.to_string())))?;
        SessionKey::try_from(key).map_err(|e| SaveError::Other(anyhow::anyhow!(e.to_string())))
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        d: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        // A revoked session is not brought back: the update touches no row and the cookie keeps
        // pointing at nothing.
        sessions::update(&self.db, key.as_ref(), &state, ttl(d))
            .await
            .map_err(|e| UpdateError::Other(anyhow::anyhow!(e.to_string())))?;
        Ok(key)
    }

    async fn update_ttl(&self, key: &SessionKey, d: &Duration) -> Result<(), anyhow::Error> {
        sessions::touch(&self.db, key.as_ref(), ttl(d))
            .await
            .map_err(|e| anyhow::anyhow!(e.to_string()))
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        sessions::delete(&self.db, key.as_ref())
            .await
            .map_err(|e| anyhow::anyhow!(e.to_string()))
    }
}
