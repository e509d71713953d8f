//! Shared vocabulary of Switchboard: identifiers, the tenant context, roles and permissions,
//! error codes and pagination. No I/O, no web framework, no database.

pub mod ctx;
pub mod error;
pub mod id;
pub mod page;
pub mod perm;

pub use ctx::{Actor, TenantCtx, TenantKind};
pub use error::{ErrorCode, ErrorKind};
pub use id::new_id;
pub use page::{Cursor, Page, PageParams};
pub use perm::{Permission, Role};

/// Current UTC time. One place so that tests and code agree on the clock source.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}
