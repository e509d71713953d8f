//! Sign-in throttling per account and per IP, stored in the database so that every server process
//! sees the same counts. A sliding window, never a permanent lockout.

use chrono::Duration;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use switchboard_core::{new_id, now};
use switchboard_db::entity::login_attempt::{self, Column, Entity};

use crate::{Auth, AuthError};

impl Auth {
    fn window(&self) -> Duration {
        Duration::seconds(self.cfg.throttle_window_secs)
    }

    /// Fails with `rate_limited` when `key` has `max` failures inside the window.
    pub(crate) async fn check_throttle(
        &self,
        db: &impl ConnectionTrait,
        key: &str,
        max: u64,
    ) -> Result<(), AuthError> {
        let since = now() - self.window();
        let q = Entity::find()
            .filter(Column::Key.eq(key))
            .filter(Column::CreatedAt.gt(since));
        let n = q.clone().count(db).await?;
        if n < max {
            return Ok(());
        }
        // The window frees a slot when the oldest failure inside it ages out.
        let oldest = q.order_by_asc(Column::CreatedAt).one(db).await?;
        let retry_after = oldest
            .map(|o| (o.created_at + self.window() - now()).num_seconds().max(1) as u64)
            .unwrap_or(1);
        Err(AuthError::RateLimited { retry_after })
    }

    /// Records a failure for `key` and forgets failures older than the window.
    pub(crate) async fn record_failure(
        &self,
        db: &impl ConnectionTrait,
        key: &str,
    ) -> Result<(), AuthError> {
        Entity::delete_many()
            .filter(Column::Key.eq(key))
            .filter(Column::CreatedAt.lt(now() - self.window()))
            .exec(db)
            .await?;
        let row = login_attempt::ActiveModel {
            id: Set(new_id()),
            key: Set(key.to_string()),
            created_at: Set(now()),
        };
        Entity::insert(row).exec_without_returning(db).await?;
        Ok(())
    }

    /// Clears an account's failures after a successful sign-in.
    pub(crate) async fn clear_failures(
        &self,
        db: &impl ConnectionTrait,
        key: &str,
    ) -> Result<(), AuthError> {
        Entity::delete_many()
            .filter(Column::Key.eq(key))
            .exec(db)
            .await?;
        Ok(())
    }
}
