//! Hand-written entities, one module per table, with types that behave the same on SQLite and
//! PostgreSQL (UUIDs, UTC timestamps, text for lists and JSON details).

pub mod agent;
pub mod agent_version;
pub mod api_key;
pub mod audit_log;
pub mod call;
pub mod call_segment;
pub mod chat_message;
pub mod chat_session;
pub mod credit_account;
pub mod credit_entry;
pub mod custom_role;
pub mod email_outbox;
pub mod invitation;
pub mod job;
pub mod login_attempt;
pub mod membership;
pub mod phone_number;
pub mod plan;
pub mod session;
pub mod system_setting;
pub mod tenant;
pub mod tenant_branding;
pub mod tenant_domain;
pub mod tenant_secret;
pub mod tenant_setting;
pub mod used_token;
pub mod user;
pub mod webhook_event;

/// UTC timestamp as stored.
pub type Ts = chrono::DateTime<chrono::Utc>;

macro_rules! tenant_owned {
    () => {
        impl crate::TenantColumn for Column {
            fn tenant() -> Self {
                Column::TenantId
            }
        }
    };
}
pub(crate) use tenant_owned;
