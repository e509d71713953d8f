//! Who is calling: phone numbers parsed to E.164 (with the `phonenumber` crate, a port of
//! libphonenumber's metadata), and the lookup providers call by number to fill conversation
//! initiation data. Until contacts are imported, the lookup answers the tenant's caller defaults.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use switchboard_platform::tenant_settings;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::TelephonyError;

const DEFAULTS_KEY: &str = "caller_defaults";
/// Most variables a tenant may set as caller defaults.
pub const MAX_VARIABLES: usize = 50;

/// Parses a phone number to E.164 (`+43123456789`). Numbers without a `+` country code are read
/// in `region` (ISO 3166 alpha-2, e.g. `AT`) when given.
pub fn to_e164(
    field: &'static str,
    raw: &str,
    region: Option<&str>,
) -> Result<String, TelephonyError> {
    let bad = |message: &str| TelephonyError::Invalid {
        field,
        message: message.to_string(),
    };
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(bad("a phone number is required"));
    }
    let country = match region {
        Some(r) => Some(
            r.to_ascii_uppercase()
                .parse::<phonenumber::country::Id>()
                .map_err(|_| bad("unknown country code"))?,
        ),
        None => None,
    };
    let n = phonenumber::parse(country, raw)
        .map_err(|_| bad("not a phone number; use the international form, e.g. +14155550123"))?;
    if !phonenumber::is_valid(&n) {
        return Err(bad("not a valid phone number for its country"));
    }
    Ok(n.format().mode(phonenumber::Mode::E164).to_string())
}

/// What a tenant says about callers it does not know.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct CallerDefaults {
    /// Name to greet an unknown caller by (empty: none).
    #[serde(default)]
    pub name: Option<String>,
    /// Prompt variables for unknown callers, e.g. `{"customer_tier": "standard"}`.
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
}

fn valid_key(k: &str) -> bool {
    let mut chars = k.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && k.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

impl CallerDefaults {
    /// Checks sizes and variable names; the error names the field.
    pub fn validate(&self) -> Result<(), TelephonyError> {
        if self.name.as_ref().is_some_and(|n| n.chars().count() > 200) {
            return Err(TelephonyError::Invalid {
                field: "name",
                message: "at most 200 characters".into(),
            });
        }
        if self.variables.len() > MAX_VARIABLES {
            return Err(TelephonyError::Invalid {
                field: "variables",
                message: format!("at most {MAX_VARIABLES} variables"),
            });
        }
        for (k, v) in &self.variables {
            if !valid_key(k) {
                return Err(TelephonyError::Invalid {
                    field: "variables",
                    message: format!(
                        "`{k}`: names start with a letter or `_` and use letters, digits, `_` and `.` (at most 64)"
                    ),
                });
            }
            if v.chars().count() > 1000 {
                return Err(TelephonyError::Invalid {
                    field: "variables",
                    message: format!("`{k}`: values are at most 1,000 characters"),
                });
            }
        }
        Ok(())
    }
}

/// The tenant's caller defaults.
pub async fn defaults(
    db: &impl sea_orm::ConnectionTrait,
    tenant_id: Uuid,
) -> Result<CallerDefaults, TelephonyError> {
    Ok(tenant_settings::get(db, tenant_id, DEFAULTS_KEY)
        .await?
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default())
}

/// Replaces the tenant's caller defaults (validated first; nothing changes on error).
pub async fn set_defaults(
    db: &impl sea_orm::ConnectionTrait,
    ctx: &switchboard_core::TenantCtx,
    d: &CallerDefaults,
) -> Result<CallerDefaults, TelephonyError> {
    d.validate()?;
    let mut d = d.clone();
    d.name = d
        .name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    tenant_settings::set(
        db,
        ctx.tenant_id,
        DEFAULTS_KEY,
        &serde_json::to_value(&d).unwrap_or_default(),
    )
    .await?;
    switchboard_platform::audit::record(
        db,
        ctx,
        "caller_defaults.updated",
        "tenant",
        Some(ctx.tenant_id.to_string()),
        Some(serde_json::json!({ "variables": d.variables.len() })),
    )
    .await?;
    Ok(d)
}

/// The answer of a lookup by phone number.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct ContactLookup {
    /// The number, E.164.
    pub phone: String,
    /// Whether a contact has this number (false until contacts are imported).
    pub found: bool,
    /// The contact, when found.
    pub contact_id: Option<Uuid>,
    /// The contact's name, else the tenant's default name.
    pub name: Option<String>,
    /// The contact's variables over the tenant's defaults.
    pub variables: BTreeMap<String, String>,
}

/// Looks a caller up by number in the tenant's contacts; unknown callers get the tenant's
/// defaults.
pub async fn lookup(
    db: &impl sea_orm::ConnectionTrait,
    tenant_id: Uuid,
    phone_e164: &str,
) -> Result<ContactLookup, TelephonyError> {
    let d = defaults(db, tenant_id).await?;
    Ok(ContactLookup {
        phone: phone_e164.to_string(),
        found: false,
        contact_id: None,
        name: d.name,
        variables: d.variables,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_e164_and_bad_ones_name_the_field() {
        assert_eq!(
            to_e164("phone", "+43 1 5123456", None).ok().as_deref(),
            Some("+4315123456")
        );
        assert_eq!(
            to_e164("phone", "(415) 555-2671", Some("us"))
                .ok()
                .as_deref(),
            Some("+14155552671")
        );
        for bad in ["", "hello", "+1 555", "12"] {
            match to_e164("phone", bad, None) {
                Err(TelephonyError::Invalid { field, .. }) => assert_eq!(field, "phone"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn defaults_are_checked() {
        let mut d = CallerDefaults::default();
        d.variables.insert("customer.tier".into(), "gold".into());
        assert!(d.validate().is_ok());
        d.variables.insert("1bad".into(), "x".into());
        assert!(d.validate().is_err());
    }
}
