//! Identifiers. Every entity id is a UUIDv7 (time-ordered, so keyset pagination by id follows
//! creation order).

use uuid::Uuid;

/// A fresh UUIDv7.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
