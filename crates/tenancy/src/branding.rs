//! White-label branding per tenant, and its resolution for a request's Host header.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::OnConflict,
};
use switchboard_core::{TenantCtx, now};
use switchboard_db::entity::{tenant_branding, tenant_domain};
use switchboard_platform::audit;
use uuid::Uuid;

use crate::{TenancyError, tenants};

/// Branding fields; `None` inherits from the parent tenant, then the platform default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Branding {
    /// Product name shown in the app and emails.
    pub app_name: Option<String>,
    /// Logo image URL (https).
    pub logo_url: Option<String>,
    /// Primary colour, `#rrggbb`.
    pub primary_color: Option<String>,
    /// Support address shown to users.
    pub support_email: Option<String>,
}

/// Branding resolved for a request: every field filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Tenant whose host was used, if any.
    pub tenant_id: Option<Uuid>,
    /// Product name.
    pub app_name: String,
    /// Logo URL.
    pub logo_url: Option<String>,
    /// Primary colour.
    pub primary_color: String,
    /// Support address.
    pub support_email: Option<String>,
}

/// Default product name and colour.
pub const DEFAULT_APP_NAME: &str = "Switchboard";
/// Default primary colour.
pub const DEFAULT_COLOR: &str = "#4f46e5";

fn validate(b: &Branding) -> Result<Branding, TenancyError> {
    let trim = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let out = Branding {
        app_name: trim(&b.app_name),
        logo_url: trim(&b.logo_url),
        primary_color: trim(&b.primary_color).map(|c| c.to_lowercase()),
        support_email: trim(&b.support_email).map(|c| c.to_lowercase()),
    };
    if let Some(n) = &out.app_name
        && n.chars().count() > 60
    {
        return Err(TenancyError::invalid("app_name", "at most 60 characters"));
    }
    if let Some(u) = &out.logo_url
        && (!(u.starts_with("https://") || u.starts_with("http://"))
            || u.len() > 500
            || u.contains(char::is_whitespace))
    {
        return Err(TenancyError::invalid(
            "logo_url",
            "must be an http(s) URL of at most 500 characters",
        ));
    }
    if let Some(c) = &out.primary_color {
        let ok =
            c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
        if !ok {
            return Err(TenancyError::invalid(
                "primary_color",
                "must look like #4f46e5",
            ));
        }
    }
    if let Some(e) = &out.support_email {
        let ok = e.len() <= 254
            && e.split_once('@')
                .is_some_and(|(a, d)| !a.is_empty() && d.contains('.'));
        if !ok {
            return Err(TenancyError::invalid(
                "support_email",
                "must be an email address",
            ));
        }
    }
    Ok(out)
}

/// A tenant's own branding (not inherited).
pub async fn get(db: &impl ConnectionTrait, tenant_id: Uuid) -> Result<Branding, TenancyError> {
    let row = tenant_branding::Entity::find_by_id(tenant_id)
        .one(db)
        .await?;
    Ok(row
        .map(|r| Branding {
            app_name: r.app_name,
            logo_url: r.logo_url,
            primary_color: r.primary_color,
            support_email: r.support_email,
        })
        .unwrap_or_default())
}

/// Replaces the acting tenant's branding.
pub async fn put(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    b: &Branding,
) -> Result<Branding, TenancyError> {
    let b = validate(b)?;
    let row = tenant_branding::ActiveModel {
        tenant_id: Set(ctx.tenant_id),
        app_name: Set(b.app_name.clone()),
        logo_url: Set(b.logo_url.clone()),
        primary_color: Set(b.primary_color.clone()),
        support_email: Set(b.support_email.clone()),
        updated_at: Set(now()),
    };
    use tenant_branding::Column as C;
    tenant_branding::Entity::insert(row)
        .on_conflict(
            OnConflict::column(C::TenantId)
                .update_columns([
                    C::AppName,
                    C::LogoUrl,
                    C::PrimaryColor,
                    C::SupportEmail,
                    C::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    audit::record(
        db,
        ctx,
        "branding.updated",
        "tenant",
        Some(ctx.tenant_id.to_string()),
        None,
    )
    .await?;
    Ok(b)
}

/// Effective branding of a tenant: its own fields, then its parent's, then the defaults.
pub async fn effective(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
) -> Result<Resolved, TenancyError> {
    let mut out = Branding::default();
    let mut next = Some(tenant_id);
    // Three levels at most: customer → agency → platform.
    for _ in 0..3 {
        let Some(id) = next else { break };
        let own = get(db, id).await?;
        out.app_name = out.app_name.or(own.app_name);
        out.logo_url = out.logo_url.or(own.logo_url);
        out.primary_color = out.primary_color.or(own.primary_color);
        out.support_email = out.support_email.or(own.support_email);
        next = tenants::by_id(db, id).await.ok().and_then(|t| t.parent_id);
    }
    Ok(Resolved {
        tenant_id: Some(tenant_id),
        app_name: out.app_name.unwrap_or_else(|| DEFAULT_APP_NAME.into()),
        logo_url: out.logo_url,
        primary_color: out.primary_color.unwrap_or_else(|| DEFAULT_COLOR.into()),
        support_email: out.support_email,
    })
}

/// Finds the tenant a Host header names: `<slug>.<base_domain>` or a verified custom domain.
pub async fn tenant_for_host(
    db: &impl ConnectionTrait,
    host: &str,
    base_domain: Option<&str>,
) -> Result<Option<Uuid>, TenancyError> {
    let host = host
        .split(':')
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_lowercase();
    if host.is_empty() {
        return Ok(None);
    }
    if let Some(base) = base_domain.map(|b| b.trim_start_matches('.').to_lowercase())
        && let Some(slug) = host.strip_suffix(&format!(".{base}"))
        && !slug.contains('.')
    {
        return Ok(tenants::by_slug(db, slug).await.ok().map(|t| t.id));
    }
    let domain = tenant_domain::Entity::find()
        .filter(tenant_domain::Column::Domain.eq(host))
        .filter(tenant_domain::Column::VerifiedAt.is_not_null())
        .one(db)
        .await?;
    Ok(match domain {
        Some(d) => tenants::by_id(db, d.tenant_id).await.ok().map(|t| t.id),
        None => None,
    })
}

/// Branding for a request's host, falling back to the platform's.
pub async fn for_host(
    db: &impl ConnectionTrait,
    host: &str,
    base_domain: Option<&str>,
    platform_id: Uuid,
) -> Result<Resolved, TenancyError> {
    match tenant_for_host(db, host, base_domain).await? {
        Some(id) => effective(db, id).await,
        None => {
            let mut r = effective(db, platform_id).await?;
            r.tenant_id = None;
            Ok(r)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_urls_and_emails_are_checked() {
        let ok = Branding {
            app_name: Some(" Acme Voice ".into()),
            logo_url: Some("https://cdn.example.com/logo.png".into()),
            primary_color: Some("#AABBCC".into()),
            support_email: Some("Help@Acme.test".into()),
        };
        let v = validate(&ok).ok();
        assert_eq!(
            v.as_ref().and_then(|b| b.primary_color.clone()).as_deref(),
            Some("#aabbcc")
        );
        assert_eq!(v.and_then(|b| b.app_name).as_deref(), Some("Acme Voice"));
        for bad in [
            Branding {
                primary_color: Some("red".into()),
                ..Default::default()
            },
            Branding {
                logo_url: Some("javascript:alert(1)".into()),
                ..Default::default()
            },
            Branding {
                support_email: Some("nope".into()),
                ..Default::default()
            },
        ] {
            assert!(validate(&bad).is_err(), "{bad:?}");
        }
    }
}
